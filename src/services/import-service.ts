import {stat} from 'node:fs/promises'

import {sharedCardSuggestions, refreshContacts, type CardSuggestion} from '../contacts/index.js'
import {formatCardSuggestions} from '../contacts/format.js'
import {openExport, type OpenExportOptions} from '../importers/open-export.js'
import {mightBeTelegramExport} from '../importers/telegram/index.js'
import {MediaStore} from '../media/index.js'
import type {ChatSource, OpenedExport} from '../model/importer.js'
import type {ImportIssue, SourceKind} from '../model/types.js'
import {importIntoStore, Store, type ImportedChat, type ImportFileInfo} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {ParseWorkerFeed} from './ParseWorkerFeed.js'

export type {ImportedChat} from '../store/index.js'

/** Where an import is, for a progress bar. */
export interface ImportProgress {
  /** The export being worked on, as the person gave it. */
  path: string
  /** `analyze`: the export is being opened and read a first time; `import`: messages are stored. */
  phase: 'analyze' | 'import'
  /** Messages of this export stored so far (0 while analyzing). */
  messages: number
  /** Messages of this export in all, when the importer knows it up front. */
  totalMessages?: number
}

/** Options of importExports. */
export interface ImportOptions extends OpenExportOptions {
  /** Called as the import goes (every few thousand messages). */
  onProgress?: (progress: ImportProgress) => void
}

/** What importing one export did. */
export interface FileImportSummary {
  /** The export, as the person gave it. */
  path: string
  /** The importer that read it. */
  source: SourceKind
  /** The store's id of this import run. */
  importId: number
  /** Its chats, with what the import did to each. */
  chats: ImportedChat[]
  /** Messages added. */
  messagesNew: number
  /** Messages the store already had (from an earlier import of this or an overlapping export). */
  messagesKnown: number
  /** Attachment files stored in the workspace and recorded on messages. */
  attachmentsStored: number
  /** What the importer noticed and did not stop for (assumed date order, missing files, …). */
  warnings: ImportIssue[]
}

/** What `import` did, per export and in total. JSON-serializable: it is `import --json`. */
export interface ImportSummary {
  /** One entry per export, in the order given. */
  files: FileImportSummary[]
  /** Totals over every export. */
  total: {
    /** Every chat touched, once each (counts summed when several exports hold the same chat). */
    chats: ImportedChat[]
    messagesNew: number
    messagesKnown: number
    attachmentsStored: number
    /** Every warning of every export. */
    warnings: ImportIssue[]
  }
}

/**
 * Imports exports into the workspace's store, and their attachment files into its media folder.
 *
 * Every export is opened (and analyzed) first, with the importer that recognizes it (openExport
 * in src/importers/open-export.ts: WhatsApp, Signal, Telegram): if one of them is not an export, nothing
 * at all is stored and the error names it. Then each export is imported in its own transaction:
 * idempotent (the same export twice adds nothing; a later, overlapping export adds only the new
 * messages) and atomic (a crash, a kill, Ctrl-C or an error leaves the store as it was before
 * that export; exports imported before it stay imported). A failed import is recorded in the
 * store's list of imports, and its error is rethrown.
 *
 * Fails with the importers' UserErrors (INPUT_NOT_FOUND, WA_NOT_AN_EXPORT, ARCHIVE_*, SIGNAL_*:
 * see openExport), with an attachment that cannot be read (ARCHIVE_ENTRY_TOO_LARGE,
 * ARCHIVE_CORRUPT: the export is then not imported), or with the store's (STORE_BUSY,
 * STORE_TOO_NEW, STORE_DISK_FULL, …).
 */
export async function importExports(workspace: Workspace, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const {onProgress, ...openOptions} = options

  // The first export is also parsed at once on a second thread (ParseWorkerFeed), so its
  // analysis there runs alongside the one below instead of after it; unused if not WhatsApp.
  // Not on a Telegram export: the worker would read all of a large result.json as WhatsApp text.
  let early = paths[0] === undefined || mightBeTelegramExport(paths[0]) ? undefined : ParseWorkerFeed.start(paths[0], openOptions)
  const exports: {opened: OpenedExport; file: ImportFileInfo}[] = []
  const files: FileImportSummary[] = []
  try {
    for (const path of paths) {
      onProgress?.({path, phase: 'analyze', messages: 0})
      const opened = await openExport(path, openOptions)
      const found = await stat(path)
      exports.push({opened, file: {path, source: opened.source, fileSize: found.isFile() ? found.size : null, fileMtime: found.mtime.toISOString()}})
    }
    workspace.ensure()
    await importAll(workspace, exports, files, onProgress, (index, opened) => {
      const feed = index === 0 ? early : undefined
      early = undefined
      if (!ParseWorkerFeed.canParse(opened)) {
        void feed?.close()
        return undefined
      }
      return feed ?? ParseWorkerFeed.start(opened.path, openOptions)
    })
  } finally {
    await early?.close()
  }
  return {files, total: totalOf(files)}
}

