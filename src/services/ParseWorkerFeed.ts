import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'

import {BugError, UserError} from '../errors/index.js'
import {consoleLanguage, t} from '../i18n/index.js'
import type {OpenExportOptions} from '../importers/open-export.js'
import type {ChatSource, OpenedExport} from '../model/importer.js'
import type {ImportIssue, Message, Participant} from '../model/types.js'
import type {PendingMessage} from '../store/index.js'

/** What the main thread gives the worker (structured-cloned). */
export interface ParseWorkerData {
  /** The export, as the person gave it. */
  path: string
  /** The importers' options (only cloneable ones: day/month order, entry size limit). */
  options: Pick<OpenExportOptions, 'dateOrder' | 'maxEntrySize'>
  /** Messages per batch. */
  batchSize: number
  /** Batches the worker may have sent and the main thread not yet consumed. */
  maxAhead: number
  /** Int32 slot 0: batches consumed by the main thread. */
  consumed: SharedArrayBuffer
  /** The console language, so that errors raised in the worker read like the rest (issue 13). */
  lang: string
}

/** What the worker posts, in order. */
export type ParseWorkerReply =
  /** The export opened: its chats, to check they are the ones the main thread opened. */
  | {type: 'opened'; chats: {sourceId: string; messageCount: number | null}[]}
  /**
   * Messages of chat `chat` in export order, as JSON (fields that are `undefined` are left out,
   * which every reader treats as absent); key i is keyBytes[keyEnds[i-1] ?? 0, keyEnds[i]).
   */
  | {type: 'batch'; chat: number; messages: string; keyBytes: Uint8Array; keyEnds: Uint32Array}
  /** Chat `chat` read to its end: its participants and the export's issues so far. */
  | {type: 'chat-end'; chat: number; participants: Participant[]; issues: ImportIssue[]}
  /** Opening or reading failed (an XmError keeps its code and suggestions). */
  | {type: 'error'; error: {code?: string; message: string; suggestions?: string[]}}

/** Batches the worker may run ahead: bounds the memory of parsed but unwritten messages. */
const MAX_AHEAD = 4

/**
 * Parses an export on a worker thread while the main thread writes to the store: the two cores
 * of a small machine overlap parsing and dedupe keys (~half of a big import's CPU) with the
 * SQLite inserts. Used as importIntoStore's `feed`; yields exactly what `keyedBatches` yields on
 * the main thread (same importer, same MessageKeyer), and updates the main thread's chat
 * participants and export issues as the importer would have.
 *
 * The worker opens the export again (a second analysis pass, on the other core), so the
 * export must be one a path fully describes: WhatsApp (the Signal importer takes a passphrase
 * and progress callbacks, which stay on the main thread).
 */
export class ParseWorkerFeed {
  private readonly worker: Worker
  private readonly consumed: Int32Array
  private readonly queue: ParseWorkerReply[] = []
  private wake: (() => void) | undefined
  private failure: Error | undefined
  private checked = false
  private closed = false

  private constructor(
    private readonly path: string,
    options: ParseWorkerData['options'],
    batchSize: number,
  ) {
    const consumed = new SharedArrayBuffer(4)
    this.consumed = new Int32Array(consumed)
    const data: ParseWorkerData = {path, options, batchSize, maxAhead: MAX_AHEAD, consumed, lang: consoleLanguage()}
    this.worker = startWorker(data)
    this.worker.on('message', (reply: ParseWorkerReply) => this.push(reply))
    this.worker.on('error', (error) => {
      this.failure ??= new BugError(`The parsing thread failed: ${error.message}`, {cause: error})
      this.wakeUp()
    })
    this.worker.on('exit', () => {
      if (!this.closed) this.failure ??= new BugError('The parsing thread stopped before the end of the export.')
      this.wakeUp()
    })
  }

