import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {credentialsAfterLogin} from '../../credentials/credentials-file.js'
import {createKeepingPassword, saveCreatedAccount} from '../../credentials/pending-account.js'
import {generatePassword} from '../../credentials/generate-password.js'
import {promptHidden, readLinesFromStdin, readPasswordFromStdin} from '../../credentials/password-input.js'
import {UserError} from '../../errors/index.js'
import {createAccount, loginAccount} from '../../xmpp/account.js'
import {parseAccountJid} from '../../xmpp/account-jid.js'
import {connectionFlags, connectionSettingsFrom} from '../../xmpp/connection-flags.js'
import {discoverServer, type ServerInfo} from '../../xmpp/discovery.js'
import {parseInvite} from '../../xmpp/invite-uri.js'
import {saveServerInfo} from '../../xmpp/server-info-file.js'
import {terminalAsk} from '../../xmpp/terminal-ask.js'

/** JSON result of `account create`. */
export interface AccountCreateResult {
  /** The new account. */
  jid: string
  /** The generated password (only when generated: shown this once); absent with --password-stdin. */
  password?: string
  /** true if xmpp-migrate generated the password. */
  passwordGenerated: boolean
  /** Where the credentials were stored (mode 0600). */
  credentialsFile: string
  /** Where the server summary was stored. */
  serverInfoFile: string
  /** The registration form kind the server used. */
  form: 'legacy' | 'data-form'
  /** true if an invitation was redeemed. */
  usedInvite: boolean
  /** What the server offers. */
  server: ServerInfo
}

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
    const settings = connectionSettingsFrom(flags, null, args.jid)
    const jid = parseAccountJid(settings.jid)
    if (flags.invite !== undefined) {
      throw new UserError('INVITE_AS_FLAG', 'An invitation link holds a secret token, and a flag value can be seen by every user of this computer (ps) and stays in your shell history.', {
        suggestions: ['Run: xmpp-migrate account create ' + jid.bare + ' --invite-stdin   (it asks for the link)', 'Or pipe it in: printf %s "$LINK" | xmpp-migrate account create ' + jid.bare + ' --invite-stdin', 'If the link was typed in a shell, it is in its history: the token may be worth replacing.'],
      })
    }
    const generated = !flags['password-stdin']
    let invite: ReturnType<typeof parseInvite> | undefined
    let chosen: string
    if (flags['invite-stdin'] && !process.stdin.isTTY) {
      // Piped: the link, then (with --password-stdin) the password.
      const [link = '', ...rest] = await readLinesFromStdin()
      if (link.trim() === '') throw new UserError('INVITE_EMPTY', 'No invitation link was given on standard input (--invite-stdin).', {suggestions: ['Pipe it in: printf %s "$LINK" | xmpp-migrate account create … --invite-stdin']})
      invite = parseInvite(link.trim())
      chosen = generated ? generatePassword() : rest.join('\n')
      if (chosen === '') throw new UserError('PASSWORD_EMPTY', 'No password was given after the invitation link on standard input (--invite-stdin --password-stdin).', {suggestions: ['Pipe both, one per line: printf "%s\\n%s" "$LINK" "$PASSWORD" | xmpp-migrate account create … --invite-stdin --password-stdin']})
    } else {
      if (flags['invite-stdin']) invite = parseInvite((await promptHidden('Invitation link (hidden): ')).trim())
      chosen = generated ? generatePassword() : await readPasswordFromStdin()
    }
    const workspace = this.workspace.ensure()

    this.note(`Creating ${jid.bare}…`)
    // The password is kept in the workspace before the server is asked (issue 14): a run that
    // registers the account but cannot save it never loses it; the rerun logs in with it.
    let formKind: 'legacy' | 'data-form' = 'legacy'
    let usedInvite = false
    const created = await createKeepingPassword(workspace, jid.bare, chosen, {
      resume: (pending) => loginAccount(settings, pending).catch(() => null),
      register: async (password) => {
        const {session, outcome} = await createAccount(settings, {
          password,
          ...(invite ? {invite} : {}),
          ask: terminalAsk({interactive: !flags['password-stdin']}),
          captchaDir: workspace.path('captcha'),
          formPreference: flags['legacy-form'] ? 'legacy' : 'auto',
        })
        formKind = outcome.formKind
        usedInvite = outcome.usedInvite
        return session
      },
    })
    const {session, password} = created
    // A password generated (now or by the interrupted run) is shown once; one piped in is known.
    const passwordGenerated = generated || (created.resumed && password !== chosen)
    if (created.resumed) this.note(`${jid.bare} was created by an earlier run that could not finish; logged in with the password it kept.`)
    let server: ServerInfo
    try {
      server = await discoverServer(session)
    } finally {
      await session.close()
    }
    const credentialsFile = saveCreatedAccount(workspace, credentialsAfterLogin(jid.bare, password, settings), {showPassword: passwordGenerated})
    const serverInfoFile = saveServerInfo(workspace, server)

    if (!this.jsonEnabled()) {
      this.log(`Account created: ${jid.bare}`)
      if (passwordGenerated) {
        this.log(`Password: ${password}`)
        this.log('Write it down somewhere safe: it is shown only this once (it is also stored in the workspace, readable only by you).')
      }
      this.log(`Credentials stored in ${credentialsFile} (mode 0600).`)
      this.log('To add this account to Conversations on a phone: xmpp-migrate account qr')
    }
    return {
      jid: jid.bare,
      ...(passwordGenerated ? {password} : {}),
      passwordGenerated,
      credentialsFile,
      serverInfoFile,
      form: formKind,
      usedInvite,
      server,
    }
  }
}
