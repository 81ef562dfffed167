import {t} from '../../i18n/index.js'
import {UserError} from '../../errors/index.js'
import type {ChatSource, OpenedExport} from '../../model/importer.js'
import type {ChatKind, ImportIssue, Message} from '../../model/types.js'
import {HOW_TO_EXPORT_JSON, readJsonBytes, type TelegramLocation} from './detect.js'
import {exportFiles} from './files.js'
import {JsonScanError, JsonScanner} from './JsonScanner.js'
import {readEntry, type MessageContext} from './messages.js'
import {chatLabel, TelegramDirectory, type ChatRecord} from './TelegramDirectory.js'

/**
 * Chat types (tdesktop's DialogInfo::Type as written in `type`) and what they become. Public
 * channels and bots are not conversations among the people migrating; Saved Messages and
 * Replies are Telegram's own lists.
 */
const KIND_BY_TYPE: Record<string, ChatKind> = {
  personal_chat: 'direct',
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  private_channel: 'group',
}
/** The chat types left out, each with its count in words ("2 canaux publics"). */
const LEFT_OUT_LABELS: Record<string, (count: number) => string> = {
  public_channel: (count) => t('importers.telegram.leftOut.publicChannel', {count}),
  bot_chat: (count) => t('importers.telegram.leftOut.botChat', {count}),
  saved_messages: (count) => t('importers.telegram.leftOut.savedMessages', {count}),
  replies: (count) => t('importers.telegram.leftOut.replies', {count}),
}

/**
 * Opens a Telegram Desktop machine-readable export (fact sheet §7; tdesktop's
 * export_output_json.cpp): one chat (`ChatExport_…`, the root is the chat) or the whole account
 * (`DataExport_…`: `personal_information`, `contacts`, `chats`, `left_chats`).
 *
 * `result.json` is streamed, never held: pass 1 (here) reads it once for the chats, their people
 * and byte ranges; each chat's `messages()` then reads only its own range again. Memory holds
 * one message at a time plus the people of each chat.
 *
 * Chats: `personal_chat` is direct; private and public groups and supergroups, and private
 * channels, are groups; public channels, bot chats, Saved Messages and Replies are left out
 * with a count (TG_CHATS_LEFT_OUT). Entries of the wrong type are skipped with a warning
 * (TG_ENTRY_SKIPPED); media paths that leave the export folder are never opened
 * (TG_MEDIA_PATH_OUTSIDE).
 *
 * @throws UserError TG_JSON_TRUNCATED when result.json stops before its end, TG_JSON_INVALID
 *   when it is not JSON, TG_NOT_AN_EXPORT when it is JSON but holds no chat; nothing is
 *   returned (so nothing is printed or stored) in these cases.
 */
export async function openTelegramExport(path: string, location: TelegramLocation): Promise<OpenedExport> {
  const fileName = location.kind === 'folder' ? location.file : location.entry
  const files = await exportFiles(location)
  const context: MessageContext = {hasFile: (name) => files.has(name)}
  const issues: ImportIssue[] = []
  const directory = new TelegramDirectory(fileName, context, issues)
  try {
    await directory.read(readJsonBytes(location))
  } catch (error) {
    throw translate(error, path, fileName)
  }
  if (directory.chats.length === 0) {
    throw new UserError('TG_NOT_AN_EXPORT', `${path} holds no Telegram chat: ${fileName} has no "messages" of a chat.`, {
      suggestions: ['When exporting all your data, tick "Personal chats" and "Private groups" under "Chat export settings".', HOW_TO_EXPORT_JSON],
    })
  }

  const leftOut = new Map<(count: number) => string, number>()
  const chats: ChatSource[] = []
  for (const chat of directory.chats) {
    const kind = chat.type === null ? undefined : KIND_BY_TYPE[chat.type]
    if (kind === undefined || chat.id === null) {
      const label = chat.type !== null ? LEFT_OUT_LABELS[chat.type] : undefined
      if (label !== undefined) leftOut.set(label, (leftOut.get(label) ?? 0) + 1)
      else {
        issues.push({
          severity: 'warning',
          code: 'TG_CHAT_SKIPPED',
          message: t('importers.telegram.chatSkipped', {chat: chatLabel(chat), type: JSON.stringify(chat.type), id: JSON.stringify(chat.id)}),
          file: fileName,
        })
      }
      continue
    }
    chats.push({
      info: {
        source: 'telegram',
        sourceId: chatSourceId(chat.type as string, chat.id),
        title: chat.name ?? (kind === 'direct' ? 'Deleted Account' : `Telegram ${chat.id}`),
        kind,
        participants: directory.participantsOf(chat, selfIdOf(directory, chat)),
      },
      messageCount: chat.count,
      files,
      messages: () => chatMessages(location, chat, context, path, fileName),
    })
  }
  if (leftOut.size > 0) {
    const parts = [...leftOut].map(([label, count]) => label(count))
    issues.push({
      severity: 'warning',
      code: 'TG_CHATS_LEFT_OUT',
      message: t('importers.telegram.chatsLeftOut', {kinds: parts.join(', ')}),
      file: fileName,
    })
  }
  return {source: 'telegram', path, chats, issues}
}

