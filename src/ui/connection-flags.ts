import {Flags} from '@oclif/core'

import {DEFAULT_TIMEOUT_MS} from '../xmpp/account.js'

/** Seconds a command waits for the server by default (`--timeout`). */
export const DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_MS / 1000

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
  timeout: Flags.integer({summary: 'Seconds to wait for the server.', default: DEFAULT_TIMEOUT_SECONDS, min: 1, max: 600, helpGroup: 'CONNECTION'}),
  'password-stdin': Flags.boolean({summary: 'Read the password from standard input (e.g. piped from a password manager).', helpGroup: 'CONNECTION'}),
}

