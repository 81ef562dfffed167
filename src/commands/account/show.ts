import {Flags} from '@oclif/core'

import {showWorkspaceAccount, type AccountShowResult} from '../../account/account-service.js'
import {BaseCommand} from '../../base-command.js'

export type {AccountShowResult} from '../../account/account-service.js'

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
    const result = showWorkspaceAccount(this.workspace, {withPassword: flags.password})
    const {connection, server} = result
    if (!this.jsonEnabled()) {
      this.log(`Account: ${result.jid}`)
      if (result.password !== undefined) this.log(`Password: ${result.password}`)
      if (connection.host || connection.port) this.log(`Server address: ${connection.host ?? '(DNS)'}:${connection.port ?? (connection.directTls ? 5223 : 5222)}${connection.directTls ? ' (direct TLS)' : ''}`)
      if (connection.ca) this.log(`Extra trusted CA: ${connection.ca}`)
      this.log(`Last successful login: ${result.verifiedAt}`)
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
    return result
  }
}
