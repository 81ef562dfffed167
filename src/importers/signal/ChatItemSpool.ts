import {createCipheriv, createDecipheriv, randomBytes} from 'node:crypto'
import {closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {t} from '../../i18n/index.js'

import {translateFileError} from '../../errors/index.js'
import type {ChatItemJson} from './frame-types.js'

/** Where one flushed run of a chat's items is in the spool file. */
interface Segment {
  offset: number
  length: number
  iv: Buffer
}

/** Closes the spool file of a spool that was garbage-collected without being closed. */
const closeOnCollect = new FinalizationRegistry<{fd: number; path: string | null}>((file) => {
  try {
    closeSync(file.fd)
    if (file.path !== null) unlinkSync(file.path)
  } catch {
    // Already closed or removed.
  }
})

/**
 * Keeps every chat's items from the one pass over a backup-v2 frame stream, so each chat can be
 * served later without reading (decrypting, decompressing) the backup again: the stream
 * interleaves all chats (fact sheet §2.1), and a pass per chat, or per batch of chats, made the
 * time grow with the square of the backup's size (issue 17).
 *
 * Items are kept in memory, as their JSON text, up to `budgetBytes`; past it, every chat's
 * pending items are appended to one temporary file (a segment per chat), and so on. Memory stays
 * bounded by the budget whatever the backup's size. The file holds what was decrypted, so it is
 * encrypted with a key that lives only in this process (AES-256-CTR, a fresh IV per segment), is
 * created 0600 and unlinked at once where the system allows it (it then disappears with the
 * process, even after a crash); elsewhere it is removed by {@link close} or at exit.
 *
 * The JSON text round-trips the items exactly: they are proto3-JSON-shaped (strings, numbers,
 * booleans, arrays, objects), from `decodeToJson` or from `main.jsonl` itself.
 */
export class ChatItemSpool {
  private readonly pending = new Map<string, string[]>()
  private readonly segments = new Map<string, Segment[]>()
  private pendingBytes = 0
  private file: {fd: number; path: string | null; dir: string; size: number; key: Buffer} | null = null

  /** @param budgetBytes how many bytes of items (UTF-16 estimate) are kept in memory before spilling. */
  constructor(private readonly budgetBytes: number) {}

  /** Adds one chat item of `chatId` (in stream order). Fails with the file errors of the spool file (FILE_DISK_FULL…). */
  add(chatId: string, item: ChatItemJson): void {
    const text = JSON.stringify(item)
    let list = this.pending.get(chatId)
    if (list === undefined) {
      list = []
      this.pending.set(chatId, list)
    }
    list.push(text)
    this.pendingBytes += text.length * 2 + 64
    if (this.pendingBytes > this.budgetBytes) this.flush()
  }

  /**
   * Called after the last {@link add}: when anything went to the file, the rest goes too, so
   * memory holds no items while chats are served.
   */
  finish(): void {
    if (this.file !== null) this.flush()
  }

  /** The chat's items, in the order they were added. Can be called any number of times. */
  *items(chatId: string): Generator<ChatItemJson> {
    for (const segment of this.segments.get(chatId) ?? []) {
      for (const line of this.readSegment(segment).split('\n')) yield JSON.parse(line) as ChatItemJson
    }
    for (const text of this.pending.get(chatId) ?? []) yield JSON.parse(text) as ChatItemJson
  }

  /** Closes and removes the spool file, if there is one. */
  close(): void {
    const file = this.file
    if (file === null) return
    this.file = null
    closeOnCollect.unregister(this)
    try {
      closeSync(file.fd)
      if (file.path !== null) unlinkSync(file.path)
      rmdirSync(file.dir)
    } catch {
      // Best effort: the folder is in the system's temporary folder.
    }
  }

  private openFile(): NonNullable<ChatItemSpool['file']> {
    const dir = mkdtempSync(join(tmpdir(), 'xm-signal-'))
    const path = join(dir, 'spool')
    const fd = openSync(path, 'w+', 0o600)
    let kept: string | null = path
    try {
      // POSIX: the open descriptor keeps the data; the name is gone, so nothing is left behind.
      unlinkSync(path)
      rmdirSync(dir)
      kept = null
    } catch {
      // Windows cannot unlink an open file: removed by close() (or when the spool is collected).
    }
    const file = {fd, path: kept, dir, size: 0, key: randomBytes(32)}
    closeOnCollect.register(this, {fd, path: kept}, this)
    return file
  }

  /** Appends each chat's pending items to the file as one segment. */
  private flush(): void {
    this.file ??= this.withFileErrors(() => this.openFile())
    const file = this.file
    for (const [chatId, texts] of this.pending) {
      const iv = randomBytes(16)
      const cipher = createCipheriv('aes-256-ctr', file.key, iv)
      const bytes = Buffer.concat([cipher.update(texts.join('\n'), 'utf8'), cipher.final()])
      this.withFileErrors(() => {
        for (let done = 0; done < bytes.length; ) done += writeSync(file.fd, bytes, done, bytes.length - done, file.size + done)
      })
      let list = this.segments.get(chatId)
      if (list === undefined) {
        list = []
        this.segments.set(chatId, list)
      }
      list.push({offset: file.size, length: bytes.length, iv})
      file.size += bytes.length
    }
    this.pending.clear()
    this.pendingBytes = 0
  }

  private readSegment(segment: Segment): string {
    const file = this.file
    if (file === null) throw new Error('ChatItemSpool: read after close') // i18n-ignore: a bug, never a person's mistake
    const bytes = Buffer.allocUnsafe(segment.length)
    this.withFileErrors(() => {
      for (let done = 0; done < segment.length; ) {
        const n = readSync(file.fd, bytes, done, segment.length - done, segment.offset + done)
        // i18n-ignore: a bug or a temp file changed under us; translated by withFileErrors' caller as a failure
        if (n === 0) throw new Error('ChatItemSpool: the spool file is shorter than written')
        done += n
      }
    })
    const decipher = createDecipheriv('aes-256-ctr', file.key, segment.iv)
    return Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8')
  }

  private withFileErrors<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw translateFileError(error, tmpdir(), t('errors.file.doing.writeTemporary'))
    }
  }
}