/** Imports the opened exports one by one, each in its own transaction; appends their summaries. */
async function importAll(
  workspace: Workspace,
  exports: readonly {opened: OpenedExport; file: ImportFileInfo}[],
  files: FileImportSummary[],
  onProgress: ImportOptions['onProgress'],
  feedOf: (index: number, opened: OpenedExport) => ParseWorkerFeed | undefined,
): Promise<void> {
  const media = new MediaStore(workspace)
  const store = Store.open(workspace.storePath)
  try {
    for (const [index, {opened, file}] of exports.entries()) {
      const totalMessages = totalMessagesOf(opened.chats)
      const progress = (messages: number): void => {
        onProgress?.({path: file.path, phase: 'import', messages, ...(totalMessages === undefined ? {} : {totalMessages})})
      }
      progress(0)
      // Parsing on a second thread overlaps it with the inserts (see ParseWorkerFeed).
      const feed = feedOf(index, opened)
      let result: Awaited<ReturnType<typeof importIntoStore>>
      try {
        result = await importIntoStore(store, opened, file, {
          storeFile: async (content) => {
            const {sha256, size, storedPath} = await media.put(content)
            return {sha256, size, storedPath}
          },
          onMessages: progress,
          ...(feed === undefined ? {} : {feed: (source, chatIndex) => feed.batches(opened, source, chatIndex)}),
        })
      } finally {
        await feed?.close()
      }
      files.push({
        path: file.path,
        source: opened.source,
        importId: result.importId,
        chats: result.chats,
        messagesNew: result.messagesNew,
        messagesKnown: result.messagesKnown,
        attachmentsStored: result.attachmentsStored,
        warnings: result.issues,
      })
    }
  } finally {
    store.close()
  }
}

/**
 * The number of messages of the chats, when every chat source says how many it will yield
 * (an optional `messageCount` an importer may set after its first pass), else undefined.
 */
function totalMessagesOf(chats: readonly ChatSource[]): number | undefined {
  let total = 0
  for (const chat of chats) {
    if (chat.messageCount === undefined) return undefined
    total += chat.messageCount
  }
  return total
}

/** Sums the files' summaries; a chat in several files appears once with its counts added. */
function totalOf(files: readonly FileImportSummary[]): ImportSummary['total'] {
  const chats = new Map<number, ImportedChat>()
  const total: ImportSummary['total'] = {chats: [], messagesNew: 0, messagesKnown: 0, attachmentsStored: 0, warnings: []}
  for (const file of files) {
    total.messagesNew += file.messagesNew
    total.messagesKnown += file.messagesKnown
    total.attachmentsStored += file.attachmentsStored
    total.warnings.push(...file.warnings)
    for (const chat of file.chats) {
      const seen = chats.get(chat.id)
      if (seen === undefined) chats.set(chat.id, {...chat})
      else {
        seen.title = chat.title
        seen.kind = chat.kind
        seen.messagesNew += chat.messagesNew
        seen.messagesKnown += chat.messagesKnown
        seen.attachmentsStored += chat.attachmentsStored
      }
    }
  }
  total.chats = [...chats.values()]
  return total
}

/** What `refreshContactBook` did: the book rebuilt from every chat, and the contact cards found in it. */
export interface ContactBookRefresh {
  /** Contacts in the book. */
  contacts: number
  /** Contacts created by this refresh. */
  created: number
  /** Who "me" is after the refresh (`set`, `sure`, `unsure` or `none`). */
  me: string
  /**
   * Contact cards shared in the chats: suggestions, never applied here (issue 14); the organizer
   * applies them with `contacts import --from-chats` or `contacts set`.
   */
  cards: CardSuggestion[]
  /** Warnings (numbers without a region, merge conflicts), then the lines about the cards found. */
  warnings: string[]
}

/**
 * Rebuilds the contact book after an import (issue 4): run once the import transactions are
 * committed, never inside one. Contact cards found in the chats are listed, not applied.
 */
export function refreshContactBook(workspace: Workspace): ContactBookRefresh {
  const store = Store.open(workspace.storePath)
  try {
    const refresh = refreshContacts(store)
    const cards = sharedCardSuggestions(store, workspace)
    return {
      contacts: refresh.contacts,
      created: refresh.created,
      me: refresh.me.status,
      cards,
      warnings: [...refresh.warnings.map((w) => w.message), ...formatCardSuggestions(cards)],
    }
  } finally {
    store.close()
  }
}
