import {readFile, stat} from 'node:fs/promises'
import {crc32} from 'node:zlib'

import JSZip from 'jszip'

import {BugError} from '../../errors/index.js'
import {duplicateEntryName} from './central-directory.js'
import {describeUnsafeEntryReason, unsafeEntryReason} from './entry-name.js'
import {
  archiveDuplicateEntry,
  archiveCorrupt,
  archiveEntryCorrupt,
  archiveEntryTooLarge,
  archiveTooLarge,
  archiveUnsafeEntry,
  archiveUnsupported,
  inputNotFound,
} from './errors.js'
import {t} from '../../i18n/index.js'

/** Default limit on the inflated size of one entry (2 GiB), overridden by `--max-entry-size`. */
export const DEFAULT_MAX_ENTRY_SIZE = 2 * 1024 ** 3

/**
 * How many inflated bytes may wait for the consumer before inflating pauses. The inflater works
 * on 16 KiB of compressed input at a time, which inflates to at most ~16.5 MiB (DEFLATE's ratio
 * is capped near 1032:1), so the queue never holds more than about this plus 16.5 MiB.
 */
const QUEUE_HIGH_WATER = 1024 * 1024

/** Options of {@link SafeZip.open}. */
export interface SafeZipOptions {
  /** Refuse any entry that inflates past this many bytes (default {@link DEFAULT_MAX_ENTRY_SIZE}). */
  maxEntrySize?: number
}

/** What the archive says about one file entry (informational: sizes are never trusted). */
export interface ZipEntryInfo {
  /** The entry name exactly as stored (already checked by {@link unsafeEntryReason}). */
  name: string
  /** Uncompressed size the archive declares; the real size is counted while inflating. */
  declaredSize: number
  /** Size of the compressed bytes. */
  compressedSize: number
}

/** The parts of jszip's private `CompressedObject` that the reader checks against. */
interface CompressedData {
  compressedSize: number
  uncompressedSize: number
  crc32: number
}

/**
 * jszip's streaming interface (`StreamHelper`): public in jszip's docs (`internalStream`) but
 * missing from its type declarations.
 */
interface InflateStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): InflateStream
  on(event: 'end', listener: () => void): InflateStream
  on(event: 'error', listener: (error: unknown) => void): InflateStream
  pause(): InflateStream
  resume(): InflateStream
}

interface LoadedEntry {
  file: JSZip.JSZipObject & {internalStream(type: 'uint8array'): InflateStream; _data?: unknown}
  info: ZipEntryInfo
}

/**
 * A .zip archive read defensively (archives are untrusted input; see the WhatsApp fact sheet §9):
 *
 * - entry names are only keys; a name that is a path out of the archive (`..`, absolute, drive
 *   letter, backslash) makes the whole archive refused, because WhatsApp never writes one;
 * - an entry is streamed while it inflates, with a hard limit on the inflated size counted on the
 *   bytes actually produced (the declared size is not trusted), so memory stays bounded;
 * - the CRC-32 of each entry is checked at the end of its stream.
 *
 * Limitation: jszip needs the whole archive in memory, so opening holds the compressed bytes
 * (the file's size) for as long as the SafeZip lives; archives over 2 GiB are refused with
 * ARCHIVE_TOO_LARGE (unzip them and pass the folder). Inflated content is never held whole.
 */
export class SafeZip {
  /** The path of the archive, as given (used in messages). */
  readonly path: string
  /** The limit on the inflated size of one entry. */
  readonly maxEntrySize: number
  /** Bytes of the archive held in memory. */
  readonly archiveBytes: number
  readonly #entries: Map<string, LoadedEntry>

  private constructor(path: string, maxEntrySize: number, archiveBytes: number, entries: Map<string, LoadedEntry>) {
    this.path = path
    this.maxEntrySize = maxEntrySize
    this.archiveBytes = archiveBytes
    this.#entries = entries
  }

