import {Args, Flags} from '@oclif/core'

import {accountAddress, createWorkspaceAccount, readInvitationLink, type AccountCreateResult} from '../../account/account-service.js'
import {BaseCommand} from '../../base-command.js'
import {generatePassword} from '../../credentials/generate-password.js'
import {promptHidden, readLinesFromStdin, readPasswordFromStdin} from '../../credentials/password-input.js'
import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'
import {connectionFlags} from '../../ui/connection-flags.js'

export type {AccountCreateResult} from '../../account/account-service.js'

export default class AccountCreate extends BaseCommand<typeof AccountCreate> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Create your XMPP account (in-band registration, XEP-0077), store it in the workspace.'

  static override description = `Creates the account on its server, logs in, discovers what the server offers, and stores the credentials in the workspace (mode 0600).
By default a strong password is generated and shown once at the end; use --password-stdin to choose it.
With an invitation link (--invite-stdin: piped in, or asked on the terminal), the invitation is redeemed first (XEP-0401). The link holds a secret token: it is never taken as a flag value, which every user of the computer can see (ps) and the shell history keeps. With both --invite-stdin and --password-stdin, standard input holds the link on its first line and the password on the next.`

  static override examples = [
    '<%= config.bin %> account create marie@chat.example.org',
    '<%= config.bin %> account create marie@chat.example.org --invite-stdin',
    'printf %s "$INVITE_LINK" | <%= config.bin %> account create marie@chat.example.org --invite-stdin',
    'printf %s "$PW" | <%= config.bin %> account create marie@chat.example.org --password-stdin',
  ]

  static override args = {
    jid: Args.string({description: 'The address to create (name@server); or use --jid.', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ...connectionFlags,
    'invite-stdin': Flags.boolean({
      summary: 'Redeem an invitation link (xmpp:server?register;preauth=…, xmpp:friend@server?roster;preauth=…;ibr=y, or its https:// page), read from standard input, or asked on the terminal.',
    }),
    // Refused with a clear error: a link given as a flag value leaks its token (issue 14).
    invite: Flags.string({hidden: true}),
    'legacy-form': Flags.boolean({summary: 'Answer the legacy registration fields even if the server offers a data form (for servers whose form misbehaves).', hidden: true}),
  }

  async run(): Promise<AccountCreateResult> {
    const {args} = await this.parse(AccountCreate)
    const flags = this.flags
    const bare = accountAddress(flags, args.jid)
    if (flags.invite !== undefined) {
      throw new UserError('INVITE_AS_FLAG', t('commands.accountCreate.inviteAsFlag'), {
        suggestions: [t('commands.accountCreate.inviteAsFlagAsk', {jid: bare}), t('commands.accountCreate.inviteAsFlagPipe', {jid: bare}), t('commands.accountCreate.inviteAsFlagHistory')],
      })
    }
    const generated = !flags['password-stdin']
    let invite: ReturnType<typeof readInvitationLink> | undefined
    let chosen: string
    if (flags['invite-stdin'] && !process.stdin.isTTY) {
      // Piped: the link, then (with --password-stdin) the password.
      const [link = '', ...rest] = await readLinesFromStdin()
      if (link.trim() === '') throw new UserError('INVITE_EMPTY', t('commands.accountCreate.inviteEmpty'), {suggestions: [t('commands.accountCreate.inviteEmptyPipe')]})
      invite = readInvitationLink(link)
      chosen = generated ? generatePassword() : rest.join('\n')
      if (chosen === '') throw new UserError('PASSWORD_EMPTY', t('commands.accountCreate.passwordEmpty'), {suggestions: [t('commands.accountCreate.passwordEmptyPipe')]})
    } else {
      if (flags['invite-stdin']) invite = readInvitationLink(await promptHidden(t('commands.accountCreate.invitePrompt')))
      chosen = generated ? generatePassword() : await readPasswordFromStdin()
    }
    const result = await createWorkspaceAccount(this.workspace, {
      connection: flags,
      ...(args.jid !== undefined ? {jidArgument: args.jid} : {}),
      ...(invite ? {invite} : {}),
      password: chosen,
      passwordGenerated: generated,
      interactive: !flags['password-stdin'],
      legacyForm: flags['legacy-form'] ?? false,
      note: (line) => this.note(line),
    })
    if (!this.jsonEnabled()) {
      this.log(t('commands.accountCreate.created', {jid: result.jid}))
      if (result.passwordGenerated) {
        this.log(t('commands.accountCreate.password', {password: result.password ?? ''}))
        this.log(t('commands.accountCreate.writeItDown'))
      }
      this.log(t('commands.account.credentialsStored', {file: result.credentialsFile}))
      // i18n-ignore: a command line or flag value to type, not words to translate
      this.log(t('commands.account.onPhone', {command: 'xmpp-migrate account qr'}))
    }
    return result
  }
}
