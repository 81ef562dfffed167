import {BaseCommand} from '../base-command.js'
import {consoleLanguage, formatNumber, t} from '../i18n/index.js'
import {listChats, type ChatListRow} from '../services/chat-service.js'

/** `xmpp-migrate chats`: the imported chats. */
export default class Chats extends BaseCommand<typeof Chats> {
  static override summary = 'List the imported chats: id, title, kind, participants, messages, first and last date.'
  static override examples = ['<%= config.bin %> chats', '<%= config.bin %> chats --json']

  async run(): Promise<{chats: ChatListRow[]}> {
    await this.parse(Chats)
    const chats = await listChats(this.workspace)
    if (chats.length === 0) {
      this.log(t('commands.chats.none', {workspace: this.workspace.dir}))
      return {chats}
    }
    const lang = consoleLanguage()
    const rows = chats.map((c) => [
      String(c.id),
      c.title,
      t('commands.chats.kind', {kind: c.kind}),
      formatNumber(lang, c.participants),
      formatNumber(lang, c.messages),
      c.firstDate ? c.firstDate.slice(0, 10) : '-',
      c.lastDate ? c.lastDate.slice(0, 10) : '-',
    ])
    const head = (['id', 'title', 'kind', 'people', 'messages', 'first', 'last'] as const).map((column) => t('commands.chats.column', {column}))
    this.log(formatTable(head, rows))
    return {chats}
  }
}

/** A plain aligned text table (titles may hold emoji; width is counted in code points). */
function formatTable(head: string[], rows: string[][]): string {
  const width = (s: string) => [...s].length
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd()
  return [line(head), ...rows.map(line)].join('\n')
}
