import {resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {conversationsAccountPayload, renderTerminalQr, writeQrPng} from '../../credentials/account-qr.js'
import {loadCredentials} from '../../credentials/credentials-file.js'
import {UserError} from '../../errors/index.js'

/** JSON result of `account qr` (never the password or the QR text). */
export interface AccountQrResult {
  /** The account in the QR code. */
  jid: string
  /** The PNG written (mode 0600), if --out was given. */
  png?: string
  /** The warning shown. */
  warning: string
}

const WARNING = 'This QR code contains your password: show it only to your own phone, and delete the image once the account is added.'

export default class AccountQr extends BaseCommand<typeof AccountQr> {
  static override summary = 'Show a QR code that adds this account to Conversations (first screen › "Use an existing account" › scan).'

  static override description = `The QR code holds the address AND the password: it is shown only when you ask, with --out it is also written as a PNG readable only by you.`

  static override flags = {
    out: Flags.string({char: 'o', summary: 'Also write the QR code as a PNG file (mode 0600).'}),
  }

  async run(): Promise<AccountQrResult> {
    const flags = this.flags
    const stored = loadCredentials(this.workspace)
    if (!stored) {
      throw new UserError('NO_ACCOUNT', 'No account is stored in this workspace, so there is nothing to put in a QR code.', {
        suggestions: ['Create one with `xmpp-migrate account create name@server` or log in with `xmpp-migrate account login name@server`.'],
      })
    }
    const payload = conversationsAccountPayload(stored.jid, stored.password)
    this.note(`Warning: ${WARNING}`)
    const terminal = await renderTerminalQr(payload)
    // In --json mode stdout carries the JSON result; the picture goes to stderr.
    if (this.jsonEnabled()) process.stderr.write(terminal)
    else this.log(terminal)
    const png = flags.out === undefined ? undefined : await writeQrPng(resolve(flags.out), payload)
    if (png && !this.jsonEnabled()) this.log(`QR code written to ${png} (mode 0600).`)
    return {jid: stored.jid, ...(png ? {png} : {}), warning: WARNING}
  }
}
