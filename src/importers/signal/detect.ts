import {readdir, stat} from 'node:fs/promises'
import {basename, join} from 'node:path'

import {UserError} from '../../errors/index.js'
import {SafeZip} from '../archive/index.js'
import {readHead} from '../read-head.js'
import {t} from '../../i18n/index.js'

/** What kind of Signal input a path holds, told by content (never by the name the person gave it). */
export type SignalInput =
  | {kind: 'plaintext-folder'; dir: string}
  | {kind: 'plaintext-zip'; zip: SafeZip; entry: string}
  | {kind: 'backup-v2'; snapshotDir: string; snapshots: string[]}
  | {kind: 'legacy'; file: string}

const SNAPSHOT_PREFIX = 'signal-backup-'

/**
 * Recognizes the three Signal inputs (fact sheet §1): a folder with `main.jsonl` and
 * `metadata.json` (plaintext export) or a .zip holding them; a backup v2 snapshot folder (`main`
 * and `metadata`) or a `SignalBackups` folder holding snapshots (the newest is read, or
 * `snapshot` by name); a legacy `.backup` (a 4-byte big-endian length then a clear protobuf
 * frame whose field 1, the header, comes first). Returns null for anything else, so other
 * importers can try.
 *
 * @throws UserError SIGNAL_SNAPSHOT_NOT_FOUND when `snapshot` names no snapshot of the folder.
 */
export async function detectSignalInput(path: string, snapshot?: string, options: {maxEntrySize?: number} = {}): Promise<SignalInput | null> {
  const found = await stat(path)
  if (found.isDirectory()) return detectFolder(path, snapshot)
  if (!found.isFile()) return null
  const head = await readHead(path, 8)
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) return detectZip(path, options.maxEntrySize)
  if (looksLikeLegacyBackup(head)) return {kind: 'legacy', file: path}
  return null
}

/** A legacy .backup starts with u32be(header length) and a BackupFrame whose first key is field 1, wire type 2. */
export function looksLikeLegacyBackup(head: Uint8Array): boolean {
  if (head.length < 6) return false
  const length = ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)
  return length > 0 && length <= 4096 && head[4] === 0x0a
}

async function detectFolder(dir: string, snapshot: string | undefined): Promise<SignalInput | null> {
  const names = new Set(await readdir(dir))
  if (names.has('main.jsonl') && names.has('metadata.json')) return {kind: 'plaintext-folder', dir}
  if (names.has('main') && names.has('metadata')) return {kind: 'backup-v2', snapshotDir: dir, snapshots: [basename(dir)]}
  const snapshots: string[] = []
  for (const name of [...names].filter((n) => n.startsWith(SNAPSHOT_PREFIX)).sort()) {
    const inner = await readdir(join(dir, name)).catch(() => [] as string[])
    if (inner.includes('main') && inner.includes('metadata')) snapshots.push(name)
  }
  if (snapshots.length === 0) return null
  // Snapshot names end with YYYY-MM-DD-HH-MM-SS: the last in name order is the newest.
  const chosen = snapshot === undefined ? snapshots[snapshots.length - 1] : snapshots.find((s) => s === snapshot || s === basename(snapshot))
  if (chosen === undefined) {
    throw new UserError('SIGNAL_SNAPSHOT_NOT_FOUND', t('errors.signal.noSnapshot', {dir, snapshot: JSON.stringify(snapshot)}), {
      suggestions: [t('errors.signal.snapshotsHere', {snapshots: snapshots.join(', ')})],
    })
  }
  return {kind: 'backup-v2', snapshotDir: join(dir, chosen), snapshots}
}

async function detectZip(path: string, maxEntrySize: number | undefined): Promise<SignalInput | null> {
  const zip = await SafeZip.open(path, maxEntrySize === undefined ? {} : {maxEntrySize})
  const jsonl = zip.names().filter((name) => name === 'main.jsonl' || name.endsWith('/main.jsonl'))
  // The shallowest main.jsonl that has a metadata.json beside it.
  jsonl.sort((a, b) => a.split('/').length - b.split('/').length)
  for (const entry of jsonl) {
    const folder = entry.slice(0, entry.length - 'main.jsonl'.length)
    if (zip.has(`${folder}metadata.json`)) return {kind: 'plaintext-zip', zip, entry}
  }
  return null
}
