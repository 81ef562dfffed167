import {existsSync, readFileSync, statSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {t} from '../i18n/index.js'

/** Name of the credentials file inside the workspace. */
export const CREDENTIALS_FILE = 'credentials.json'

/** The account xmpp-migrate acts as, and how to reach its server. Stored mode 0600. */
export interface StoredCredentials {
  /** File format version. */
  version: 1
  /** Bare JID of the account. */
  jid: string
  /** Its password (secret: never printed unless asked, never logged). */
  password: string
  /** `--host` override, if one was needed. */
  host?: string
  /** `--port` override. */
  port?: number
  /** `--direct-tls` (XEP-0368). */
  directTls?: boolean
  /** Absolute path of the `--ca` PEM file, if one was needed. */
  ca?: string
  /** When these credentials were last checked by a successful login (ISO 8601 UTC). */
  verifiedAt: string
}

/**
 * Writes the credentials (created 0600 before any byte is written, via Workspace.writeSecretFile).
 * Returns the file's path.
 */
export function saveCredentials(workspace: Workspace, credentials: StoredCredentials): string {
  workspace.ensure()
  return workspace.writeSecretFile(CREDENTIALS_FILE, `${JSON.stringify(credentials, null, 2)}\n`)
}

/**
 * Reads the stored credentials, or null when there are none.
 * Fails with a UserError CREDENTIALS_UNREADABLE when the file is damaged, and
 * CREDENTIALS_TOO_OPEN when others can read it (it holds a password).
 */
export function loadCredentials(workspace: Workspace): StoredCredentials | null {
  const file = workspace.path(CREDENTIALS_FILE)
  if (!existsSync(file)) return null
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new UserError('CREDENTIALS_TOO_OPEN', t('errors.account.credentialsTooOpen', {file}), {
      suggestions: [t('errors.account.credentialsChmod', {file}), t('errors.account.considerChangingPassword')],
    })
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredCredentials>
    if (parsed.version !== 1 || typeof parsed.jid !== 'string' || typeof parsed.password !== 'string') throw new Error(t('errors.account.credentialsIncomplete'))
    return parsed as StoredCredentials
  } catch (error) {
    throw new UserError('CREDENTIALS_UNREADABLE', t('errors.account.credentialsDamaged', {file, why: (error as Error).message}), {
      cause: error,
      suggestions: [t('errors.account.credentialsLoginAgain')],
    })
  }
}

/**
 * The credentials to store after a successful login: the JID, the password, and the connection
 * overrides that were needed to reach the server (so later commands connect the same way).
 */
export function credentialsAfterLogin(
  jid: string,
  password: string,
  settings: {host?: string; port?: number; directTls?: boolean; caFile?: string},
): StoredCredentials {
  return {
    version: 1,
    jid,
    password,
    ...(settings.host !== undefined ? {host: settings.host} : {}),
    ...(settings.port !== undefined ? {port: settings.port} : {}),
    ...(settings.directTls ? {directTls: true} : {}),
    ...(settings.caFile !== undefined ? {ca: settings.caFile} : {}),
    verifiedAt: new Date().toISOString(),
  }
}
