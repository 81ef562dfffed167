import {readFileSync, rmSync} from 'node:fs'

import {UserError, XmError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {saveCredentials, type StoredCredentials} from './credentials-file.js'
import {t} from '../i18n/index.js'

/**
 * Password of an account being created, written (0600) before registering and removed once the
 * credentials are saved: a run that registers the account and then cannot save (a full disk, a
 * crash, Ctrl-C) never loses the password; the next run logs in with it instead of failing on
 * "already taken" (issue 14). Shared by `account create` and `migrate`.
 */
export const PENDING_ACCOUNT_FILE = 'account-pending.json'

/** The pending password for `jid` left by an earlier run, or null. */
export function readPendingAccount(workspace: Workspace, jid: string): string | null {
  try {
    const pending = JSON.parse(readFileSync(workspace.path(PENDING_ACCOUNT_FILE), 'utf8')) as {jid?: unknown; password?: unknown}
    return pending.jid === jid && typeof pending.password === 'string' ? pending.password : null
  } catch {
    return null
  }
}

/**
 * Keeps `password` safe before the account is registered. Fails (before anything is asked of the
 * server) with the workspace's FILE_* UserErrors, e.g. FILE_DISK_FULL naming the file.
 */
export function writePendingAccount(workspace: Workspace, jid: string, password: string): void {
  workspace.ensure().writeSecretFile(PENDING_ACCOUNT_FILE, `${JSON.stringify({jid, password})}\n`)
}

/**
 * Creates an account without ever losing its password: an earlier run's pending password is tried
 * first (`resume`: log in with it; null when it does not work), else `password` is written to the
 * pending file and `register` runs. Resolves with the session and the password the account has.
 */
export async function createKeepingPassword<S>(
  workspace: Workspace,
  jid: string,
  password: string,
  steps: {resume: (pending: string) => Promise<S | null>; register: (password: string) => Promise<S>},
): Promise<{session: S; password: string; resumed: boolean}> {
  const pending = readPendingAccount(workspace, jid)
  if (pending !== null) {
    const session = await steps.resume(pending)
    if (session !== null) return {session, password: pending, resumed: true}
  }
  writePendingAccount(workspace, jid, password)
  return {session: await steps.register(password), password, resumed: false}
}

/**
 * Saves the credentials of a created account, then removes the pending file. If saving fails, the
 * account exists: the error says so, keeps the pending file (the next run picks it up), and shows
 * the password when `showPassword` (a generated one the person has not seen). Fails with
 * ACCOUNT_CREATED_NOT_SAVED, whose cause is the file error.
 */
export function saveCreatedAccount(workspace: Workspace, credentials: StoredCredentials, options: {showPassword: boolean}): string {
  let file: string
  try {
    file = saveCredentials(workspace, credentials)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    const pendingKept = readPendingAccount(workspace, credentials.jid) === credentials.password
    throw new UserError(
      'ACCOUNT_CREATED_NOT_SAVED',
      `${t('errors.account.createdNotSaved', {jid: credentials.jid})} ${why}${options.showPassword ? `\n${t('errors.account.showPassword', {password: credentials.password})}` : ''}`,
      {
        cause: error,
        suggestions: [
          ...(error instanceof XmError ? error.suggestions.slice(0, 1) : []),
          pendingKept
            ? t('errors.account.rerunPending', {file: workspace.path(PENDING_ACCOUNT_FILE)})
            : t('errors.account.storeWithLogin', {jid: credentials.jid}),
        ],
      },
    )
  }
  rmSync(workspace.path(PENDING_ACCOUNT_FILE), {force: true})
  return file
}
