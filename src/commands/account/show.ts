import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {CREDENTIALS_FILE, loadCredentials} from '../../credentials/credentials-file.js'
import {UserError} from '../../errors/index.js'
import type {ServerInfo} from '../../xmpp/discovery.js'
import {loadServerInfo} from '../../xmpp/server-info-file.js'

/** JSON result of `account show`. */
export interface AccountShowResult {
  /** The stored account. */
  jid: string
  /** Only with --password. */
  password?: string
  /** Stored connection overrides. */
  connection: {host?: string; port?: number; directTls?: boolean; ca?: string}
  /** When the credentials last logged in successfully. */
  verifiedAt: string
  /** The stored discovery summary, or null. */
  server: ServerInfo | null
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no'
}

export default class AccountShow extends BaseCommand<typeof AccountShow> {
  static override summary = 'Show the workspace\'s XMPP account and what its server offers.'

  static override flags = {
    password: Flags.boolean({summary: 'Also print the password (mind who is looking at your screen).'}),
  }

  async run(): Promise<AccountShowResult> {
    const flags = this.flags
    const workspace = this.workspace
    const stored = loadCredentials(workspace)
    if (!stored) {
      throw new UserError('NO_ACCOUNT', `No account is stored in ${workspace.dir} (no ${CREDENTIALS_FILE}).`, {
        suggestions: ['Create one with `xmpp-migrate account create name@server` or log in with `xmpp-migrate account login name@server`.'],
      })
    }
    const server = loadServerInfo(workspace)
    const connection = {
      ...(stored.host !== undefined ? {host: stored.host} : {}),
      ...(stored.port !== undefined ? {port: stored.port} : {}),
      ...(stored.directTls ? {directTls: true} : {}),
      ...(stored.ca !== undefined ? {ca: stored.ca} : {}),
    }
    if (!this.jsonEnabled()) {
      this.log(`Account: ${stored.jid}`)
      if (flags.password) this.log(`Password: ${stored.password}`)
      if (connection.host || connection.port) this.log(`Server address: ${connection.host ?? '(DNS)'}:${connection.port ?? (connection.directTls ? 5223 : 5222)}${connection.directTls ? ' (direct TLS)' : ''}`)
      if (connection.ca) this.log(`Extra trusted CA: ${connection.ca}`)
      this.log(`Last successful login: ${stored.verifiedAt}`)
      if (server) {
        this.log(`Server software: ${server.software ? `${server.software.name} ${server.software.version}` : 'not disclosed'}`)
        this.log(`Group chats (MUC): ${server.muc?.jid ?? 'none found'}`)
        this.log(`File upload (XEP-0363): ${server.upload ? `${server.upload.jid}${server.upload.maxFileSize ? `, up to ${Math.round(server.upload.maxFileSize / 1024 / 1024)} MiB per file` : ''}` : 'none found'}`)
        this.log(`Message archive (MAM): ${yesNo(server.mam)}`)
        this.log(`Bookmarks (XEP-0402): ${yesNo(server.bookmarks2)}`)
        this.log(`Invitations (XEP-0401): contacts ${yesNo(server.invites.contactInvites)}, new accounts ${yesNo(server.invites.accountInvites)}`)
        this.log(`Discovered: ${server.discoveredAt}`)
      } else {
        this.log('Server details: unknown (run `xmpp-migrate account login` to discover them).')
      }
    }
    return {jid: stored.jid, ...(flags.password ? {password: stored.password} : {}), connection, verifiedAt: stored.verifiedAt, server}
  }
}
