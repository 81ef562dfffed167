import {closeSync, createReadStream, openSync, readSync, statSync} from 'node:fs'
import {readdir, stat} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

import {UserError} from '../../errors/index.js'
import {SafeZip} from '../archive/index.js'
import {readHead} from '../read-head.js'
import {t} from '../../i18n/index.js'

/**
 * Where a Telegram Desktop export's `result.json` is. Media paths in it are relative to the
 * folder that holds it (tdesktop writes `photos/…`, `chats/chat_001/files/…` from there).
 */
export type TelegramLocation =
  /** A folder (`ChatExport_…`, `DataExport_…`) and the name of its JSON file in it. */
  | {kind: 'folder'; dir: string; file: string}
  /** A .zip of such a folder: `entry` is the JSON file's entry name. */
  | {kind: 'zip'; zip: SafeZip; entry: string}

/** What Telegram Desktop names its machine-readable export; the HTML one starts at these pages. */
const RESULT_JSON = 'result.json'
const HTML_PAGES = ['messages.html', 'export_results.html']

/** How to get the machine-readable export (tdesktop's export dialog, "Format"), in the console language. */
export function howToExportJson(): string {
  return t('errors.telegram.howToExportJson')
}

/**
 * Recognizes a Telegram Desktop export: a folder holding `result.json`, a .zip holding one (the
 * shallowest that starts like tdesktop's JSON, else the shallowest), or a file named
 * `result.json` or whose first bytes are those of tdesktop's writer. Returns null for anything
 * else, so other importers can try.
 *
 * @throws UserError TG_HTML_EXPORT when the folder or .zip holds Telegram's HTML export
 *   (`messages.html`, `export_results.html`) and no `result.json`: it cannot be read, and
 *   the message says which box to tick.
 */
export async function detectTelegramInput(path: string, options: {maxEntrySize?: number} = {}): Promise<TelegramLocation | null> {
  const found = await stat(path)
  if (found.isDirectory()) {
    const names = new Set(await readdir(path))
    // The name is Telegram's; a damaged (empty, truncated) result.json is still its export and
    // gets the Telegram importer's error, not another importer's.
    if (names.has(RESULT_JSON) && (await stat(join(path, RESULT_JSON))).isFile()) return {kind: 'folder', dir: path, file: RESULT_JSON}
    if (HTML_PAGES.some((page) => names.has(page))) throw htmlExport(path)
    return null
  }
  if (!found.isFile()) return null
  const head = await readHead(path, 512)
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) return detectZip(path, options.maxEntrySize)
  if (looksLikeTelegramJson(head) || basename(path) === RESULT_JSON) return {kind: 'folder', dir: dirname(path), file: basename(path)}
  if (/\.html?$/i.test(path) && /Exported Data|tdesktop|Telegram/.test(new TextDecoder().decode(head))) throw htmlExport(path)
  return null
}

/**
 * A quick synchronous guess, for callers that must decide before opening (the import service
 * does not start its WhatsApp worker on a Telegram export): true for a folder holding
 * `result.json` or a file that starts like tdesktop's JSON. Never throws; detectTelegramInput
 * is what decides.
 */
export function mightBeTelegramExport(path: string): boolean {
  try {
    const found = statSync(path)
    if (found.isDirectory()) return statSync(join(path, RESULT_JSON), {throwIfNoEntry: false})?.isFile() === true
    if (!found.isFile()) return false
    if (basename(path) === RESULT_JSON) return true
    const fd = openSync(path, 'r')
    try {
      const head = Buffer.alloc(512)
      return looksLikeTelegramJson(head.subarray(0, readSync(fd, head, 0, head.length, 0)))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}

async function detectZip(path: string, maxEntrySize: number | undefined): Promise<TelegramLocation | null> {
  const zip = await SafeZip.open(path, maxEntrySize === undefined ? {} : {maxEntrySize})
  const depth = (name: string): number => name.split('/').length
  const results = zip
    .names()
    .filter((name) => name === RESULT_JSON || name.endsWith(`/${RESULT_JSON}`))
    .sort((a, b) => depth(a) - depth(b))
  for (const entry of results) {
    if (looksLikeTelegramJson(await readZipHead(zip, entry))) return {kind: 'zip', zip, entry}
  }
  if (results[0] !== undefined) return {kind: 'zip', zip, entry: results[0]}
  if (zip.names().some((name) => HTML_PAGES.includes(name.slice(name.lastIndexOf('/') + 1)))) throw htmlExport(path)
  return null
}

/**
 * True when the first bytes are those of a tdesktop JSON export: an object (after an optional
 * BOM and whitespace) whose first key is one tdesktop writes first: `about` (full export),
 * `name`, `type` or `id` (one chat), or `personal_information`, `chats`, `messages`.
 */
export function looksLikeTelegramJson(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', {fatal: false}).decode(head).replace(/^\uFEFF/, '')
  return /^\s*\{\s*"(about|name|type|id|personal_information|chats|left_chats|messages|contacts)"\s*:/.test(text)
}

function htmlExport(path: string): UserError {
  return new UserError('TG_HTML_EXPORT', t('errors.telegram.htmlExport', {path}), {
    suggestions: [howToExportJson()],
  })
}

async function readZipHead(zip: SafeZip, entry: string, length = 512): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of zip.read(entry)) {
    chunks.push(chunk)
    size += chunk.length
    if (size >= length) break
  }
  return Buffer.concat(chunks).subarray(0, length)
}

/**
 * Streams bytes `start`…`end` (inclusive; the whole input when absent) of the export's JSON
 * file. In a .zip the entry is inflated from its start and the bytes before `start` dropped.
 */
export async function* readJsonBytes(location: TelegramLocation, start?: number, end?: number): AsyncGenerator<Uint8Array> {
  if (location.kind === 'folder') {
    yield* createReadStream(join(location.dir, location.file), {start, end, highWaterMark: 1024 * 1024}) as AsyncIterable<Uint8Array>
    return
  }
  let position = 0
  for await (const chunk of location.zip.read(location.entry)) {
    const chunkStart = position
    position += chunk.length
    if (start !== undefined && position <= start) continue
    const from = start === undefined ? 0 : Math.max(0, start - chunkStart)
    const to = end === undefined ? chunk.length : Math.min(chunk.length, end + 1 - chunkStart)
    if (to > from) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to)
    if (end !== undefined && position > end) return
  }
}
