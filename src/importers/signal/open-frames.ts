import {t} from '../../i18n/index.js'
import type {ChatSource, FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue} from '../../model/types.js'
import {ChatBatchReader, planBatches} from './ChatBatchReader.js'
import {messageFromChatItem} from './chat-items.js'
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

/** Default memory budget for the messages of chats read in one pass (estimated bytes). */
export const DEFAULT_BATCH_BUDGET = 64 * 1024 * 1024

/**
 * Builds the export from a frame source: pass 1 reads every frame once (people, groups, chats,
 * and how much each chat holds); chats' `messages()` then read the source again, a batch of
 * chats per pass (see ChatBatchReader), and yield each chat's items in the order they were
 * first sent (items come in receive order, fact sheet §2.1). Memory holds the directory and at
 * most `batchBudget` bytes of messages, never the whole history.
 *
 * Chats without messages, My Story and release notes are not chats; chats are sorted by title.
 */
export async function openFromFrames(path: string, source: FrameSource, batchBudget = DEFAULT_BATCH_BUDGET): Promise<OpenedExport> {
  const issues: ImportIssue[] = []
  const directory = new FrameDirectory()
  const counts = new Map<string, number>()
  const sizes = new Map<string, number>()
  const mediaNames = new Map<string, string>()
  const duplicateNames = new Set<string>()
  for await (const frame of source.frames({issues})) {
    if (frame.chatItem) {
      const chatId = frame.chatItem.chatId
      if (chatId === undefined || !directory.chat(chatId)) continue
      const dated = messageFromChatItem(frame.chatItem, directory)
      if (dated === null) continue
      counts.set(chatId, (counts.get(chatId) ?? 0) + 1)
      // UTF-16 text plus the message object and its strings, roughly.
      sizes.set(chatId, (sizes.get(chatId) ?? 0) + dated.message.text.length * 2 + 400)
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


  const files = source.files ? await source.files(mediaNames) : undefined
  for (const name of duplicateNames) {
    issues.push({
      severity: 'warning',
      code: 'SIGNAL_ATTACHMENT_NAME_REUSED',
      message: t('importers.signal.attachmentNameReused', {name: JSON.stringify(name)}),
    })
  }
  const entries: Array<{id: string; source: ChatSource}> = []
  const reader = {current: undefined as ChatBatchReader | undefined}
  for (const chat of directory.allChats()) {
    if ((counts.get(chat.id) ?? 0) === 0) continue
    const described = directory.describeChat(chat)
    if (described === null) continue
    if (described.unknownMembers > 0) {
      issues.push({
        severity: 'warning',
        code: 'SIGNAL_GROUP_MEMBER_UNKNOWN',
        message: t('importers.signal.groupMemberUnknown', {count: described.unknownMembers, title: described.title}),
      })
    }
    const {unknownMembers: _unknown, ...info} = described
    const chatSource: ChatSource = {
      info: {source: 'signal', ...info},
      messages: () => (reader.current as ChatBatchReader).messages(chat.id),
    }
    if (files) chatSource.files = files
    entries.push({id: chat.id, source: chatSource})
  }
  entries.sort((a, b) => compareTitles(a.source.info.title, b.source.info.title))
  // Batches follow the order chats are handed out, so reading them in order costs few passes.
  reader.current = new ChatBatchReader(
    source,
    directory,
    planBatches(
      entries.map((entry) => ({id: entry.id, estimatedBytes: sizes.get(entry.id) ?? 0})),
      batchBudget,
    ),
  )
  return {source: 'signal', path, chats: entries.map((entry) => entry.source), issues}
}

/** Orders titles as people read them (accents and case secondary), then by code points. */
export function compareTitles(a: string, b: string): number {
  return a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0)
}
