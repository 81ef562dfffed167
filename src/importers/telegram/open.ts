import {UserError} from '../../errors/index.js'
import type {ChatSource, OpenedExport} from '../../model/importer.js'
import type {ChatKind, ImportIssue, Message} from '../../model/types.js'
import {howToExportJson, readJsonBytes, type TelegramLocation} from './detect.js'
import {exportFiles} from './files.js'
import {JsonScanError, JsonScanner} from './JsonScanner.js'
import {readEntry, type MessageContext} from './messages.js'
import {chatLabel, TelegramDirectory, type ChatRecord} from './TelegramDirectory.js'
import {consoleLanguage, formatList, t} from '../../i18n/index.js'

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
/** Chat types left out, named by the catalogue's `errors.telegram.leftOutKind.*` (with their count). */
const LEFT_OUT_KINDS: Record<string, string> = {
  public_channel: 'publicChannel',
  bot_chat: 'botChat',
  saved_messages: 'savedMessages',
  replies: 'replies',
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
    throw new UserError('TG_NOT_AN_EXPORT', t('errors.telegram.noChat', {path, file: fileName}), {
      suggestions: [t('errors.telegram.tickChats'), howToExportJson()],
    })
  }

  const leftOut = new Map<string, number>()
  const chats: ChatSource[] = []
  for (const chat of directory.chats) {
    const kind = chat.type === null ? undefined : KIND_BY_TYPE[chat.type]
    if (kind === undefined || chat.id === null) {
      const label = chat.type !== null ? LEFT_OUT_KINDS[chat.type] : undefined
      if (label !== undefined) leftOut.set(label, (leftOut.get(label) ?? 0) + 1)
      else {
        issues.push({
          severity: 'warning',
          code: 'TG_CHAT_SKIPPED',
          message: t('errors.telegram.chatSkipped', {chat: chatLabel(chat), type: JSON.stringify(chat.type), id: JSON.stringify(chat.id)}),
          file: fileName,
        })
      }
      continue
    }
    chats.push({
      info: {
        source: 'telegram',
        sourceId: chatSourceId(chat.type as string, chat.id),
        title: chat.name ?? (kind === 'direct' ? t('importers.telegram.deletedAccount') : `Telegram ${chat.id}`),
        kind,
        participants: directory.participantsOf(chat, selfIdOf(directory, chat)),
      },
      messageCount: chat.count,
      files,
      messages: () => chatMessages(location, chat, context, path, fileName),
    })
  }
  if (leftOut.size > 0) {
    const parts = [...leftOut].map(([kind, count]) => t(`errors.telegram.leftOutKind.${kind}`, {count}))
    issues.push({
      severity: 'warning',
      code: 'TG_CHATS_LEFT_OUT',
      message: t('errors.telegram.leftOut', {parts: formatList(consoleLanguage(), parts)}),
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
  const where = error.offset === null ? '' : ` ${t('errors.telegram.nearByte', {offset: String(error.offset)})}`
  if (error.reason === 'truncated') {
    return new UserError('TG_JSON_TRUNCATED', t('errors.telegram.truncated', {file: fileName, path, where}), {
      cause: error,
      suggestions: [
        t('errors.telegram.waitComplete'),
        howToExportJson(),
      ],
    })
  }
  return new UserError('TG_JSON_INVALID', t('errors.telegram.invalidJson', {file: fileName, path, where, why: error.message}), {
    cause: error,
    suggestions: [t('errors.telegram.useAsWritten'), howToExportJson()],
  })
}
