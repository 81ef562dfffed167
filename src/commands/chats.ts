import {BaseCommand} from '../base-command.js'
import {listChats, type ChatListRow} from '../services/chat-service.js'

/** `xmpp-migrate chats`: the imported chats. */
export default class Chats extends BaseCommand<typeof Chats> {
  static override summary = 'List the imported chats: id, title, kind, participants, messages, first and last date.'
  static override examples = ['<%= config.bin %> chats', '<%= config.bin %> chats --json']

  async run(): Promise<{chats: ChatListRow[]}> {
    await this.parse(Chats)
    const chats = await listChats(this.workspace)
    if (chats.length === 0) {
      this.log(`No chat imported yet in ${this.workspace.dir}. Import an export first: xmpp-migrate import "WhatsApp Chat with … .txt"`)
      return {chats}
    }
    const rows = chats.map((c) => [
      String(c.id),
      c.title,
      c.kind,
      String(c.participants),
      String(c.messages),
      c.firstDate ? c.firstDate.slice(0, 10) : '-',
      c.lastDate ? c.lastDate.slice(0, 10) : '-',
    ])
    this.log(formatTable(['ID', 'TITLE', 'KIND', 'PEOPLE', 'MESSAGES', 'FIRST', 'LAST'], rows))
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
