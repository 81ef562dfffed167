/** The `chats` table, in the console's language (issue 13); `--json` keeps the typed rows. */
import {formatTable} from '../contacts/format.js'
import {t} from '../i18n/index.js'
import type {ChatListRow} from './chat-service.js'

/** The imported chats as an aligned table: id, title, kind, people, messages, first and last day. */
export function formatChats(chats: readonly ChatListRow[]): string {
  const rows = chats.map((c) => [
    String(c.id),
    c.title,
    c.kind === 'group' ? t('services.chats.kind.group') : t('services.chats.kind.direct'),
    String(c.participants),
    String(c.messages),
    c.firstDate ? c.firstDate.slice(0, 10) : '-',
    c.lastDate ? c.lastDate.slice(0, 10) : '-',
  ])
  const head = [
    t('services.chats.table.id'),
    t('services.chats.table.title'),
    t('services.chats.table.kind'),
    t('services.chats.table.people'),
    t('services.chats.table.messages'),
    t('services.chats.table.first'),
    t('services.chats.table.last'),
  ]
  return formatTable(head, rows)
}

/** What `chats` says before anything was imported. */
export function noChatsLine(workspaceDir: string): string {
  return t('services.chats.none', {dir: workspaceDir})
}
