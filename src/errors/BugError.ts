import {t} from '../i18n/index.js'

import {XmError} from './XmError.js'

/** Something that should never happen: a bug in xmpp-migrate. Printed with a request to report it. */
export class BugError extends XmError {
  constructor(message: string, options: {cause?: unknown} = {}) {
    super('BUG', message, {
      ...options,
      suggestions: [t('errors.bug')],
    })
    this.name = 'BugError'
  }
}
