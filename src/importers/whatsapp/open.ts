import {open as openFile, readdir, stat} from 'node:fs/promises'
import {basename, dirname, extname} from 'node:path'

import {t} from '../../i18n/index.js'
import {UserError, XmError} from '../../errors/index.js'
import type {ChatSource, FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue} from '../../model/types.js'
import {folderFileProvider, inputNotFound, SafeZip, zipFileProvider} from '../archive/index.js'
import {looksLikeText, readTextChunks, SNIFF_BYTES, textChunksFromBytes} from '../text-chunks.js'
import {chatTitleFromName, findChatText, isIosChatTextName, isMacResourceFork, type ChatTextChoice} from './archive-names.js'
import {analyzeWhatsApp, parseWhatsApp, type DateOrder, type WhatsAppAnalysis, type WhatsAppParseOptions} from './parser.js'
import {participantFromLabel} from './participants.js'

/** Options of {@link openWhatsAppExport}. */
export interface OpenWhatsAppOptions {
  /** Day/month order to use instead of inferring it (`--date-order`). */
  dateOrder?: DateOrder
  /** Refuse archive entries that inflate past this many bytes (`--max-entry-size`, default 2 GiB). */
  maxEntrySize?: number
}

/** Where the chat text comes from, read afresh for each pass. */
interface ChatTextInput {
  /** Name of the chat text (entry or file name), for issues and title. */
  name: string
  /** A new stream of the chat text's decoded chunks. */
  chunks: () => AsyncIterable<string>
  /** Title carried by the container's name (the .zip, the folder, the .txt itself), or null. */
  containerTitle: string | null
  /** Fallback title when nothing else gives one. */
  fallbackTitle: string
  /** Files that come with the chat, if any. */
  files?: FileProvider
  /** Issues about the container (e.g. several chat texts). */
  issues: ImportIssue[]
}


/** The error for anything that is not an export; names the path and what was expected. */
function notAnExport(path: string, why: string, cause?: unknown): UserError {
  return new UserError('WA_NOT_AN_EXPORT', t('errors.whatsapp.notAnExport', {path, why}), {
    cause,
    suggestions: [t('errors.whatsapp.howToExport')],
  })
}

/** Turns "permission denied" into an error the person can act on; other errors pass. */
function rethrowUnreadable(path: string): (error: unknown) => never {
  return (error) => {
    const code = (error as NodeJS.ErrnoException | null)?.code
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError('INPUT_UNREADABLE', t('errors.import.permissionDenied', {path}), {
        cause: error,
        suggestions: [t('errors.import.permissionDeniedFix')],
      })
    }
    throw error
  }
}

/**
 * Opens what WhatsApp's "Export chat" produced: a `.txt`, a `.zip` (with `_chat.txt` or
 * `WhatsApp Chat with NAME.txt`, plus media), or a folder holding an unzipped export. The kind of
 * input is told by its content, not its extension (a PDF renamed `.zip` is a PDF).
 *
 * The chat text is read once here (pass 1: format, day/month order, authors) and again by each
 * `messages()` call (pass 2), streaming both times, from the archive when there is one; nothing is
 * extracted or written.
 *
 * Fails with UserError INPUT_NOT_FOUND (no such path), INPUT_UNREADABLE (permission denied),
 * WA_NOT_AN_EXPORT (empty file, binary file, a zip or folder without a chat text, text without
 * WhatsApp messages), WA_DATES_WITHOUT_YEAR (an old export whose dates have no year), ARCHIVE_CORRUPT, ARCHIVE_UNSAFE_ENTRY, ARCHIVE_UNSUPPORTED,
 * ARCHIVE_TOO_LARGE or ARCHIVE_ENTRY_TOO_LARGE (the chat text itself inflating past the limit).
 */
export async function openWhatsAppExport(path: string, options: OpenWhatsAppOptions = {}): Promise<OpenedExport> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw inputNotFound(path, error)
    throw error
  })
  let input: ChatTextInput
  if (found.isDirectory()) {
    input = await openFolder(path).catch(rethrowUnreadable(path))
  } else if (!found.isFile()) {
    throw notAnExport(path, t('errors.whatsapp.why.notFileOrFolder'))
  } else {
    const head = await readHead(path).catch(rethrowUnreadable(path))
    if (head.length === 0) throw notAnExport(path, t('errors.whatsapp.why.empty'))
    if (isZipSignature(head)) input = await openZip(path, options)
    else if (looksLikeText(head)) input = await openText(path)
    else throw notAnExport(path, describeBinary(head))
  }
  const chat = await analyzeChat(path, input, options)
  return {source: 'whatsapp', path, chats: [chat.source], issues: chat.issues}
}

