import {existsSync} from 'node:fs'

import {getMe} from '../contacts/index.js'
import {UserError} from '../errors/index.js'
import {Store, type StoredChatWithParticipants} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {writeHtmlArchive, type ArchivedChat} from './export-html.js'
import {planPdfParts, renderPdfParts} from './export-pdf.js'
import {writeJsonChats, writeTextChats, type PlainChatFile} from './export-plain.js'
import type {HistoryLanguage} from './labels.js'
import {PrivateFolder} from './PrivateFolder.js'
import {t} from '../i18n/index.js'

/** Formats of `history export` that write a folder. */
export type FolderFormat = 'html' | 'json' | 'txt'

/** What `history export` asks for (html, json, txt). */
export interface ExportRequest {
  format: FolderFormat
  /** Output folder (created 0700). */
  out: string
  /** Chats to export by id; every chat when empty. */
  chatIds: number[]
  /** Interface language of the html archive and the txt labels. */
  language: HistoryLanguage
  /** IANA zone for instants (Signal); the system's when undefined. */
  timeZone?: string
  /** Messages per html page (tests). */
  pageSize?: number
  /** Rows per html search-index shard (tests). */
  searchShardRows?: number
  /** Progress: messages written so far and the total, called every thousand messages or so and at the end. */
  onProgress?: (written: number, total: number) => void
}

/** `history export --json`. */
export interface ExportResult {
  format: FolderFormat
  /** Absolute path of the output folder. */
  out: string
  /** The file to open: index.html for html, else null. */
  open: string | null
  /** Chats written. */
  chats: (ArchivedChat | PlainChatFile)[]
  /** Files written and their total size in bytes. */
  files: number
  bytes: number
}

/** What `history export --format pdf` wrote for one chat. */
export interface PdfChatFiles {
  id: number
  title: string
  messages: number
  /** The documents, relative to the output folder. */
  files: string[]
}

/**
 * Writes each chat as PDF documents (export-pdf.ts) into a private folder: the same documents
 * `history upload` shares, to print or send another way. Fails as exportHistory does.
 */
export async function exportPdfDocuments(workspace: Workspace, request: Omit<ExportRequest, 'format' | 'pageSize'> & {maxPartMessages?: number}): Promise<{format: 'pdf'; out: string; chats: PdfChatFiles[]; files: number; bytes: number}> {
  if (request.timeZone !== undefined) checkTimeZone(request.timeZone)
  const store = openImportedStore(workspace)
  try {
    const chats = selectChats(store, workspace, request.chatIds)
    const folder = PrivateFolder.create(request.out)
    const options = {language: request.language, meLabels: meLabels(store), ...(request.timeZone ? {timeZone: request.timeZone} : {}), ...(request.maxPartMessages ? {maxPartMessages: request.maxPartMessages} : {})}
    const written: PdfChatFiles[] = []
    for (const chat of chats) {
      const plan = planPdfParts(store, workspace, chat, options)
      const files: string[] = []
      let messages = 0
      await renderPdfParts(store, workspace, chat, plan, options, (part) => {
        const name = `${chat.id}-${part.fileName}`
        folder.write(name, part.bytes)
        files.push(name)
        messages += part.messages
      })
      written.push({id: chat.id, title: chat.title, messages, files})
    }
    return {format: 'pdf', out: folder.dir, chats: written, files: folder.files, bytes: folder.bytes}
  } finally {
    store.close()
  }
}

/** Opens the workspace's store, or fails with NOTHING_IMPORTED. */
export function openImportedStore(workspace: Workspace): Store {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', t('errors.store.nothingImported', {dir: workspace.dir}), {suggestions: [t('errors.store.importFirst')]})
  }
  return Store.open(workspace.storePath)
}

/** The chats named by `ids` (all when empty), or CHAT_NOT_FOUND naming the unknown id. */
export function selectChats(store: Store, workspace: Workspace, ids: number[]): StoredChatWithParticipants[] {
  const all = store.listChats()
  if (ids.length === 0) return all
  return [...new Set(ids)].map((id) => {
    const chat = all.find((c) => c.id === id)
    if (chat === undefined) {
      throw new UserError('CHAT_NOT_FOUND', t('errors.store.noChatIn', {id, dir: workspace.dir}), {
        suggestions: [t('errors.store.noChatFix'), t('errors.store.checkWorkspace')],
      })
    }
    return chat
  })
}

/**
 * Exports the imported chats into a private folder: a browsable archive (html), the normalized
 * model (json) or plain text (txt).
 *
 * Fails with NOTHING_IMPORTED, CHAT_NOT_FOUND, HISTORY_OUT_NOT_A_FOLDER, HISTORY_TIMEZONE_UNKNOWN,
 * the store's UserErrors, or file-system errors.
 */
export function exportHistory(workspace: Workspace, request: ExportRequest): ExportResult {
  if (request.timeZone !== undefined) checkTimeZone(request.timeZone)
  const store = openImportedStore(workspace)
  try {
    const chats = selectChats(store, workspace, request.chatIds)
    const folder = PrivateFolder.create(request.out)
    const total = chats.reduce((sum, chat) => sum + chat.messageCount, 0)
    const report = request.onProgress
    let count = 0
    const onMessage = report === undefined ? undefined : () => ((++count & 1023) === 0 ? report(count, total) : undefined)
    report?.(0, total)
    let written: (ArchivedChat | PlainChatFile)[]
    switch (request.format) {
      case 'html':
        written = writeHtmlArchive(store, workspace, chats, folder, {
          language: request.language,
          meLabels: meLabels(store),
          ...(request.timeZone ? {timeZone: request.timeZone} : {}),
          ...(request.pageSize ? {pageSize: request.pageSize} : {}),
          ...(request.searchShardRows ? {searchShardRows: request.searchShardRows} : {}),
          ...(report ? {onMessage: (n: number) => report(n, total)} : {}),
        })
        break
      case 'json':
        written = writeJsonChats(store, chats, folder, onMessage)
        break
      case 'txt':
        written = writeTextChats(store, chats, folder, request.language, request.timeZone, onMessage)
        break
    }
    report?.(written.reduce((sum, chat) => sum + chat.messages, 0), total)
    return {format: request.format, out: folder.dir, open: request.format === 'html' ? folder.path('index.html') : null, chats: written, files: folder.files, bytes: folder.bytes}
  } finally {
    store.close()
  }
}

/** The labels of the person themself (the contact "me"), empty when not decided. */
export function meLabels(store: Store): string[] {
  const me = getMe(store)
  return me === null ? [] : [me.name, ...me.aliases]
}

/** Fails with HISTORY_TIMEZONE_UNKNOWN unless `zone` is an IANA zone this Node knows. */
export function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', {timeZone: zone})
  } catch (error) {
    throw new UserError('HISTORY_TIMEZONE_UNKNOWN', t('errors.history.badTimeZone', {zone}), {
      cause: error,
      suggestions: [t('errors.history.badTimeZoneFix')],
    })
  }
}
