import {t} from '../../i18n/index.js'
import type {ChatSource, FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue, Message} from '../../model/types.js'
import {messageFromChatItem, type DatedMessage} from './chat-items.js'
import {ChatItemSpool} from './ChatItemSpool.js'
import type {FrameJson} from './frame-types.js'
import {FrameDirectory} from './FrameDirectory.js'

/**
 * Where backup-v2 frames come from: the plaintext `main.jsonl` or the decrypted `main`.
 * `frames()` reads the input from the start each time it is called.
 */
export interface FrameSource {
  /**
   * Streams the frames after `BackupInfo`. With `onlyChatIds`, chat items of other chats may be
   * left out without being decoded (an optimization; callers filter anyway). Issues (skipped
   * lines) are pushed to `issues` when given. Fails with the source's UserError on damaged
   * input.
   */
  frames(options?: {onlyChatIds?: ReadonlySet<string>; issues?: ImportIssue[]}): AsyncIterable<FrameJson>
  /**
   * The media that came with the frames (plaintext export with "include media"), as a
   * FileProvider keyed by attachment name, given which attachment name uses which media name.
   * Absent when the source carries no readable media.
   */
  files?: (mediaNameByAttachment: ReadonlyMap<string, string>) => Promise<FileProvider | undefined>
}

/** Default memory budget for the chat items kept from the one pass (estimated bytes; more goes to a temporary file). */
export const DEFAULT_SPOOL_BUDGET = 32 * 1024 * 1024

/**
 * Builds the export from a frame source, reading it once: the pass reads every frame (people,
 * groups, chats, which chats hold messages) and keeps each chat's items aside (ChatItemSpool:
 * in memory up to `spoolBudget` bytes, then in an encrypted temporary file). Chats'
 * `messages()` turn their items into messages with the complete directory and yield them in the
 * order they were first sent (items come in receive order, fact sheet §2.1). Memory holds the
 * directory, at most `spoolBudget` bytes of items, and the chat being read.
 *
 * Chats without messages, My Story and release notes are not chats; chats are sorted by title.
 */
export async function openFromFrames(path: string, source: FrameSource, spoolBudget = DEFAULT_SPOOL_BUDGET): Promise<OpenedExport> {
  const issues: ImportIssue[] = []
  const directory = new FrameDirectory()
  const spool = new ChatItemSpool(spoolBudget)
  const counts = new Map<string, number>()
  const mediaNames = new Map<string, string>()
  const duplicateNames = new Set<string>()
  for await (const frame of source.frames({issues})) {
    if (frame.chatItem) {
      const chatId = frame.chatItem.chatId
      if (chatId === undefined) continue
      // Every item is kept, as the chats' own passes used to read them all: the directory is
      // complete only at the end of the stream.
      spool.add(chatId, frame.chatItem)
      if (!directory.chat(chatId)) continue
      const dated = messageFromChatItem(frame.chatItem, directory)
      if (dated === null) continue
      counts.set(chatId, (counts.get(chatId) ?? 0) + 1)
      const name = dated.message.attachment?.name
      if (name !== undefined && dated.mediaName !== undefined) {
        const known = mediaNames.get(name)
        if (known === undefined) mediaNames.set(name, dated.mediaName)
        else if (known !== dated.mediaName) duplicateNames.add(name)
      }
    } else {
      directory.add(frame)
    }
  }
  spool.finish()

  const files = source.files ? await source.files(mediaNames) : undefined
  for (const name of duplicateNames) {
    issues.push({
      severity: 'warning',
      code: 'SIGNAL_ATTACHMENT_NAME_REUSED',
      message: t('errors.signal.nameReused', {name: JSON.stringify(name)}),
    })
  }
  const entries: Array<{id: string; source: ChatSource}> = []
  for (const chat of directory.allChats()) {
    if ((counts.get(chat.id) ?? 0) === 0) continue
    const described = directory.describeChat(chat)
    if (described === null) continue
    if (described.unknownMembers > 0) {
      issues.push({
        severity: 'warning',
        code: 'SIGNAL_GROUP_MEMBER_UNKNOWN',
        message: t('errors.signal.unknownMembers', {count: described.unknownMembers, title: described.title}),
      })
    }
    const {unknownMembers: _unknown, ...info} = described
    const chatSource: ChatSource = {
      info: {source: 'signal', ...info},
      messages: () => chatMessages(spool, directory, chat.id),
    }
    if (files) chatSource.files = files
    entries.push({id: chat.id, source: chatSource})
  }
  entries.sort((a, b) => compareTitles(a.source.info.title, b.source.info.title))
  return {source: 'signal', path, chats: entries.map((entry) => entry.source), issues}
}

/** A chat's messages from its kept items, in the order they were first sent (ties: receive order). */
async function* chatMessages(spool: ChatItemSpool, directory: FrameDirectory, chatId: string): AsyncGenerator<Message> {
  const dated: DatedMessage[] = []
  for (const item of spool.items(chatId)) {
    const message = messageFromChatItem(item, directory)
    if (message) dated.push(message)
  }
  // Stable sort: items sent in the same millisecond keep their receive order.
  dated.sort((a, b) => a.firstSent - b.firstSent)
  for (const {message} of dated) yield message
}

/** Orders titles as people read them (accents and case secondary), then by code points. */
export function compareTitles(a: string, b: string): number {
  return a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0)
}
