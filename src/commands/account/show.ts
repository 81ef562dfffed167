import {Flags} from '@oclif/core'

import {showWorkspaceAccount, type AccountShowResult} from '../../account/account-service.js'
import {BaseCommand} from '../../base-command.js'
import {CREDENTIALS_FILE} from '../../credentials/credentials-file.js'
import {t} from '../../i18n/index.js'

export type {AccountShowResult} from '../../account/account-service.js'

function yesNo(value: boolean): string {
  return t(value ? 'commands.accountShow.yes' : 'commands.accountShow.no')
}

/** The upload service and its size limit: "upload.example.org, up to 10 MiB per file". */
function upload2(jid: string, maxFileSize: number | undefined | null): string {
  return maxFileSize ? t('commands.accountShow.uploadLimit', {jid, mib: Math.round(maxFileSize / 1024 / 1024)}) : jid
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
      this.log(t('commands.accountShow.account', {jid: result.jid}))
      if (result.password !== undefined) this.log(t('commands.accountShow.password', {password: result.password}))
      // i18n-ignore: a command line or flag value to type, not words to translate
      else this.log(t('commands.accountShow.passwordHidden', {command: 'xmpp-migrate account show --password', file: this.workspace.path(CREDENTIALS_FILE)}))
      if (connection.host || connection.port) {
        const address = `${connection.host ?? '(DNS)'}:${connection.port ?? (connection.directTls ? 5223 : 5222)}`
        this.log(t('commands.accountShow.serverAddress', {address, directTls: connection.directTls === true ? 'yes' : 'no'}))
      }
      if (connection.ca) this.log(t('commands.accountShow.ca', {file: connection.ca}))
      this.log(t('commands.accountShow.verifiedAt', {when: result.verifiedAt}))
      if (server) {
        this.log(t('commands.accountShow.software', {software: server.software ? `${server.software.name} ${server.software.version}` : t('commands.account.notDisclosed')}))
        this.log(t('commands.accountShow.muc', {muc: server.muc?.jid ?? t('commands.account.noneFound')}))
        const upload = server.upload
          ? upload2(server.upload.jid, server.upload.maxFileSize)
          : t('commands.account.noneFound')
        this.log(t('commands.accountShow.upload', {upload}))
        this.log(t('commands.accountShow.mam', {answer: yesNo(server.mam)}))
        this.log(t('commands.accountShow.bookmarks', {answer: yesNo(server.bookmarks2)}))
        this.log(t('commands.accountShow.invites', {contacts: yesNo(server.invites.contactInvites), accounts: yesNo(server.invites.accountInvites)}))
        this.log(t('commands.accountShow.discoveredAt', {when: server.discoveredAt}))
      } else {
        // i18n-ignore: a command line or flag value to type, not words to translate
        this.log(t('commands.accountShow.serverUnknown', {command: 'xmpp-migrate account login'}))
      }
    }
    return result
  }
}
