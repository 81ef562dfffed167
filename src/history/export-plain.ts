import type {Chat, Message} from '../model/types.js'
import type {Store, StoredChatWithParticipants, StoredMessage} from '../store/index.js'
import type {HistoryLanguage} from './labels.js'
import {labelsFor} from './labels.js'
import {isEdited, openStreetMapUrl, shownContent} from './message-content.js'
import {MessageClock} from './message-time.js'
import type {PrivateFolder} from './PrivateFolder.js'

/** What was written for one chat in the json or txt format. */
export interface PlainChatFile {
  /** The store's chat id. */
  id: number
  /** Its title. */
  title: string
  /** Messages written. */
  messages: number
  /** The file, relative to the output folder. */
  file: string
}

/** A stored message as the normalized model's Message (store-only fields dropped). */
export function toModelMessage(m: StoredMessage): Message {
  const message: Message = {date: m.date, author: m.author, text: m.text, attachment: m.attachment, system: m.system, kind: m.kind, sourceId: m.sourceId}
  if (m.line !== null) message.line = m.line
  if (m.replyTo) message.replyTo = m.replyTo
  if (m.reactions) message.reactions = m.reactions
  if (m.edited !== undefined) message.edited = m.edited
  return message
}

/**
 * Writes `chat-ID.json` per chat: the normalized model (src/model/types.ts `Chat`) with
 * `format`/`version` and the store's chat id, so another tool can read it back.
 */
export function writeJsonChats(store: Store, chats: StoredChatWithParticipants[], folder: PrivateFolder, onMessage?: () => void): PlainChatFile[] {
  return chats.map((chat) => {
    const parts: string[] = []
    let count = 0
    for (const m of store.messages(chat.id)) {
      parts.push(JSON.stringify(toModelMessage(m)))
      count++
      onMessage?.()
    }
    const model: Omit<Chat, 'messages'> = {
      source: chat.source,
      sourceId: chat.sourceId,
      title: chat.title,
      kind: chat.kind,
      participants: chat.participants.map((p) => ({name: p.name, phone: p.phone, sourceId: p.sourceId ?? null})),
    }
    const head = JSON.stringify({format: 'xmpp-migrate-chat', version: 1, chatId: chat.id, ...model})
    const file = `chat-${chat.id}.json`
    folder.write(file, `${head.slice(0, -1)},"messages":[\n${parts.join(',\n')}\n]}\n`)
    return {id: chat.id, title: chat.title, messages: count, file}
  })
}

/**
 * Writes `chat-ID.txt` per chat, one line per message like the exports people know:
 * `2024-05-03 10:05 - Maman: Bonjour`; continuation lines indented, events marked `***`.
 */
export function writeTextChats(store: Store, chats: StoredChatWithParticipants[], folder: PrivateFolder, language: HistoryLanguage, timeZone?: string, onMessage?: () => void): PlainChatFile[] {
  const labels = labelsFor(language)
  const clock = new MessageClock(language, timeZone)
  return chats.map((chat) => {
    const lines: string[] = [chat.title, '='.repeat(Math.min(60, [...chat.title].length)), '']
    let count = 0
    for (const m of store.messages(chat.id)) {
      const time = clock.read(m.date)
      const when = time.wallClock.replace('T', ' ').slice(0, 16)
      const body: string[] = []
      if (m.replyTo) body.push(`[${labels.replyTo} ${m.replyTo.author ?? labels.unknownAuthor}: ${m.replyTo.text.replace(/\n/g, ' ')}]`)
      const shown = shownContent(m, labels)
      if (shown.label !== null) body.push(`[${shown.label}]`)
      if (m.attachment) body.push(`[${m.attachment.name}]`)
      if (shown.text !== '') body.push(shown.text)
      if (shown.point !== null) body.push(openStreetMapUrl(shown.point))
      else if (shown.placeUrl !== null) body.push(shown.placeUrl)
      if (isEdited(m)) body.push(`(${labels.edited})`)
      if (m.reactions && m.reactions.length > 0) body.push(`[${m.reactions.map((r) => `${r.emoji} ${r.author}`).join(', ')}]`)
      const who = m.system || m.author === null ? '***' : `${m.author}:`
      lines.push(`${when} - ${who} ${body.join(' ')}`.replace(/\n/g, '\n    '))
      count++
      onMessage?.()
    }
    const file = `chat-${chat.id}.txt`
    folder.write(file, `${lines.join('\n')}\n`)
    return {id: chat.id, title: chat.title, messages: count, file}
  })
}
