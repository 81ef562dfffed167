import {resolve} from 'node:path'

import {Flags} from '@oclif/core'

import type {StoredCredentials} from '../credentials/credentials-file.js'
import {UserError} from '../errors/index.js'
import {DEFAULT_TIMEOUT_MS, type ConnectionSettings} from './account.js'

/**
 * The flags of every command that connects to XMPP. Spread them into a command's `flags`:
 * `static flags = {...connectionFlags, …}`. Passwords never come from a flag value (it would
 * show in `ps`): stored credentials, a hidden prompt, or `--password-stdin`.
 */
export const connectionFlags = {
  jid: Flags.string({
    summary: 'Your XMPP address (name@server). Default: the account stored in the workspace.',
    env: 'XMPP_MIGRATE_JID',
    helpGroup: 'CONNECTION',
  }),
  host: Flags.string({
    summary: 'Connect to this server name or IP instead of looking it up in DNS (the certificate is still checked against your domain).',
    helpGroup: 'CONNECTION',
  }),
  port: Flags.integer({summary: 'Connect to this port (default 5222, or 5223 with --direct-tls).', min: 1, max: 65_535, helpGroup: 'CONNECTION'}),
  'direct-tls': Flags.boolean({summary: 'Use TLS from the first byte (XEP-0368) instead of STARTTLS.', helpGroup: 'CONNECTION'}),
  ca: Flags.string({
    summary: 'PEM file of an extra certificate authority to trust (self-hosted or test servers), added to the system ones.',
    env: 'XMPP_MIGRATE_CA',
    helpGroup: 'CONNECTION',
  }),
  timeout: Flags.integer({summary: 'Seconds to wait for the server.', default: DEFAULT_TIMEOUT_MS / 1000, min: 1, max: 600, helpGroup: 'CONNECTION'}),
  'password-stdin': Flags.boolean({summary: 'Read the password from standard input (e.g. piped from a password manager).', helpGroup: 'CONNECTION'}),
}

/** The parsed values of {@link connectionFlags}. */
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
    throw new UserError('NO_ACCOUNT', 'No XMPP account is set for this workspace.', {
      suggestions: ['Create one with `xmpp-migrate account create name@server`, or log in with `xmpp-migrate account login name@server`.', 'Or name it with --jid.'],
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
