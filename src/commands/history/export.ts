import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {readRosterSubscriptions} from '../../history/account-export-service.js'
import {accountWrittenLine, exportedLine, giveFileLine, offlineNote, openLine, pdfWrittenLine, skippedNote, zoneDefaultedNote} from '../../history/console-text.js'
import {exportAccount, exportHistory, systemLanguage, type AccountExportResult, type ExportResult} from '../../history/index.js'
import {exportPdfDocuments} from '../../history/export-service.js'
import {connectionFlags} from '../../ui/connection-flags.js'

type PdfExportResult = Awaited<ReturnType<typeof exportPdfDocuments>>
import {UserError} from '../../errors/index.js'

/** `xmpp-migrate history export`: the imported chats as a browsable archive, JSON or text. */
export default class HistoryExport extends BaseCommand<typeof HistoryExport> {
  static override summary = 'Export the imported chats: a browsable offline archive (html), the data (json) or plain text (txt).'
  static override description = 'The html archive is a folder: open its index.html in any browser, no Internet needed. It holds private conversations and photos: the folder is readable by you only.'
  static override examples = [
    '<%= config.bin %> history export --out ./archive',
    '<%= config.bin %> history export --format txt --chat 2 --out ./texte --lang fr',
    '<%= config.bin %> history export --format xep0227 --jid marie@example.org --timezone Europe/Paris --out ./marie@example.org.xml',
    '<%= config.bin %> history export --format pdf --chat 2 --out ./documents',
  ]

  static override flags = {
    ...connectionFlags,
    offline: Flags.boolean({summary: "xep0227: do not log in to read the roster's subscriptions (every contact is then written as `none`)."}),
    format: Flags.string({summary: 'What to write: html (browsable archive), pdf (documents for phones, as `history upload` sends), json, txt, xep0227.', options: ['html', 'pdf', 'json', 'txt', 'xep0227'], default: 'html'}),
    out: Flags.string({char: 'o', summary: 'Folder to write into (created, readable by you only); for xep0227, the file (or a folder).', required: true}),
    jid: Flags.string({summary: 'xep0227: your XMPP account (name@server), whose server will import the file.', env: 'XMPP_MIGRATE_JID', helpGroup: 'CONNECTION'}),
    chat: Flags.integer({summary: 'Only this chat (its id in `xmpp-migrate chats`); repeat for several.', multiple: true}),
    lang: Flags.string({summary: 'Language of the archive (default: the system language).', options: ['fr', 'en']}),
    timezone: Flags.string({summary: 'Time zone of the dates: the one WhatsApp messages were written in (xep0227), or to show Signal dates in; e.g. Europe/Paris (default: the system zone).'}),
  }

  async run(): Promise<ExportResult | AccountExportResult | PdfExportResult> {
    const {flags} = await this.parse(HistoryExport)
    if (flags.format === 'xep0227') {
      if (!flags.jid) throw new UserError('HISTORY_JID_REQUIRED', 'The xep0227 format is the file of one account: say which with --jid.', {suggestions: ['Add --jid name@server (your own XMPP address).']})
      // The server's current subscriptions: an import replaces the roster, so a mutual contact
      // must be written `both`, not `none` (issue 15).
      const subscriptions = flags.offline ? undefined : await readRosterSubscriptions(this.workspace, flags)
      const account = exportAccount(this.workspace, {jid: flags.jid, out: flags.out, ...(flags.timezone ? {timeZone: flags.timezone} : {}), ...(subscriptions ? {subscriptions} : {})})
      this.log(accountWrittenLine(account))
      if (account.timeZoneDefaulted) this.note(zoneDefaultedNote(account.timeZone))
      for (const s of account.skipped) this.note(skippedNote(s))
      if (flags.offline) this.note(offlineNote())
      this.log(giveFileLine())
      return account
    }
    if (flags.format === 'pdf') {
      const pdf = await exportPdfDocuments(this.workspace, {out: flags.out, chatIds: flags.chat ?? [], language: (flags.lang as 'fr' | 'en' | undefined) ?? systemLanguage(), ...(flags.timezone ? {timeZone: flags.timezone} : {})})
      this.log(pdfWrittenLine(pdf))
      return pdf
    }
    const result = exportHistory(this.workspace, {
      format: flags.format as 'html' | 'json' | 'txt',
      out: flags.out,
      chatIds: flags.chat ?? [],
      language: (flags.lang as 'fr' | 'en' | undefined) ?? systemLanguage(),
      ...(flags.timezone ? {timeZone: flags.timezone} : {}),
    })
    this.log(exportedLine(result))
    if (result.open) this.log(openLine(result.open))
    return result
  }
}
