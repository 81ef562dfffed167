import {statSync} from 'node:fs'

import type {Store, StoredChatWithParticipants, StoredMessage} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {ARCHIVE_CSS, ARCHIVE_JS} from './assets.js'
import {chatPageEnd, chatPageStart, renderDay, renderIndex, renderMessage, type ChatPageFrame, type IndexEntry, type PageContext} from './html-render.js'
import {jsonForScript} from './html-text.js'
import {labelsFor, type HistoryLanguage} from './labels.js'
import {exportedMediaName} from './media-files.js'
import {ownAuthorTest} from './message-content.js'
import {MessageClock} from './message-time.js'
import type {PrivateFolder} from './PrivateFolder.js'

/** Messages per page file: a page stays light in a browser, a 100k-message chat has 50 pages. */
export const MESSAGES_PER_PAGE = 2000

/**
 * Rows per search-index shard (`chats/ID/search-K.js`, ~2.5 MB): the index is written as it
 * goes, never held whole (a chat of 1M messages made one 126 MB string, issue 17), and a
 * browser loads a few dozen files rather than one huge script.
 */
export const SEARCH_ROWS_PER_SHARD = 20_000

/** Options of {@link writeHtmlArchive}. */
export interface HtmlArchiveOptions {
  /** Interface language. */
  language: HistoryLanguage
  /** IANA zone in which instants (Signal dates) are shown; the system's when undefined. */
  timeZone?: string
  /** Messages per page (tests use small pages). */
  pageSize?: number
  /** Labels of the person themself (the contact "me"): their messages are set apart. */
  meLabels?: readonly string[]
  /** Rows per search-index shard (tests use small shards). */
  searchShardRows?: number
  /** Called as messages are written: how many so far (all chats). */
  onMessage?: (written: number) => void
}

/** What was written for one chat. */
export interface ArchivedChat {
  /** The store's chat id. */
  id: number
  /** Its title. */
  title: string
  /** Messages written (system events included). */
  messages: number
  /** Page files written. */
  pages: number
  /** Attachments shown from the archive's media folder. */
  mediaShown: number
  /** Attachments whose file was not in the workspace (shown as missing). */
  mediaMissing: number
}

// Stored paths come from MediaStore (`media/ab/<sha256>`); anything else is not read.
const STORED_PATH = /^media\/[0-9a-f]{2}\/[0-9a-f]{16,128}$/

/**
 * Writes the browsable archive of `chats` into `folder`: index.html, assets/, one folder per
 * chat (`chats/ID/p1.html` …, and its search index: `search.js` naming the shards
 * `search-1.js` …), and `media/` holding a copy of every stored file the chats show, under its
 * hash (see exportedMediaName). Reads messages as a stream, so memory holds one page and one
 * search shard at a time, whatever the size of the chat.
 *
 * Fails with the store's UserErrors, or file-system errors (disk full, permissions).
 */
export function writeHtmlArchive(store: Store, workspace: Workspace, chats: StoredChatWithParticipants[], folder: PrivateFolder, options: HtmlArchiveOptions): ArchivedChat[] {
  const labels = labelsFor(options.language)
  const clock = new MessageClock(options.language, options.timeZone)
  const pageSize = options.pageSize ?? MESSAGES_PER_PAGE
  const shardRows = options.searchShardRows ?? SEARCH_ROWS_PER_SHARD
  let written = 0
  folder.write('assets/archive.css', ARCHIVE_CSS)
  folder.write('assets/archive.js', ARCHIVE_JS)
  const copied = new Set<string>()
  const missing = new Set<string>()
  const ensureMedia = (message: StoredMessage): boolean => {
    const attachment = message.attachment
    if (!attachment) return false
    const name = exportedMediaName(attachment)
    if (name === null || attachment.storedPath === null || !STORED_PATH.test(attachment.storedPath)) return false
    if (copied.has(name)) return true
    if (missing.has(name)) return false
    const source = workspace.path(...attachment.storedPath.split('/'))
    const stat = statSync(source, {throwIfNoEntry: false})
    if (stat === undefined || !stat.isFile()) {
      missing.add(name)
      return false
    }
    folder.copyIn(source, `media/${name}`, stat.size)
    copied.add(name)
    return true
  }
  const ctx: PageContext = {labels, clock, root: '../../', hasMedia: (name) => copied.has(name), isOwn: ownAuthorTest(options.meLabels ?? [])}

  const results: ArchivedChat[] = []
  const entries: IndexEntry[] = []
  for (const chat of chats) {
    const expectedPages = Math.max(1, Math.ceil(chat.messageCount / pageSize))
    // Each row is [page, message id, wall clock, author, text], already as JSON.
    let shardRowsJson: string[] = []
    let shards = 0
    const flushShard = (): void => {
      shards++
      folder.write(`chats/${chat.id}/search-${shards}.js`, `xmArchive.add(${chat.id}, ${shards}, [${shardRowsJson.join(',')}]);\n`)
      shardRowsJson = []
    }
    let page = 1
    let body: string[] = []
    let onPage = 0
    let lastDay: string | null = null
    let firstDay: string | null = null
    let count = 0
    let mediaShown = 0
    let mediaMissing = 0
    const flush = (hasNext: boolean): void => {
      const frame: ChatPageFrame = {chatId: chat.id, title: chat.title, page, pages: hasNext ? Math.max(expectedPages, page + 1) : page}
      folder.write(`chats/${chat.id}/p${page}.html`, chatPageStart(frame, labels) + body.join('') + chatPageEnd(frame, labels))
    }
    for (const message of store.messages(chat.id)) {
      if (onPage === pageSize) {
        flush(true)
        page++
        body = []
        onPage = 0
      }
      const time = clock.read(message.date)
      // Every page starts with its day, so a page opened from a search result has its date.
      if (onPage === 0 || time.day !== lastDay) body.push(renderDay(time.day, clock))
      lastDay = time.day
      firstDay ??= time.day
      if (message.attachment) {
        if (ensureMedia(message)) mediaShown++
        else mediaMissing++
      }
      body.push(renderMessage(message, time, ctx))
      const searchable = message.attachment ? `${message.text}\n${message.attachment.name}`.trim() : message.text
      shardRowsJson.push(jsonForScript([page, message.id, time.wallClock, message.author ?? '', searchable]))
      if (shardRowsJson.length === shardRows) flushShard()
      onPage++
      count++
      written++
      if ((written & 1023) === 0) options.onMessage?.(written)
    }
    flush(false)
    if (shardRowsJson.length > 0 || shards === 0) flushShard()
    folder.write(`chats/${chat.id}/search.js`, `xmArchive.parts(${chat.id}, ${jsonForScript(chat.title)}, ${shards});\n`)
    results.push({id: chat.id, title: chat.title, messages: count, pages: page, mediaShown, mediaMissing})
    entries.push({chatId: chat.id, title: chat.title, kind: chat.kind, messages: count, firstDay, lastDay})
  }
  folder.write('index.html', renderIndex(entries, labels))
  options.onMessage?.(written)
  return results
}
