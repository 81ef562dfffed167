import {showContacts} from '../contacts/service.js'
import {UserError, XmError} from '../errors/index.js'
import {consoleLanguage, formatList, t} from '../i18n/index.js'
import type {Workspace} from '../workspace.js'
import {nearest} from './near.js'

/**
 * Runs `work`; a CONTACT_NOT_FOUND it throws gets the nearest names of the contact book first
 * among its suggestions (`contacts set Mamy` → "Did you mean Mamie or Mami?", issue 16). The
 * book is read again only then, on the error's path.
 */
export function withNearContactNames<R>(workspace: Workspace, selector: string, work: () => R): R {
  try {
    return work()
  } catch (error) {
    if (!(error instanceof XmError) || error.code !== 'CONTACT_NOT_FOUND') throw error
    let names: string[] = []
    try {
      const {contacts} = showContacts(workspace)
      names = nearest(
        selector,
        contacts.flatMap((c) => [c.name, ...c.aliases]),
        {words: true},
      )
    } catch {
      // The suggestion is a help, never a second failure.
    }
    if (names.length === 0) throw error
    const quoted = names.map((name) => t('commands.contacts.quoted', {name}))
    throw new UserError(error.code, error.message, {
      cause: error.cause,
      exitCode: error.exitCode,
      suggestions: [t('commands.contacts.didYouMean', {names: formatList(consoleLanguage(), quoted, 'disjunction')}), ...error.suggestions],
    })
  }
}
