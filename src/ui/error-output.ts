import {Errors} from '@oclif/core'

import {t} from '../i18n/index.js'
import {terminalSafe} from './terminal-text.js'

/**
 * An error as oclif prints it for a person, with its words in the console's language: oclif
 * writes "Error: …", "Try this:" and "Code: …" in English, so the header word is passed as the
 * error's name and the suggestions and code are written into the message. Message and
 * suggestions are made terminalSafe (they may name a file or a chat).
 */
export function printableError(message: string, suggestions: readonly string[], code: string, exit: number): Errors.CLIError {
  const tries = suggestions.length === 0 ? '' : `\n${t('cli.tryThis')}\n${suggestions.map((s) => `  * ${terminalSafe(s)}`).join('\n')}`
  const error = new Errors.CLIError(`${terminalSafe(message)}${tries}\n${t('cli.codeLine', {code})}`, {exit})
  error.name = t('cli.errorName')
  return error
}