/**
 * The chat's id as its peer: `user…` for a one-to-one chat, `chat…` for a basic group,
 * `channel…` for a supergroup or channel (the prefixes tdesktop uses in `from_id`). A
 * supergroup made public keeps its id, so it stays the same chat.
 */
function chatSourceId(type: string, id: number): string {
  if (type === 'personal_chat') return `user${id}`
  if (type === 'private_group') return `chat${id}`
  return `channel${id}`
}

/**
 * The owner's `from_id`: from `personal_information` (full export), else, in a one-to-one
 * chat, the author who is not the other person (the chat's id is theirs).
 */
function selfIdOf(directory: TelegramDirectory, chat: ChatRecord): string | null {
  if (directory.self !== null) return directory.self.peerId
  if (chat.type !== 'personal_chat' || chat.id === null) return null
  const others = [...chat.authorIds].filter((id) => id !== `user${chat.id}`)
  return others.length === 1 ? (others[0] as string) : null
}

/** How many recent messages a chat's reader remembers to fill in what a reply quotes. */
const QUOTABLE = 20_000
/** How much of a quoted text a reply carries. */
const QUOTE_LENGTH = 300

/**
 * Pass 2 for one chat: its byte range parsed alone, its messages in export order. A reply
 * carries only the id of the message it answers (`reply_to_message_id`): its author and text are
 * filled in from the last QUOTABLE messages read (older ones stay unknown, memory stays bounded).
 */
async function* chatMessages(location: TelegramLocation, chat: ChatRecord, context: MessageContext, path: string, fileName: string): AsyncGenerator<Message> {
  let ready: Message[] = []
  const recent = new Map<string, {author: string | null; text: string}>()
  const scanner = new JsonScanner(['$.messages.*'], (value) => {
    const read = readEntry(value, context)
    if ('skipped' in read) return
    const message = read.message
    const quoted = message.replyTo ? recent.get(message.replyTo.sourceId ?? '') : undefined
    if (message.replyTo && quoted) message.replyTo = {...message.replyTo, ...quoted}
    if (!message.system && message.sourceId) {
      recent.set(message.sourceId, {author: message.author, text: message.text.length > QUOTE_LENGTH ? `${message.text.slice(0, QUOTE_LENGTH)}…` : message.text})
      if (recent.size > QUOTABLE) recent.delete(recent.keys().next().value as string)
    }
    ready.push(message)
  })
  try {
    for await (const chunk of readJsonBytes(location, chat.start, chat.end)) {
      scanner.write(chunk)
      if (ready.length > 0) {
        const batch = ready
        ready = []
        yield* batch
      }
    }
    scanner.end()
  } catch (error) {
    // The file changed since it was opened (pass 1 read it whole).
    throw translate(error, path, fileName)
  }
  yield* ready
}

function translate(error: unknown, path: string, fileName: string): unknown {
  if (!(error instanceof JsonScanError)) return error
  const where = error.offset === null ? '' : ` (near byte ${error.offset})`
  if (error.reason === 'truncated') {
    return new UserError('TG_JSON_TRUNCATED', `${fileName} in ${path} is cut short: it stops before its end${where}, so the export is incomplete. Nothing was read from it.`, {
      cause: error,
      suggestions: [
        'Wait until Telegram Desktop says the export is complete, then use its folder; if you copied or downloaded it, copy it again whole.',
        HOW_TO_EXPORT_JSON,
      ],
    })
  }
  return new UserError('TG_JSON_INVALID', `${fileName} in ${path} is not valid JSON${where}: ${error.message}. Nothing was read from it.`, {
    cause: error,
    suggestions: ['Use result.json exactly as Telegram Desktop wrote it (an editor may have changed it).', HOW_TO_EXPORT_JSON],
  })
}
