import {XmError} from './XmError.js'

/**
 * Something the person can fix: bad input, a wrong password, a server that says no.
 * Printed without a stack trace, with its suggestions.
 */
export class UserError extends XmError {
  constructor(code: string, message: string, options: {cause?: unknown; suggestions?: string[]; exitCode?: number} = {}) {
    super(code, message, {exitCode: 2, ...options})
    this.name = 'UserError'
  }
}
