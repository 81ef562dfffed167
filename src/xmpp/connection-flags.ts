import {resolve} from 'node:path'

import type {StoredCredentials} from '../credentials/credentials-file.js'
import {UserError} from '../errors/index.js'
import {DEFAULT_TIMEOUT_MS, type ConnectionSettings} from './account.js'
import {t} from '../i18n/index.js'

/** The parsed values of the connection flags (`connectionFlags` of src/ui/connection-flags.ts). */
export interface ConnectionFlagValues {
  jid?: string
  host?: string
  port?: number
  'direct-tls'?: boolean
  ca?: string
  timeout?: number
  'password-stdin'?: boolean
}

/**
 * Merges flags with the stored account: flags win; the stored host/port/TLS/CA apply when the
 * JID is the stored one. `jidArgument` (a command's positional argument) wins over `--jid`.
 * Fails with NO_ACCOUNT when no JID is known at all.
 */
export function connectionSettingsFrom(flags: ConnectionFlagValues, stored: StoredCredentials | null, jidArgument?: string): ConnectionSettings {
  const jid = jidArgument ?? flags.jid ?? stored?.jid
  if (jid === undefined) {
    throw new UserError('NO_ACCOUNT', t('errors.account.noneSet'), {
      suggestions: [t('errors.account.noneFix'), t('errors.account.orJidFlag')],
    })
  }
  const same = stored !== null && stored.jid === jid.trim().toLowerCase()
  const fromStore = same ? stored : null
  const host = flags.host ?? fromStore?.host
  const port = flags.port ?? fromStore?.port
  const directTls = flags['direct-tls'] || fromStore?.directTls
  const ca = flags.ca ?? fromStore?.ca
  return {
    jid,
    ...(host !== undefined ? {host} : {}),
    ...(port !== undefined ? {port} : {}),
    ...(directTls ? {directTls: true} : {}),
    ...(ca !== undefined ? {caFile: resolve(ca)} : {}),
    timeoutMs: (flags.timeout ?? DEFAULT_TIMEOUT_MS / 1000) * 1000,
  }
}
