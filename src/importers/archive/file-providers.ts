import {constants as fsConstants} from 'node:fs'
import {open} from 'node:fs/promises'
import {join} from 'node:path'

import {BugError} from '../../errors/index.js'
import type {FileProvider} from '../../model/importer.js'
import type {SafeZip} from './SafeZip.js'

/**
 * FileProviders (src/model/importer.ts) over the files that come with an export: the entries of
 * a .zip, or the files of a folder. Names are keys in Unicode NFC, because the chat text and the
 * archive may disagree on normalization (macOS writes decomposed names: "é" as "e" + U+0301)
 * while they mean the same file. Keys are also free of bidi controls: WhatsApp writes a file name
 * in the chat text with marks around it (U+200E…), which the importer strips, while the file's own
 * name may hold one (issue 14: such a file was reported "not in the export").
 */

// Bidi controls: LRM, RLM, ALM, embeddings/overrides (U+202A–U+202E), isolates (U+2066–U+2069).
const BIDI = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g

/** The key a file is found by: NFC, without bidi controls. */
export function fileKey(name: string): string {
  return name.normalize('NFC').replace(BIDI, '')
}

/** Options of {@link zipFileProvider}. */
export interface ZipFileProviderOptions {
  /** Only entries under this folder (`""` or ending with "/"), named relative to it. */
  folder?: string
  /** Entry names (as stored) to leave out, e.g. the chat text itself. */
  exclude?: readonly string[]
  /** Entry names (as stored) to leave out by rule, e.g. macOS resource forks. */
  skip?: (entryName: string) => boolean
}

/**
 * The entries of an archive as a FileProvider. `open()` streams with the archive's size limit
 * and CRC check (see SafeZip.read), so it fails with ARCHIVE_ENTRY_TOO_LARGE or ARCHIVE_CORRUPT.
 */
export function zipFileProvider(zip: SafeZip, options: ZipFileProviderOptions = {}): FileProvider {
  const folder = options.folder ?? ''
  const excluded = new Set(options.exclude ?? [])
  const byKey = new Map<string, string>()
  for (const entryName of zip.names()) {
    if (!entryName.startsWith(folder) || excluded.has(entryName) || options.skip?.(entryName)) continue
    const key = fileKey(entryName.slice(folder.length))
    // Two entries that differ only by normalization: the first wins, as an archiver would.
    if (key.length > 0 && !byKey.has(key)) byKey.set(key, entryName)
  }
  return {
    has: (name) => byKey.has(fileKey(name)),
    names: () => [...byKey.keys()],
    open: (name) => {
      const entryName = byKey.get(fileKey(name))
      if (entryName === undefined) throw new BugError(`open("${name}"): no such file in ${zip.path}; check has() first`)
      return zip.read(entryName)
    },
  }
}

/**
 * Files of a folder as a FileProvider. `fileNames` are names as listed by the folder (callers
 * list regular files only); they are the only names `open()` accepts, so a name taken from a chat
 * text can never reach another path. Symbolic links are not followed when opening (O_NOFOLLOW):
 * a link swapped in after listing fails instead of reading elsewhere.
 */
export function folderFileProvider(dir: string, fileNames: readonly string[]): FileProvider {
  const byKey = new Map<string, string>()
  for (const fileName of fileNames) {
    const key = fileKey(fileName)
    if (!byKey.has(key)) byKey.set(key, fileName)
  }
  return {
    has: (name) => byKey.has(fileKey(name)),
    names: () => [...byKey.keys()],
    open: (name) => {
      const fileName = byKey.get(fileKey(name))
      if (fileName === undefined) throw new BugError(`open("${name}"): no such file in ${dir}; check has() first`)
      return readNoFollow(join(dir, fileName))
    },
  }
}

/** Streams a file in 1 MiB chunks, refusing to follow a symbolic link (ELOOP). */
async function* readNoFollow(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW)
  try {
    yield* handle.createReadStream({highWaterMark: 1024 * 1024, autoClose: false}) as AsyncIterable<Uint8Array>
  } finally {
    await handle.close()
  }
}
