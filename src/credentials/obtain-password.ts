import {t} from '../i18n/index.js'
import type {StoredCredentials} from './credentials-file.js'
import {promptHidden, readPasswordFromStdin} from './password-input.js'

/** Where a password came from. */
export type PasswordSource = 'stdin' | 'stored' | 'prompt'

/**
 * The password for `jid`, from (in order) standard input when `--password-stdin`, the stored
 * credentials when they are for the same account (unless `preferPrompt`), or a hidden prompt.
 * Fails with the UserErrors of readPasswordFromStdin / promptHidden.
 */
export async function obtainPassword(options: {jid: string; passwordStdin: boolean; stored: StoredCredentials | null; preferPrompt?: boolean}): Promise<{password: string; source: PasswordSource}> {
  if (options.passwordStdin) return {password: await readPasswordFromStdin(), source: 'stdin'}
  const stored = options.stored
  if (!options.preferPrompt && stored && stored.jid === options.jid) return {password: stored.password, source: 'stored'}
  return {password: await promptHidden(t('prompts.passwordFor', {jid: options.jid})), source: 'prompt'}
}
