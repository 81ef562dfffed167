import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {loadCredentials, credentialsAfterLogin, saveCredentials} from '../../credentials/credentials-file.js'
import {obtainPassword} from '../../credentials/obtain-password.js'
import {loginAccount} from '../../xmpp/account.js'
import {parseAccountJid} from '../../xmpp/account-jid.js'
import {connectionFlags, connectionSettingsFrom} from '../../xmpp/connection-flags.js'
import {discoverServer, type ServerInfo} from '../../xmpp/discovery.js'
import {saveServerInfo} from '../../xmpp/server-info-file.js'

/** JSON result of `account login`. */
export interface AccountLoginResult {
  /** The account logged into. */
  jid: string
  /** Where the credentials were stored (mode 0600). */
  credentialsFile: string
  /** Where the server summary was stored. */
  serverInfoFile: string
  /** What the server offers. */
  server: ServerInfo
}

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
    const flags = this.flags
    const workspace = this.workspace
    const stored = loadCredentials(workspace)
    const settings = connectionSettingsFrom(flags, stored, args.jid)
    const jid = parseAccountJid(settings.jid)
    const {password} = await obtainPassword({jid: jid.bare, passwordStdin: flags['password-stdin'], stored, preferPrompt: args.jid !== undefined || flags.jid !== undefined})

    const session = await loginAccount(settings, password)
    let server: ServerInfo
    try {
      server = await discoverServer(session)
    } finally {
      await session.close()
    }
    workspace.ensure()
    const credentialsFile = saveCredentials(workspace, credentialsAfterLogin(jid.bare, password, settings))
    const serverInfoFile = saveServerInfo(workspace, server)
    if (!this.jsonEnabled()) {
      this.log(`Logged in as ${jid.bare}; credentials stored in ${credentialsFile} (mode 0600).`)
      this.log(`Server: ${server.software ? `${server.software.name} ${server.software.version}` : 'software not disclosed'}; group chats: ${server.muc?.jid ?? 'none found'}.`)
    }
    return {jid: jid.bare, credentialsFile, serverInfoFile, server}
  }
}
