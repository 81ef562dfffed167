import {Args} from '@oclif/core'

import {loginWorkspaceAccount, type AccountLoginResult} from '../../account/account-service.js'
import {BaseCommand} from '../../base-command.js'
import {t} from '../../i18n/index.js'
import {connectionFlags} from '../../ui/connection-flags.js'

export type {AccountLoginResult} from '../../account/account-service.js'

export default class AccountLogin extends BaseCommand<typeof AccountLogin> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Check an existing XMPP account\'s password, discover its server, and store both in the workspace.'

  static override examples = [
    '<%= config.bin %> account login marie@chat.example.org',
    'printf %s "$PW" | <%= config.bin %> account login marie@chat.example.org --password-stdin',
  ]

  static override args = {
    jid: Args.string({description: 'Your address (name@server); or use --jid.', required: false, ignoreStdin: true}),
  }

  static override flags = {...connectionFlags}

  async run(): Promise<AccountLoginResult> {
    const {args} = await this.parse(AccountLogin)
    const result = await loginWorkspaceAccount(this.workspace, {connection: this.flags, ...(args.jid !== undefined ? {jidArgument: args.jid} : {})})
    if (!this.jsonEnabled()) {
      const {server} = result
      this.log(t('commands.accountLogin.loggedIn', {jid: result.jid, file: result.credentialsFile}))
      this.log(
        t('commands.accountLogin.server', {
          software: server.software ? `${server.software.name} ${server.software.version}` : t('commands.account.notDisclosed'),
          muc: server.muc?.jid ?? t('commands.account.noneFound'),
        }),
      )
    }
    return result
  }
}