/** Pass 1 and the ChatSource built from it. */
async function analyzeChat(
  path: string,
  input: ChatTextInput,
  options: OpenWhatsAppOptions,
): Promise<{source: ChatSource; issues: ImportIssue[]}> {
  const files = input.files
  const parseOptions: WhatsAppParseOptions = {fileName: input.name}
  if (options.dateOrder !== undefined) parseOptions.dateOrder = options.dateOrder
  if (files !== undefined) parseOptions.hasFile = (name) => files.has(name)
  const containerTitle = cleanTitle(input.containerTitle)
  if (containerTitle !== null) parseOptions.chatTitle = containerTitle

  let analysis: WhatsAppAnalysis
  try {
    analysis = await analyzeWhatsApp(input.chunks(), parseOptions)
  } catch (error) {
    if (error instanceof XmError && error.code === 'WA_NOT_AN_EXPORT') {
      throw notAnExport(path, t('errors.whatsapp.why.noMessageLine', {name: JSON.stringify(input.name)}), error)
    }
    if (error instanceof XmError && error.code === 'WA_DATES_WITHOUT_YEAR') {
      throw new UserError(
        'WA_DATES_WITHOUT_YEAR',
        t('errors.whatsapp.datesWithoutYear', {path}),
        {cause: error, suggestions: error.suggestions},
      )
    }
    throw error
  }

  const {title, sourceKey} = chooseTitle(containerTitle, cleanTitle(analysis.titleHint), input.fallbackTitle)
  const source: ChatSource = {
    info: {
      source: 'whatsapp',
      // Derived from the title so that a later export of the same chat maps to the same chat.
      sourceId: `whatsapp:${sourceKey}`,
      title,
      kind: analysis.kind,
      participants: analysis.authors.map((author) => participantFromLabel(author)),
    },
    messageCount: analysis.messageCount,
    messages: () => parseWhatsApp(input.chunks(), analysis, parseOptions),
  }
  if (files !== undefined) source.files = files
  return {source, issues: [...input.issues, ...analysis.issues]}
}

/**
 * The chat's title (issue 16): the name the container (file, archive or folder name) carries,
 * unless the export's own events name the group (its last subject change, else its creation
 * line) and the container's name is only that name as a file name keeps it ("Les amis du jeudi"
 * for "Les amis du jeudi 🍷"); the events' name when the container carries none (`_chat.txt`
 * unzipped, a renamed file); else the file's own name.
 *
 * `sourceKey` identifies the chat across exports: the container's name as before when there is
 * one (so a workspace imported earlier maps to the same chat), else the event title as a file
 * name would keep it, so that the zip of the same group ("WhatsApp Chat - Les amis du jeudi")
 * and its unzipped `_chat.txt` meet.
 */
export function chooseTitle(containerTitle: string | null, eventTitle: string | null, fallbackTitle: string): {title: string; sourceKey: string} {
  if (containerTitle !== null) {
    const title = eventTitle !== null && fileNameForm(eventTitle) === fileNameForm(containerTitle) ? eventTitle : containerTitle
    return {title, sourceKey: containerTitle.normalize('NFC').toLowerCase()}
  }
  if (eventTitle !== null) return {title: eventTitle, sourceKey: fileNameForm(eventTitle) || eventTitle.normalize('NFC').toLowerCase()}
  return {title: fallbackTitle, sourceKey: fallbackTitle.normalize('NFC').toLowerCase()}
}

// Emoji and what composes them (joiners, variation selectors, skin tones, flags, keycaps), which
// WhatsApp leaves out of the names of exported files.
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\uFE0E\uFE0F\u20E3]/gu
// Characters no file name can hold on some system (Windows, macOS), dropped or replaced.
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|_\s]+/gu

/**
 * A title as a file name keeps it: no emoji, none of the characters file systems refuse, `_` as
 * a space, one space between words, lower case. "Les amis du jeudi 🍷" → "les amis du jeudi".
 */
export function fileNameForm(title: string): string {
  return title.normalize('NFC').replace(EMOJI, ' ').replace(NOT_IN_FILE_NAMES, ' ').trim().toLowerCase()
}

function cleanTitle(title: string | null | undefined): string | null {
  const trimmed = title?.normalize('NFC').trim() ?? ''
  return trimmed.length > 0 ? trimmed : null
}

/** A `.txt` given directly. `_chat.txt` (from an unzipped iOS export) gets its folder's files. */
async function openText(path: string): Promise<ChatTextInput> {
  const name = basename(path)
  const input: ChatTextInput = {
    name,
    chunks: () => readTextChunks(path),
    containerTitle: chatTitleFromName(name),
    fallbackTitle: stem(name),
    issues: [],
  }
  if (isIosChatTextName(name)) {
    // iOS always writes _chat.txt beside its media, in a folder named after the chat.
    const folder = dirname(path)
    input.containerTitle = chatTitleFromName(basename(folder))
    // i18n-ignore: the chat's identity key when the path has no name at all (a root folder)
    input.fallbackTitle = basename(folder) || 'WhatsApp chat'
    const siblings = await listRegularFiles(folder)
    input.files = folderFileProvider(
      folder,
      siblings.filter((sibling) => sibling !== name && !isMacResourceFork(sibling)),
    )
  }
  return input
}

