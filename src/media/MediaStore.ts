import {createHash, randomBytes} from 'node:crypto'
import {chmod, mkdir, open, rename, stat, unlink} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'

import {BugError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'

/** Where a stored file ended up. */
export interface StoredMedia {
  /** Hex SHA-256 of the content. */
  sha256: string
  /** Size in bytes. */
  size: number
  /** Path relative to the workspace, `media/<first two hex digits>/<sha256>` (always with "/"). */
  storedPath: string
  /** False when an identical file was already stored (nothing was written). */
  created: boolean
}

/**
 * Content-addressed storage of media in the workspace: a file is stored under its SHA-256, never
 * under a name taken from an export, so an archive entry called `../../.bashrc` can only ever
 * become `media/3f/3f…`. Storing the same content twice (a rerun, the same photo in two chats)
 * keeps one file.
 *
 * Media are private (family photos): files are mode 0600 and folders 0700. Content is streamed
 * to a temporary file in `media/tmp/` while it is hashed, then renamed into place, so a crash or a
 * failing source (an entry refused for its size, a bad CRC at the end) never leaves a partial file
 * under a content name.
 */
export class MediaStore {
  /** Absolute path of the workspace folder. */
  readonly workspaceDir: string
  /** Absolute path of `media/`. */
  readonly mediaDir: string

  constructor(workspace: Workspace) {
    this.workspaceDir = workspace.dir
    this.mediaDir = workspace.mediaDir
  }

  /**
   * Streams `content` into the store and returns its hash, size and stored path. If the source
   * fails midway (e.g. ARCHIVE_ENTRY_TOO_LARGE), the temporary file is removed and the error is
   * rethrown unchanged. File-system errors (disk full, permissions) are rethrown as they are.
   */
  async put(content: AsyncIterable<Uint8Array>): Promise<StoredMedia> {
    const tmpDir = join(this.mediaDir, 'tmp')
    await ensureDir(this.mediaDir)
    await ensureDir(tmpDir)
    const tmpPath = join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`)
    const hash = createHash('sha256')
    let size = 0
    // 'wx': never follow or reuse an existing path; mode 0600 from the first byte.
    const handle = await open(tmpPath, 'wx', 0o600)
    let moved = false
    try {
      try {
        for await (const chunk of content) {
          hash.update(chunk)
          size += chunk.length
          await handle.write(chunk)
        }
        await handle.sync()
      } finally {
        await handle.close()
      }
      const sha256 = hash.digest('hex')
      const storedPath = MediaStore.storedPathOf(sha256)
      const target = this.absolutePath(storedPath)
      await ensureDir(join(this.mediaDir, sha256.slice(0, 2)))
      const existing = await stat(target).catch(() => null)
      if (existing !== null && existing.isFile() && existing.size === size) {
        return {sha256, size, storedPath, created: false}
      }
      // Absent, or left damaged by something else: the new complete copy replaces it atomically.
      await chmod(tmpPath, 0o600)
      await rename(tmpPath, target)
      moved = true
      return {sha256, size, storedPath, created: true}
    } finally {
      if (!moved) await unlink(tmpPath).catch(() => undefined)
    }
  }

  /** True when content with this SHA-256 is stored. */
  async has(sha256: string): Promise<boolean> {
    const found = await stat(this.absolutePath(MediaStore.storedPathOf(sha256))).catch(() => null)
    return found !== null && found.isFile()
  }

  /**
   * The absolute path of a `storedPath`. Fails with a BugError for a path that is not a stored
   * media path of this workspace (they are only ever produced by {@link put}).
   */
  absolutePath(storedPath: string): string {
    if (!/^media\/[0-9a-f]{2}\/[0-9a-f]{64}$/u.test(storedPath)) {
      throw new BugError(`not a stored media path: ${JSON.stringify(storedPath)}`)
    }
    const absolute = resolve(this.workspaceDir, ...storedPath.split('/'))
    const fromMedia = relative(this.mediaDir, absolute)
    if (fromMedia.startsWith('..') || fromMedia.startsWith(sep)) throw new BugError(`stored path escapes media/: ${storedPath}`)
    return absolute
  }

  /** `media/<aa>/<sha256>` for a hex SHA-256. */
  static storedPathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/u.test(sha256)) throw new BugError(`not a hex SHA-256: ${JSON.stringify(sha256)}`)
    return `media/${sha256.slice(0, 2)}/${sha256}`
  }
}

/** Creates a folder (and parents) with mode 0700, and tightens it if it already existed. */
async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, {recursive: true, mode: 0o700})
  await chmod(dir, 0o700)
}
