import {XmError} from './XmError.js'

/** Something that should never happen: a bug in xmpp-migrate. Printed with a request to report it. */
export class BugError extends XmError {
  constructor(message: string, options: {cause?: unknown} = {}) {
    super('BUG', message, {
      ...options,
      suggestions: ['This is a bug in xmpp-migrate. Run again with DEBUG=xmpp-migrate* and report the output (it never contains passwords).'],
    })
    this.name = 'BugError'
  }
}
