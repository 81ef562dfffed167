/**
 * The async iterator parseWhatsApp returns. Written by hand rather than as an `async function*`:
 * a generator's `yield` costs several promise turns per message, this one hands out an already
 * parsed batch with one resolved promise per message (~0.1 s less per million messages) and
 * awaits only to read the next chunk.
 */
import type {Message} from '../../model/types.js'
import type {LineSplitter} from './LineSplitter.js'
import type {MessageReader} from './MessageReader.js'

/** Messages parsed ahead at a time (small, so they die young in V8's heap). */
const BATCH = 256

export class MessageStream implements AsyncGenerator<Message, undefined, unknown> {
  private batch: Message[] = []
  private next_ = 0
  private inChunk = false
  private finished = false
  private pending: Promise<IteratorResult<Message, undefined>> | null = null
  private readonly source: AsyncIterator<string>
  private readonly pause = (): boolean => this.reader.ready >= BATCH

  constructor(
    chunks: AsyncIterable<string>,
    private readonly splitter: LineSplitter,
    private readonly reader: MessageReader,
  ) {
    this.source = chunks[Symbol.asyncIterator]()
  }

  /** The next message; rejects with the chunk source's error (e.g. a read failure). */
  next(): Promise<IteratorResult<Message, undefined>> {
    if (this.next_ < this.batch.length) return Promise.resolve({value: this.batch[this.next_++]!, done: false})
    // Calls made while a refill is running wait for it (for-await never does this; callers might).
    if (this.pending) return this.pending.then(() => this.next())
    const p = this.refill()
    this.pending = p
    return p.finally(() => {
      if (this.pending === p) this.pending = null
    })
  }

  /** Stops early: releases the chunk source. */
  async return(): Promise<IteratorResult<Message, undefined>> {
    this.finished = true
    this.inChunk = false
    this.batch = []
    this.next_ = 0
    await this.source.return?.()
    return {value: undefined, done: true}
  }

  /** Stops and rethrows `error`. */
  async throw(error: unknown): Promise<IteratorResult<Message, undefined>> {
    await this.return()
    throw error
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  private async refill(): Promise<IteratorResult<Message, undefined>> {
    for (;;) {
      if (this.inChunk) {
        this.inChunk = this.splitter.resume(this.pause)
        if (this.take()) return {value: this.batch[this.next_++]!, done: false}
        continue
      }
      if (this.finished) return {value: undefined, done: true}
      const r = await this.source.next()
      if (this.finished) return {value: undefined, done: true}
      if (r.done) {
        this.finished = true
        this.splitter.end()
        this.reader.end()
        if (this.take()) return {value: this.batch[this.next_++]!, done: false}
        return {value: undefined, done: true}
      }
      this.splitter.begin(r.value)
      this.inChunk = true
    }
  }

  /** Moves completed messages into the batch; true when there are some. */
  private take(): boolean {
    this.batch = this.reader.drain()
    this.next_ = 0
    return this.batch.length > 0
  }
}