/** A `.zip`: finds the chat text by name; the other entries become the chat's files. */
async function openZip(path: string, options: OpenWhatsAppOptions): Promise<ChatTextInput> {
  const zipOptions = options.maxEntrySize === undefined ? {} : {maxEntrySize: options.maxEntrySize}
  const zip = await SafeZip.open(path, zipOptions)
  const zipName = basename(path)
  const containerTitle = chatTitleFromName(zipName)
  const names = zip.names()
  const choice = findChatText(names, containerTitle)
  if (choice === null) {
    const listed = names.filter((name) => !isMacResourceFork(name))
    const sample = listed.slice(0, 5).map((name) => JSON.stringify(name)).join(', ')
    const holds = listed.length === 0 ? t('errors.whatsapp.why.holdsNothing') : listed.length > 5 ? t('errors.whatsapp.why.holdsMany', {sample, count: listed.length}) : t('errors.whatsapp.why.holds', {sample})
    throw notAnExport(path, t('errors.whatsapp.why.noChatTextInZip', {holds}))
  }
  const files = zipFileProvider(zip, {folder: choice.folder, exclude: [choice.name], skip: isMacResourceFork})
  return {
    name: choice.name,
    chunks: () => textChunksFromBytes(zip.read(choice.name)),
    containerTitle: containerTitle ?? chatTitleFromName(choice.name) ?? titleOfFolder(choice.folder),
    fallbackTitle: stem(zipName),
    files,
    issues: severalChatsIssue(path, choice),
  }
}

/** A folder holding an export (e.g. an unzipped iOS archive, or an Android .txt with its media). */
async function openFolder(path: string): Promise<ChatTextInput> {
  const fileNames = await listRegularFiles(path)
  const containerTitle = chatTitleFromName(basename(path))
  const choice = findChatText(fileNames, containerTitle)
  if (choice === null) {
    throw notAnExport(path, t('errors.whatsapp.why.noChatTextInFolder'))
  }
  const chatPath = `${path}/${choice.name}`
  return {
    name: choice.name,
    chunks: () => readTextChunks(chatPath),
    containerTitle: containerTitle ?? chatTitleFromName(choice.name),
    // i18n-ignore: the chat's identity key when the path has no name at all
    fallbackTitle: basename(path) || 'WhatsApp chat',
    files: folderFileProvider(
      path,
      fileNames.filter((name) => name !== choice.name && !isMacResourceFork(name)),
    ),
    issues: severalChatsIssue(path, choice),
  }
}

/** A warning when the container holds more than one chat text (only one is imported). */
function severalChatsIssue(path: string, choice: ChatTextChoice): ImportIssue[] {
  if (choice.others.length === 0) return []
  return [
    {
      severity: 'warning',
      code: 'WA_SEVERAL_CHAT_TEXTS',
      message: t('errors.whatsapp.severalChatTexts', {path, name: choice.name, others: choice.others.map((name) => JSON.stringify(name)).join(', ')}),
      file: path,
    },
  ]
}

/** Regular files directly in a folder (no sub-folders, no symbolic links, no hidden files). */
async function listRegularFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
}

/** The first bytes of a file, for sniffing. */
async function readHead(path: string): Promise<Uint8Array> {
  const handle = await openFile(path, 'r')
  try {
    const buffer = new Uint8Array(SNIFF_BYTES)
    const {bytesRead} = await handle.read(buffer, 0, SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** A local file header or an empty archive's end record (APPNOTE.TXT 4.3.7, 4.3.16). */
function isZipSignature(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
}

/** The first bytes of an SQLite database file. */
const SQLITE_MAGIC = 'SQLite format' // i18n-ignore: a file signature, not a text

/** What a binary file probably is, for the error message. */
function describeBinary(head: Uint8Array): string {
  const ascii = new TextDecoder('latin1').decode(head.subarray(0, 16))
  if (ascii.startsWith('%PDF')) return t('errors.whatsapp.binary.pdf')
  if (head[0] === 0xff && head[1] === 0xd8) return t('errors.whatsapp.binary.jpeg')
  if (ascii.startsWith('\u0089PNG')) return t('errors.whatsapp.binary.png')
  // i18n-ignore: SQLite's file signature
  if (ascii.startsWith('SQLite format')) return t('errors.whatsapp.binary.database')
  if (ascii.startsWith('OggS')) return t('errors.whatsapp.binary.audio')
  if (ascii.slice(4, 8) === 'ftyp') return t('errors.whatsapp.binary.video')
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return t('errors.whatsapp.binary.utf16')
  }
  return t('errors.whatsapp.binary.other')
}

/** The title an archive's folder prefix carries (`WhatsApp Chat - Famille/`), or null. */
function titleOfFolder(folder: string): string | null {
  if (folder === '') return null
  const parts = folder.split('/').filter((part) => part.length > 0)
  return chatTitleFromName(parts[parts.length - 1] ?? '')
}

/** A file name without its extension. */
function stem(name: string): string {
  const ext = extname(name)
  const result = ext.length > 0 ? name.slice(0, -ext.length) : name
  // i18n-ignore: the chat's identity key when the file has no name
  return result.length > 0 ? result : 'WhatsApp chat'
}
