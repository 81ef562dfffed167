import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {exportHistory, systemLanguage, type ExportResult} from '../../history/index.js'

/** `xmpp-migrate history export`: the imported chats as a browsable archive, JSON or text. */
export default class HistoryExport extends BaseCommand<typeof HistoryExport> {
  static override summary = 'Export the imported chats: a browsable offline archive (html), the data (json) or plain text (txt).'
  static override description = 'The html archive is a folder: open its index.html in any browser, no Internet needed. It holds private conversations and photos: the folder is readable by you only.'
  static override examples = [
    '<%= config.bin %> history export --out ./archive',
    '<%= config.bin %> history export --format txt --chat 2 --out ./texte --lang fr',
  ]

  static override flags = {
    format: Flags.string({summary: 'What to write.', options: ['html', 'json', 'txt'], default: 'html'}),
    out: Flags.string({char: 'o', summary: 'Folder to write into (created, readable by you only).', required: true}),
    chat: Flags.integer({summary: 'Only this chat (its id in `xmpp-migrate chats`); repeat for several.', multiple: true}),
    lang: Flags.string({summary: 'Language of the archive (default: the system language).', options: ['fr', 'en']}),
    timezone: Flags.string({summary: 'Time zone for Signal dates, e.g. Europe/Paris (default: the system zone).'}),
  }

  async run(): Promise<ExportResult> {
    const {flags} = await this.parse(HistoryExport)
    const result = exportHistory(this.workspace, {
      format: flags.format as 'html' | 'json' | 'txt',
      out: flags.out,
      chatIds: flags.chat ?? [],
      language: (flags.lang as 'fr' | 'en' | undefined) ?? systemLanguage(),
      ...(flags.timezone ? {timeZone: flags.timezone} : {}),
    })
    const total = result.chats.reduce((sum, c) => sum + c.messages, 0)
    this.log(`${result.chats.length} chat(s), ${total} message(s) exported to ${result.out} (${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB).`)
    if (result.open) this.log(`Open ${result.open} in a browser.`)
    return result
  }
}
