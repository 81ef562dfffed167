import type {ChatSource, FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue, Message} from '../../model/types.js'
import {messageFromChatItem, type DatedMessage} from './chat-items.js'
import type {FrameJson} from './frame-types.js'
import {FrameDirectory} from './FrameDirectory.js'

/**
 * Where backup-v2 frames come from: the plaintext `main.jsonl` or the decrypted `main`.
 * `frames()` reads the input from the start each time it is called.
 */
export interface FrameSource {
  /**
   * Streams the frames after `BackupInfo`. With `onlyChatId`, chat items of other chats may be
   * left out without being decoded (an optimization; callers filter anyway). Issues (skipped
   * lines) are pushed to `issues` when given. Fails with the source's UserError on damaged
   * input.
   */
  frames(options?: {onlyChatId?: string; issues?: ImportIssue[]}): AsyncIterable<FrameJson>
  /** Files available next to the frames (plaintext export with media), if any. */
  files?: FileProvider
}

/**
 * Builds the export from a frame source: pass 1 reads every frame once (people, groups, chats,
 * and which chats have messages); each chat's `messages()` then reads the source again, keeps
 * that chat's items and yields them in the order they were first sent (items come in receive
 * order, fact sheet §2.1). Memory holds the directory and one chat's messages, never the whole
 * history.
 *
 * Chats without messages, My Story and release notes are not chats; chats are sorted by title.
 */
export async function openFromFrames(path: string, source: FrameSource): Promise<OpenedExport> {
  const issues: ImportIssue[] = []
  const directory = new FrameDirectory()
  const counts = new Map<string, number>()
  for await (const frame of source.frames({issues})) {
    if (frame.chatItem) {
      const chatId = frame.chatItem.chatId
      if (chatId === undefined || !directory.chat(chatId)) continue
      if (messageFromChatItem(frame.chatItem, directory) !== null) counts.set(chatId, (counts.get(chatId) ?? 0) + 1)
    } else {
      directory.add(frame)
    }
  }

  const chats: ChatSource[] = []
  for (const chat of directory.allChats()) {
    if ((counts.get(chat.id) ?? 0) === 0) continue
    const described = directory.describeChat(chat)
    if (described === null) continue
    if (described.unknownMembers > 0) {
      issues.push({
        severity: 'warning',
        code: 'SIGNAL_GROUP_MEMBER_UNKNOWN',
        message: `${described.unknownMembers} member(s) of the group "${described.title}" are not in the backup's contacts; they are left out of its participants.`,
      })
    }
    const {unknownMembers: _unknown, ...info} = described
    const chatSource: ChatSource = {
      info: {source: 'signal', ...info},
      messages: () => chatMessages(source, directory, chat.id),
    }
    if (source.files) chatSource.files = source.files
    chats.push(chatSource)
  }
  chats.sort((a, b) => compareTitles(a.info.title, b.info.title))
  return {source: 'signal', path, chats, issues}
}

/** Orders titles as people read them (accents and case secondary), ties by id for stability. */
export function compareTitles(a: string, b: string): number {
  return a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0)
}

async function* chatMessages(source: FrameSource, directory: FrameDirectory, chatId: string): AsyncGenerator<Message> {
  const kept: DatedMessage[] = []
  for await (const frame of source.frames({onlyChatId: chatId})) {
    if (frame.chatItem?.chatId !== chatId) continue
    const dated = messageFromChatItem(frame.chatItem, directory)
    if (dated) kept.push(dated)
  }
  // Stable sort: items sent in the same millisecond keep their receive order.
  kept.sort((a, b) => a.firstSent - b.firstSent)
  for (const {message} of kept) yield message
}
