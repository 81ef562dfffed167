import {resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {conversationsAccountPayload, renderTerminalQr, writeQrPng} from '../../credentials/account-qr.js'
import {CREDENTIALS_FILE, loadCredentials} from '../../credentials/credentials-file.js'
import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'
import {colourWanted} from '../../ui/colour.js'

/** JSON result of `account qr` (never the password or the QR text). */
export interface AccountQrResult {
  /** The account in the QR code. */
  jid: string
  /** The PNG written (mode 0600), if --out was given. */
  png?: string
  /** The warning shown. */
  warning: string
  /** How to add the account: Conversations (the scan of its first screen), then the other apps (address, and where to see the password). */
  instructions: string[]
}

export default class AccountQr extends BaseCommand<typeof AccountQr> {
  static override summary = 'Show a QR code that adds this account to Conversations (its first screen › scan), and what other apps (Monal, Gajim, Dino) need.'

  static override description = `The QR code holds the address AND the password: it is shown only when you ask, with --out it is also written as a PNG readable only by you.
Conversations reads this code only from the scan button of its first screen (before any account is added). Monal, Gajim, Dino and other apps take the address and the password typed in: the password is shown by \`account show --password\`.`

  static override examples = ['<%= config.bin %> account qr', '<%= config.bin %> account qr --out qr.png']

  static override flags = {
    out: Flags.string({char: 'o', summary: 'Also write the QR code as a PNG file (mode 0600). Not written unless asked: it holds the password.'}),
  }

  async run(): Promise<AccountQrResult> {
    const flags = this.flags
    const stored = loadCredentials(this.workspace)
    if (!stored) {
      throw new UserError('NO_ACCOUNT', t('commands.accountQr.noAccount'), {
        // i18n-ignore: a command line or flag value to type, not words to translate
        suggestions: [t('commands.accountQr.noAccountCreate', {create: 'xmpp-migrate account create name@server', login: 'xmpp-migrate account login name@server'})],
      })
    }
    const payload = conversationsAccountPayload(stored.jid, stored.password)
    const warning = t('commands.accountQr.warning')
    this.note(t('cli.warning', {message: warning}))
    // In --json mode stdout carries the JSON result; the picture goes to stderr. Colours only
    // on a terminal, never with NO_COLOR (issue 16: `account qr | cat`).
    const stream = this.jsonEnabled() ? process.stderr : process.stdout
    const terminal = await renderTerminalQr(payload, {colour: colourWanted(stream)})
    // Written as is, not through this.log: its terminalSafe would turn our own colour codes
    // into visible ␛ pictures (the QR code holds no outside text).
    stream.write(terminal.endsWith('\n') ? terminal : `${terminal}\n`)
    const instructions = [
      t('commands.accountQr.conversations'),
      // i18n-ignore: a command line or flag value to type, not words to translate
      t('commands.accountQr.otherApps', {jid: stored.jid, command: 'xmpp-migrate account show --password', file: this.workspace.path(CREDENTIALS_FILE)}),
    ]
    for (const line of instructions) this.log(line)
    const png = flags.out === undefined ? undefined : await writeQrPng(resolve(flags.out), payload)
    if (png) this.log(t('commands.accountQr.pngWritten', {file: png}))
    return {jid: stored.jid, ...(png ? {png} : {}), warning, instructions}
  }
}
