import {createReadStream} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {t} from '../../i18n/index.js'
import {UserError} from '../../errors/index.js'
import type {FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue} from '../../model/types.js'
import {folderFileProvider, zipFileProvider, type SafeZip} from '../archive/index.js'
import type {FrameJson} from './frame-types.js'
import {readLines} from './lines.js'
import {openFromFrames, type FrameSource} from './open-frames.js'

/** Where a plaintext export's `main.jsonl` is. */
export type PlaintextLocation = {kind: 'folder'; dir: string} | {kind: 'zip'; zip: SafeZip; entry: string}

/**
 * Opens Signal's plaintext "Export chat history" (fact sheet §3): `main.jsonl`, line 1 the
 * `BackupInfo`, then one `Frame` per line in the proto3 JSON mapping. No key is needed.
 *
 * A line that is not a JSON object is skipped with a warning naming it
 * (SIGNAL_JSONL_LINE_SKIPPED); the rest is imported.
 *
 * @throws UserError SIGNAL_NOT_AN_EXPORT when line 1 is not a BackupInfo.
 */
export async function openSignalPlaintext(path: string, location: PlaintextLocation): Promise<OpenedExport> {
  const fileName = location.kind === 'folder' ? 'main.jsonl' : location.entry
  const chunks = (): AsyncIterable<Uint8Array> =>
    location.kind === 'folder' ? (createReadStream(join(location.dir, 'main.jsonl')) as AsyncIterable<Uint8Array>) : location.zip.read(location.entry)
  const source: FrameSource = {
    frames: (options = {}) => jsonlFrames(path, fileName, chunks(), options.issues),
    files: async (mediaNames) => mediaProvider(location, mediaNames),
  }
  return openFromFrames(path, source)
}

/**
 * The export's media (`files/<2 hex>/<mediaName>.<ext>`, already decrypted, fact sheet §3) as
 * a FileProvider keyed by the attachments' original names. The extension Signal adds is not
 * documented, so a file matches by its name up to the first dot. Undefined when the export has
 * no media ("include media" off).
 */
async function mediaProvider(location: PlaintextLocation, mediaNames: ReadonlyMap<string, string>): Promise<FileProvider | undefined> {
  const pathByMediaName = new Map<string, string>()
  let inner: FileProvider
  if (location.kind === 'folder') {
    const relative: string[] = []
    const buckets = await readdir(join(location.dir, 'files'), {withFileTypes: true}).catch(() => [])
    for (const bucket of buckets) {
      if (!bucket.isDirectory() || !/^[0-9a-f]{2}$/.test(bucket.name)) continue
      for (const file of await readdir(join(location.dir, 'files', bucket.name), {withFileTypes: true})) {
        if (file.isFile()) relative.push(`files/${bucket.name}/${file.name}`)
      }
    }
    for (const path of relative) pathByMediaName.set(mediaNameFromPath(path), path)
    inner = folderFileProvider(location.dir, relative)
  } else {
    const folder = location.entry.slice(0, location.entry.length - 'main.jsonl'.length)
    inner = zipFileProvider(location.zip, {folder, skip: (entry) => !/^files\/[0-9a-f]{2}\/[^/]+$/.test(entry.slice(folder.length))})
    for (const path of inner.names()) pathByMediaName.set(mediaNameFromPath(path), path)
  }
  if (pathByMediaName.size === 0) return undefined
  const byName = new Map<string, string>()
  for (const [name, mediaName] of mediaNames) {
    const path = pathByMediaName.get(mediaName)
    if (path !== undefined) byName.set(name.normalize('NFC'), path)
  }
  return {
    has: (name) => byName.has(name.normalize('NFC')),
    names: () => [...byName.keys()],
    open: (name) => inner.open(byName.get(name.normalize('NFC')) ?? name),
  }
}

function mediaNameFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.indexOf('.')
  return dot === -1 ? base : base.slice(0, dot)
}

async function* jsonlFrames(path: string, fileName: string, chunks: AsyncIterable<Uint8Array>, issues?: ImportIssue[]): AsyncGenerator<FrameJson> {
  let sawInfo = false
  for await (const {text, line} of readLines(chunks)) {
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      value = undefined
    }
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
    if (!sawInfo) {
      // Line 1 is the BackupInfo (version, backupTimeMs): the mark of a Signal export.
      if (!isObject || !('version' in (value as object) || 'backupTimeMs' in (value as object))) {
        throw new UserError('SIGNAL_NOT_AN_EXPORT', t('errors.signal.notAnExportHeader', {path, line, file: fileName}), {
          suggestions: [t('errors.signal.howToExport')],
        })
      }
      sawInfo = true
      continue
    }
    if (!isObject) {
      issues?.push({
        severity: 'warning',
        code: 'SIGNAL_JSONL_LINE_SKIPPED',
        message: t('errors.signal.lineSkipped', {line, file: fileName}),
        file: fileName,
        line,
      })
      continue
    }
    yield value as FrameJson
  }
  if (!sawInfo) {
    throw new UserError('SIGNAL_NOT_AN_EXPORT', t('errors.signal.notAnExportEmpty', {path, file: fileName}))
  }
}
