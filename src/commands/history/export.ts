import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {readRosterSubscriptions} from '../../history/account-export-service.js'
import {exportAccount, exportHistory, type AccountExportResult, type ExportResult} from '../../history/index.js'
import {exportPdfDocuments} from '../../history/export-service.js'
import {connectionFlags} from '../../ui/connection-flags.js'
import {Progress} from '../../ui/Progress.js'

type PdfExportResult = Awaited<ReturnType<typeof exportPdfDocuments>>
import {UserError} from '../../errors/index.js'
import {consoleLanguage, t} from '../../i18n/index.js'

/** `xmpp-migrate history export`: the imported chats as a browsable archive, JSON or text. */
export default class HistoryExport extends BaseCommand<typeof HistoryExport> {
  static override summary = 'Export the imported chats: a browsable offline archive (html), the data (json) or plain text (txt).'
  static override description = 'The html archive is a folder: open its index.html in any browser, no Internet needed. It holds private conversations and photos: the folder is readable by you only.'
  static override examples = [
    '<%= config.bin %> history export',
    '<%= config.bin %> history export --out ./archive',
    '<%= config.bin %> history export --format txt --chat 2 --out ./texte --lang fr',
    '<%= config.bin %> history export --format xep0227 --jid marie@example.org --timezone Europe/Paris --out ./marie@example.org.xml',
    '<%= config.bin %> history export --format pdf --chat 2 --out ./documents',
  ]

  static override flags = {
    ...connectionFlags,
    offline: Flags.boolean({summary: "xep0227: do not log in to read the roster's subscriptions (every contact is then written as `none`)."}),
    format: Flags.string({summary: 'What to write: html (browsable archive), pdf (documents for phones, as `history upload` sends), json, txt, xep0227.', options: ['html', 'pdf', 'json', 'txt', 'xep0227'], default: 'html'}),
    out: Flags.string({char: 'o', summary: 'Folder to write into (created, readable by you only); for xep0227, the file (or a folder). Default: "history" in the workspace (html), else "history-<format>".'}),
    jid: Flags.string({summary: 'xep0227: your XMPP account (name@server), whose server will import the file.', env: 'XMPP_MIGRATE_JID', helpGroup: 'CONNECTION'}),
    chat: Flags.integer({summary: 'Only this chat (its id in `xmpp-migrate chats`); repeat for several.', multiple: true}),
    lang: Flags.string({summary: 'Language of the archive (default: the system language).', options: ['fr', 'en']}),
    timezone: Flags.string({summary: 'Time zone of the dates: the one WhatsApp messages were written in (xep0227), or to show Signal dates in; e.g. Europe/Paris (default: the system zone).'}),
  }

  async run(): Promise<ExportResult | AccountExportResult | PdfExportResult> {
    const {flags} = await this.parse(HistoryExport)
    // One convention for output flags (issue 16): --out/-o, with a default in the workspace. The
    // html archive goes where the guided flow puts it (<workspace>/history).
    const out = flags.out ?? this.workspace.ensure().path(flags.format === 'html' ? 'history' : `history-${flags.format}`)
    if (flags.format === 'xep0227') {
      // i18n-ignore: a command line or flag value to type, not words to translate
      if (!flags.jid) throw new UserError('HISTORY_JID_REQUIRED', t('commands.historyExport.jidRequired'), {suggestions: [t('commands.historyExport.jidRequiredAdd', {flag: '--jid name@server'})]})
      // The server's current subscriptions: an import replaces the roster, so a mutual contact
      // must be written `both`, not `none` (issue 15).
      const subscriptions = flags.offline ? undefined : await readRosterSubscriptions(this.workspace, flags)
      const account = exportAccount(this.workspace, {jid: flags.jid, out, ...(flags.timezone ? {timeZone: flags.timezone} : {}), ...(subscriptions ? {subscriptions} : {})})
      const messages = account.chats.reduce((sum, c) => sum + c.messages, 0)
      this.log(t('commands.historyExport.xep0227Written', {file: account.file, contacts: account.roster, bookmarks: account.bookmarks, messages, chats: account.chats.length}))
      if (account.timeZoneDefaulted) this.note(t('commands.historyExport.timeZoneDefaulted', {zone: account.timeZone}))
      for (const s of account.skipped) this.note(t('commands.historyExport.skipped', {id: s.chatId, title: s.title, reason: s.reason}))
      if (flags.offline) this.note(t('commands.historyExport.offline'))
      this.log(t('commands.historyExport.giveToAdmin', {doc: 'docs/history-import.md'}))
      return account
    }
    if (flags.format === 'pdf') {
      const pdf = await exportPdfDocuments(this.workspace, {out, chatIds: flags.chat ?? [], language: flags.lang ?? consoleLanguage(), ...(flags.timezone ? {timeZone: flags.timezone} : {})})
      const total = pdf.chats.reduce((sum, c) => sum + c.messages, 0)
      this.log(t('commands.historyExport.pdfWritten', {chats: pdf.chats.length, messages: total, documents: pdf.files, folder: pdf.out, megabytes: pdf.bytes / 1e6}))
      return pdf
    }
    const progress = new Progress(t('commands.historyExport.progress'), {enabled: !this.jsonEnabled(), unit: 'messages'})
    let result: ExportResult
    try {
      result = exportHistory(this.workspace, {
        format: flags.format as 'html' | 'json' | 'txt',
        out,
        chatIds: flags.chat ?? [],
        language: flags.lang ?? consoleLanguage(),
        ...(flags.timezone ? {timeZone: flags.timezone} : {}),
        onProgress: (written, total) => progress.update(written, total),
      })
    } finally {
      progress.stop()
    }
    const total = result.chats.reduce((sum, c) => sum + c.messages, 0)
    this.log(t('commands.historyExport.written', {chats: result.chats.length, messages: total, folder: result.out, files: result.files, megabytes: result.bytes / 1e6}))
    if (result.open) this.log(t('commands.historyExport.open', {file: result.open}))
    return result
  }
}