  /**
   * Opens an archive from a path. Fails with INPUT_NOT_FOUND, ARCHIVE_TOO_LARGE, ARCHIVE_CORRUPT
   * (not a zip, truncated), ARCHIVE_UNSUPPORTED (encrypted, multi-volume, unknown compression) or
   * ARCHIVE_UNSAFE_ENTRY.
   */
  static async open(path: string, options: SafeZipOptions = {}): Promise<SafeZip> {
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') throw inputNotFound(path, error)
      if (code === 'ERR_FS_FILE_TOO_LARGE' || error instanceof RangeError) {
        const size = await stat(path).then((found) => found.size, () => null)
        throw archiveTooLarge(path, size, error)
      }
      throw error
    }
    return SafeZip.fromBytes(bytes, path, options)
  }

  /** Opens an archive already in memory; `path` is only used in messages. Same failures as {@link open}. */
  static async fromBytes(bytes: Uint8Array, path: string, options: SafeZipOptions = {}): Promise<SafeZip> {
    const maxEntrySize = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE
    if (!Number.isSafeInteger(maxEntrySize) || maxEntrySize < 0) {
      throw new BugError(`maxEntrySize must be a non-negative integer, got ${String(maxEntrySize)}`)
    }
    let zip: JSZip
    try {
      // checkCRC32 stays off: it would inflate every entry into memory while loading. CRCs are
      // checked while streaming instead.
      zip = await JSZip.loadAsync(bytes, {checkCRC32: false, createFolders: false})
    } catch (error) {
      throw translateLoadError(path, bytes, error)
    }
    // jszip keeps the last of two entries with one name: refuse instead (issue 14).
    const duplicate = duplicateEntryName(bytes)
    if (duplicate !== null) throw archiveDuplicateEntry(path, duplicate)
    const entries = new Map<string, LoadedEntry>()
    for (const key of Object.keys(zip.files)) {
      const file = zip.files[key] as LoadedEntry['file'] | undefined
      if (file === undefined) continue
      // jszip resolves "a/../b" into "b" and keeps what was really stored in unsafeOriginalName.
      const rawName = file.unsafeOriginalName ?? file.name
      const reason = unsafeEntryReason(rawName)
      if (reason !== null) throw archiveUnsafeEntry(path, rawName, describeUnsafeEntryReason(reason))
      if (file.dir) continue
      const data = compressedData(file)
      entries.set(rawName, {
        file,
        info: {name: rawName, declaredSize: data?.uncompressedSize ?? 0, compressedSize: data?.compressedSize ?? 0},
      })
    }
    return new SafeZip(path, maxEntrySize, bytes.length, entries)
  }

  /** Names of the file entries (folders excluded), in archive order. */
  names(): string[] {
    return [...this.#entries.keys()]
  }

  /** True when the archive has a file entry with exactly this name. */
  has(name: string): boolean {
    return this.#entries.has(name)
  }

  /** What the archive declares about an entry, or undefined when there is none by that name. */
  entry(name: string): ZipEntryInfo | undefined {
    return this.#entries.get(name)?.info
  }

  /**
   * Streams an entry's inflated content in chunks (16 KiB for deflated entries). Inflating stops
   * and the stream fails with ARCHIVE_ENTRY_TOO_LARGE as soon as more than `maxSize` bytes
   * (default: the archive's `maxEntrySize`) have come out, or at once when the declared size is
   * already above it. Fails with ARCHIVE_CORRUPT at the end when the content does not match its
   * CRC-32 or its declared size: consumers must treat everything read before an error as void.
   * Stopping the iteration early pauses inflating.
   */
  async *read(name: string, options: {maxSize?: number} = {}): AsyncGenerator<Uint8Array> {
    const entry = this.#entries.get(name)
    if (entry === undefined) throw new BugError(`read() of "${name}", which is not an entry of ${this.path}`)
    const maxSize = options.maxSize ?? this.maxEntrySize
    if (entry.info.declaredSize > maxSize) throw archiveEntryTooLarge(this.path, name, maxSize, true)

    const queue: Uint8Array[] = []
    let queuedBytes = 0
    let inflated = 0
    let crc = 0
    let paused = false
    let ended = false
    let tooLarge = false
    let failure: unknown = null
    let wake: (() => void) | null = null
    const notify = (): void => {
      const resolve = wake
      wake = null
      resolve?.()
    }

    const stream = entry.file.internalStream('uint8array')
    stream.on('data', (chunk) => {
      if (tooLarge) return
      inflated += chunk.length
      if (inflated > maxSize) {
        // Refuse while inflating: stop the inflater and drop what was queued.
        tooLarge = true
        stream.pause()
        queue.length = 0
        queuedBytes = 0
        notify()
        return
      }
      crc = crc32(chunk, crc)
      queue.push(chunk)
      queuedBytes += chunk.length
      if (queuedBytes >= QUEUE_HIGH_WATER && !paused) {
        paused = true
        stream.pause()
      }
      notify()
    })
    stream.on('error', (error) => {
      failure = error
      notify()
    })
    stream.on('end', () => {
      ended = true
      notify()
    })
    stream.resume()

    try {
      for (;;) {
        if (tooLarge) throw archiveEntryTooLarge(this.path, name, maxSize, false)
        const chunk = queue.shift()
        if (chunk !== undefined) {
          queuedBytes -= chunk.length
          if (paused && queuedBytes < QUEUE_HIGH_WATER / 2) {
            paused = false
            stream.resume()
          }
          yield chunk
          continue
        }
        if (failure !== null) throw translateEntryError(this.path, name, failure, inflated, entry.info.declaredSize)
        if (ended) break
        if (paused) {
          paused = false
          stream.resume()
        }
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      const expected = compressedData(entry.file)?.crc32
      if (expected !== undefined && expected >>> 0 !== crc >>> 0) {
        throw archiveEntryCorrupt(this.path, name, t('errors.import.archive.why.checksum'))
      }
    } finally {
      if (!ended) stream.pause()
    }
  }
}

/** jszip's private CompressedObject of a loaded entry, when it has one. */
function compressedData(file: LoadedEntry['file']): CompressedData | undefined {
  const data = file._data as Partial<CompressedData> | undefined
  if (data === undefined || data === null) return undefined
  if (typeof data.crc32 !== 'number' || typeof data.uncompressedSize !== 'number' || typeof data.compressedSize !== 'number') {
    return undefined
  }
  return data as CompressedData
}

/** Turns jszip's load failures (plain Errors with English messages) into user errors. */
function translateLoadError(path: string, bytes: Uint8Array, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  if (bytes.length === 0) return archiveCorrupt(path, t('errors.import.archive.why.empty'), error)
  // A local file header at the start but no directory at the end: the end was cut off.
  const startsLikeZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  if (/Encrypted zip/i.test(message)) return archiveUnsupported(path, t('errors.import.archive.why.encrypted'), error)
  if (/Multi-volumes/i.test(message)) return archiveUnsupported(path, t('errors.import.archive.why.multiVolume'), error)
  if (/compression .* unknown/i.test(message)) return archiveUnsupported(path, t('errors.import.archive.why.compression'), error)
  if (/is this a zip file/i.test(message) && !startsLikeZip) return archiveCorrupt(path, t('errors.import.archive.why.notZip'), error)
  if ((startsLikeZip && /is this a zip file/i.test(message)) || /End of data reached|missing \d+ bytes|can't find end of central directory/i.test(message)) {
    return archiveCorrupt(path, t('errors.import.archive.why.truncated'), error)
  }
  return archiveCorrupt(path, t('errors.import.archive.why.damaged'), error)
}

/** Turns a failure while inflating into a user error. */
function translateEntryError(path: string, name: string, error: unknown, inflated: number, declared: number): Error {
  const message = error instanceof Error ? error.message : String(error)
  if (/size mismatch/i.test(message)) {
    return archiveEntryCorrupt(path, name, t('errors.import.archive.why.sizeMismatch', {inflated: String(inflated), declared: String(declared)}), error)
  }
  return archiveEntryCorrupt(path, name, t('errors.import.archive.why.cannotInflate'), error)
}