  /**
   * Starts parsing the export at `path` on a worker thread. It may start before the main thread
   * opened the export (both analyses then run at once); use it only if the export turns out to be
   * one `canParse` accepts, and `close()` it in every case.
   */
  static start(path: string, options: OpenExportOptions, batchSize = 2048): ParseWorkerFeed {
    const cloneable: ParseWorkerData['options'] = {}
    if (options.dateOrder !== undefined) cloneable.dateOrder = options.dateOrder
    if (options.maxEntrySize !== undefined) cloneable.maxEntrySize = options.maxEntrySize
    return new ParseWorkerFeed(path, cloneable, batchSize)
  }

  /** True when an export opened on the main thread can be fed by a worker (WhatsApp). */
  static canParse(opened: OpenedExport): boolean {
    return opened.source === 'whatsapp'
  }

  /**
   * The keyed batches of chat `chatIndex` of the export (as the main thread opened it: the
   * worker's must match, else INPUT_CHANGED); chats must be read in order, each to its end.
   */
  async *batches(opened: OpenedExport, source: ChatSource, chatIndex: number): AsyncGenerator<PendingMessage[]> {
    for (;;) {
      const reply = await this.next()
      if (reply.type === 'opened') {
        this.check(opened, reply.chats)
        continue
      }
      if (reply.type === 'error') throw reviveError(reply.error)
      if (reply.chat !== chatIndex) throw new BugError(`The parsing thread sent chat ${reply.chat} while chat ${chatIndex} was read.`)
      if (reply.type === 'chat-end') {
        source.info.participants = reply.participants
        opened.issues.splice(0, opened.issues.length, ...reply.issues)
        return
      }
      const {keyBytes, keyEnds} = reply
      const messages = JSON.parse(reply.messages) as Message[]
      const batch: PendingMessage[] = new Array<PendingMessage>(messages.length)
      let start = 0
      for (let i = 0; i < messages.length; i++) {
        const end = keyEnds[i] ?? start
        batch[i] = {message: messages[i] as Message, key: Buffer.from(keyBytes.buffer, keyBytes.byteOffset + start, end - start)}
        start = end
      }
      // Consumed: the worker may parse one more batch.
      Atomics.add(this.consumed, 0, 1)
      Atomics.notify(this.consumed, 0)
      yield batch
    }
  }

  /** Stops the worker (at the end, or early after an error). */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.worker.terminate()
  }

  private check(opened: OpenedExport, chats: {sourceId: string; messageCount: number | null}[]): void {
    if (this.checked) return
    this.checked = true
    const same =
      chats.length === opened.chats.length &&
      chats.every((c, i) => c.sourceId === opened.chats[i]?.info.sourceId && c.messageCount === (opened.chats[i]?.messageCount ?? null))
    if (!same) {
      throw new UserError('INPUT_CHANGED', t('errors.import.inputChanged', {path: this.path}), {
        suggestions: [t('errors.import.inputChangedFix')],
      })
    }
  }

  private push(reply: ParseWorkerReply): void {
    this.queue.push(reply)
    this.wakeUp()
  }

  private wakeUp(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private async next(): Promise<ParseWorkerReply> {
    for (;;) {
      const reply = this.queue.shift()
      if (reply !== undefined) return reply
      if (this.failure !== undefined) throw this.failure
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }
}

/** The worker's error on this thread: an XmError's code and suggestions survive the clone. */
function reviveError(error: {code?: string; message: string; suggestions?: string[]}): Error {
  if (error.code !== undefined) return new UserError(error.code, error.message, {suggestions: error.suggestions ?? []})
  return new BugError(`The parsing thread failed: ${error.message}`)
}

/**
 * Starts parse-worker next to this module: the compiled `.js` in dist/, or, when running from
 * the TypeScript sources (tests), the `.ts` through tsx's API (a worker does not inherit the
 * parent's `--import tsx` hooks on Node 20).
 */
function startWorker(data: ParseWorkerData): Worker {
  const compiled = new URL('./parse-worker.js', import.meta.url)
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, {workerData: data})
  const source = new URL('./parse-worker.ts', import.meta.url)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const code = `import(${JSON.stringify(tsxApi)}).then(({tsImport}) => tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(source.href)}))`
  return new Worker(code, {eval: true, workerData: data})
}
