import {createHash} from 'node:crypto'

import type {Message} from '../model/types.js'

/** Length of a wall-clock date, `YYYY-MM-DDTHH:MM:SS`. */
const DATE_LENGTH = 19

/**
 * Distinct hashes a generation of MessageKeyer holds before it is set aside (2^17: with two
 * generations, the last 128k to 256k distinct messages are remembered, in 2 × 3 MiB).
 */
const GENERATION_SIZE = 1 << 17

/** Targeted recounts (one date each) before MessageKeyer keeps every count instead. */
const MAX_DATE_RECOUNTS = 4

/** Date ranges of dropped counts kept apart before they are merged into one (see MessageKeyer). */
const MAX_DROPPED_RANGES = 64

/**
 * Computes the dedupe key of each message of one chat in one import: the identity under which
 * the store finds a message again when a later export of the same chat is imported.
 *
 * - A message with a source id (Signal, Telegram) is keyed by that id: `i` + SHA-1 of the id.
 * - A WhatsApp message has no id: its key is derived from (date, author, text, attachment name,
 *   n), n being how many messages with the same four fields came before it in this import. Two
 *   identical "ok" sent in the same minute therefore stay two messages, and importing the export
 *   again maps them onto the same two rows; a later export that overlaps an earlier one maps the
 *   overlap onto the known rows and adds the rest.
 *
 * Layout of a WhatsApp key (bytes): the date as written (19 ASCII bytes), then a 64-bit hash of
 * (date, author, attachment, text), then n as 4 bytes only when n > 0. Starting with the date
 * keeps the store's unique index filled nearly in append order (exports are chronological),
 * which is what makes a million-message import fast; and two different messages can only be
 * confused if they have the same date *and* the same 64-bit hash.
 *
 * The hash is two 32-bit FNV-1a-style lanes (see hashFields): fast in JS, no allocation.
 *
 * Memory stays flat whatever the size of the chat (issue 17: a table of every hash of a
 * 10M-message import took 482 MiB). Only messages with the *same date* can share a hash, and
 * exports are chronological but for a few lines (the first line is often stamped later than
 * the next ones). So the counts are kept in two generations of GENERATION_SIZE distinct hashes;
 * when the newer fills up, the older is dropped, and the date ranges it covered are remembered
 * (runs of non-decreasing dates, at most MAX_DROPPED_RANGES of them). A message whose date lies
 * outside those ranges cannot match anything dropped: its n is exact. For one inside them,
 * keyOf returns null and the caller calls `recount` with the chat's messages from the start:
 * the counts of that date are rebuilt exactly (up to MAX_DATE_RECOUNTS dates; after that every
 * count is rebuilt and kept, with the memory of a keyer without generations). The keys are
 * therefore always the same as with a table of every hash.
 *
 * Use one keyer per chat per import.
 *
 * Keys are stored: changing how they are derived makes every later import duplicate what is
 * already stored. Such a change needs a store migration that recomputes the keys.
 */
export class MessageKeyer {
  /** Counts of the hashes seen since the last rotation. */
  private current = new DatedCounts()
  /** Counts of the generation before (null until the first rotation, and after a full recount). */
  private previous: DatedCounts | null = null
  /** Date ranges of the dropped generations, sorted, disjoint; `droppedLatest` is the last end. */
  private dropped: DateRange[] = []
  private droppedLatest = ''
  /** Exact counts of dates rebuilt by a targeted recount: authoritative for those dates. */
  private readonly rebuilt = new Map<string, HashCounts>()
  /** Distinct hashes per generation; Infinity once a full recount made the keyer keep everything. */
  private generationSize: number
  /** Messages keyed so far (what recount replays). */
  private keyed = 0
  /** The date of the message keyOf could not key (what recount rebuilds). */
  private pendingDate: string | null = null

  /** `generationSize`: distinct hashes per generation (tests use small ones). */
  constructor(options: {generationSize?: number} = {}) {
    this.generationSize = options.generationSize ?? GENERATION_SIZE
  }

  /**
   * The dedupe key of the next message of the chat, in import order; null when the message's
   * date lies in counts that were dropped: call `recount`, then keyOf again.
   */
  keyOf(message: Message): Buffer | null {
    if (message.sourceId !== undefined && message.sourceId !== null) {
      this.keyed++
      return Buffer.concat([Buffer.from('i'), createHash('sha1').update(message.sourceId).digest()])
    }
    const date = message.date
    const rebuilt = this.rebuilt.size === 0 ? undefined : this.rebuilt.get(date)
    let n: number
    if (rebuilt !== undefined) {
      hashFields(date, message.author, message.attachment?.name ?? null, message.text)
      n = rebuilt.add(hash1, hash2)
    } else {
      if (date <= this.droppedLatest && this.wasDropped(date)) {
        this.pendingDate = date
        return null
      }
      hashFields(date, message.author, message.attachment?.name ?? null, message.text)
      n = (this.previous === null ? 0 : this.previous.get(hash1, hash2)) + this.current.add(hash1, hash2, date)
      if (this.current.size >= this.generationSize) this.rotate()
    }
    this.keyed++
    const key = Buffer.allocUnsafe(n === 0 ? DATE_LENGTH + 8 : DATE_LENGTH + 12)
    // Byte by byte: cheaper than Buffer's write helpers for such short fields. Dates are ASCII;
    // a longer one is cut (the hash covers all of it), a shorter one padded with zeros.
    for (let i = 0; i < DATE_LENGTH; i++) key[i] = i < date.length ? date.charCodeAt(i) & 0xff : 0
    putUint32(key, DATE_LENGTH, hash1 >>> 0)
    putUint32(key, DATE_LENGTH + 4, hash2 >>> 0)
    if (n > 0) putUint32(key, DATE_LENGTH + 8, n)
    return key
  }

  /**
   * After keyOf returned null: replays the messages keyed so far (`messages` must stream the
   * chat from its start, as `ChatSource.messages()` does) and rebuilds the counts of the
   * message's date, or, after MAX_DATE_RECOUNTS dates, every count, kept from then on.
   */
  async recount(messages: AsyncIterable<Message>): Promise<void> {
    const date = this.pendingDate
    this.pendingDate = null
    const replay = this.keyed
    if (date !== null && this.rebuilt.size < MAX_DATE_RECOUNTS) {
      const counts = new HashCounts()
      let seen = 0
      if (replay > 0) {
        for await (const message of messages) {
          if ((message.sourceId === undefined || message.sourceId === null) && message.date === date) {
            hashFields(message.date, message.author, message.attachment?.name ?? null, message.text)
            counts.add(hash1, hash2)
          }
          if (++seen === replay) break
        }
      }
      this.rebuilt.set(date, counts)
      return
    }
    this.current = new DatedCounts()
    this.previous = null
    this.dropped = []
    this.droppedLatest = ''
    this.rebuilt.clear()
    this.generationSize = Infinity
    this.keyed = 0
    if (replay === 0) return
    for await (const message of messages) {
      if (message.sourceId === undefined || message.sourceId === null) {
        hashFields(message.date, message.author, message.attachment?.name ?? null, message.text)
        this.current.add(hash1, hash2, message.date)
      }
      if (++this.keyed === replay) return
    }
  }

  /** Whether the date lies in a range of dropped counts. */
  private wasDropped(date: string): boolean {
    for (const range of this.dropped) {
      if (date < range.first) return false
      if (date <= range.last) return true
    }
    return false
  }

  /** Drops the older generation (remembering its date ranges); the current becomes the older. */
  private rotate(): void {
    const old = this.previous
    if (old !== null) this.addDropped(old.ranges())
    this.previous = this.current
    // The dropped generation's arrays are reused: no new allocation once both are full size.
    this.current = old === null ? new DatedCounts() : old.clear()
  }

  /** Merges date ranges into the dropped ones (sorted, overlapping ones joined, at most MAX_DROPPED_RANGES). */
  private addDropped(ranges: readonly DateRange[]): void {
    const all = [...this.dropped, ...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    const merged: DateRange[] = []
    for (const range of all) {
      const last = merged[merged.length - 1]
      if (last !== undefined && range.first <= last.last) {
        if (range.last > last.last) last.last = range.last
      } else merged.push({...range})
    }
    // Too many ranges (a file whose dates jump back and forth): one range over all of them,
    // which may ask for more recounts but never gives a wrong key.
    this.dropped = merged.length > MAX_DROPPED_RANGES ? [{first: (merged[0] as DateRange).first, last: merged.reduce((max, r) => (r.last > max ? r.last : max), '')}] : merged
    this.droppedLatest = this.dropped.reduce((max, r) => (r.last > max ? r.last : max), '')
  }
}

/** Dates from `first` to `last` (inclusive, in string order). */
interface DateRange {
  first: string
  last: string
}

/**
 * A generation of MessageKeyer: counts per hash, and the ranges of dates they cover (each run
 * of non-decreasing dates is one range; a date going back starts another).
 */
class DatedCounts {
  private readonly counts = new HashCounts()
  private closed: DateRange[] = []
  private run: DateRange | null = null

  /** Distinct hashes held. */
  get size(): number {
    return this.counts.size
  }

  /** The count of the hash (0 when absent). */
  get(h1: number, h2: number): number {
    return this.counts.get(h1, h2)
  }

  /** Adds one to the count of the hash of a message dated `date`; returns the count before. */
  add(h1: number, h2: number, date: string): number {
    const run = this.run
    if (run === null) this.run = {first: date, last: date}
    else if (date >= run.last) run.last = date
    else {
      // Within one generation, many small jumps back stay few ranges once merged.
      this.closed.push(run)
      if (this.closed.length > MAX_DROPPED_RANGES) this.closed = [spanOf(this.closed)]
      this.run = {first: date, last: date}
    }
    return this.counts.add(h1, h2)
  }

  /** The date ranges of the counts held. */
  ranges(): DateRange[] {
    return this.run === null ? [...this.closed] : [...this.closed, this.run]
  }

  /** Empties the generation, keeping its arrays. */
  clear(): this {
    this.counts.clear()
    this.closed = []
    this.run = null
    return this
  }
}

/** One range covering all the given ones. */
function spanOf(ranges: readonly DateRange[]): DateRange {
  let first = (ranges[0] as DateRange).first
  let last = (ranges[0] as DateRange).last
  for (const r of ranges) {
    if (r.first < first) first = r.first
    if (r.last > last) last = r.last
  }
  return {first, last}
}

/**
 * Counts per 64-bit hash (h1, h2), in an open-addressing table (linear probing, load factor at
 * most 1/2): typed arrays instead of a Map keep a million entries fast and free of garbage.
 * A count of 0 marks an empty slot. 12 bytes per slot.
 */
class HashCounts {
  private h1s = new Int32Array(1 << 12)
  private h2s = new Int32Array(1 << 12)
  private counts = new Int32Array(1 << 12)
  /** Distinct hashes held. */
  size = 0

  /** The count of the hash (0 when absent). */
  get(h1: number, h2: number): number {
    const mask = this.counts.length - 1
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const count = this.counts[i] as number
      if (count === 0) return 0
      if (this.h1s[i] === h1 && this.h2s[i] === h2) return count
    }
  }

  /** Adds one to the hash's count; returns the count before. */
  add(h1: number, h2: number): number {
    const mask = this.counts.length - 1
    let i = h1 & mask
    for (;;) {
      const count = this.counts[i] as number
      if (count === 0) break
      if (this.h1s[i] === h1 && this.h2s[i] === h2) {
        this.counts[i] = count + 1
        return count
      }
      i = (i + 1) & mask
    }
    this.counts[i] = 1
    this.h1s[i] = h1
    this.h2s[i] = h2
    if (++this.size * 2 > this.counts.length) this.grow()
    return 0
  }

  /** Empties the table, keeping its arrays. */
  clear(): this {
    this.counts.fill(0)
    this.size = 0
    return this
  }

  /** Doubles the table and re-inserts every hash with its count. */
  private grow(): void {
    const {h1s, h2s, counts} = this
    const length = counts.length * 2
    this.h1s = new Int32Array(length)
    this.h2s = new Int32Array(length)
    this.counts = new Int32Array(length)
    const mask = length - 1
    for (let j = 0; j < counts.length; j++) {
      const count = counts[j] as number
      if (count === 0) continue
      const h1 = h1s[j] as number
      let i = h1 & mask
      while (this.counts[i] !== 0) i = (i + 1) & mask
      this.h1s[i] = h1
      this.h2s[i] = h2s[j] as number
      this.counts[i] = count
    }
  }
}

/** Writes a 32-bit unsigned integer, big-endian (so keys sort like the numbers). */
function putUint32(buffer: Buffer, offset: number, value: number): void {
  buffer[offset] = value >>> 24
  buffer[offset + 1] = (value >>> 16) & 0xff
  buffer[offset + 2] = (value >>> 8) & 0xff
  buffer[offset + 3] = value & 0xff
}

/** Results of hashFields (module variables: returning them would allocate). */
let hash1 = 0
let hash2 = 0

/**
 * Hashes four fields into two 32-bit lanes over UTF-16 code units: FNV-1a, and the same scheme
 * with Murmur2's multiplier and a shift at each field's end (so the lanes differ). Each field
 * ends with a value no code unit has (0x1_0000), so ("ab", "c") and ("a", "bc") differ; a null
 * field mixes 0x1_0001, so null and "" differ.
 */
function hashFields(a: string, b: string | null, c: string | null, d: string): void {
  let h1 = 0x811c9dc5 | 0
  let h2 = 0x9747b28c | 0
  for (let f = 0; f < 4; f++) {
    const s = f === 0 ? a : f === 1 ? b : f === 2 ? c : d
    let end = 0x10001
    if (s !== null) {
      end = 0x10000
      const length = s.length
      for (let i = 0; i < length; i++) {
        const code = s.charCodeAt(i)
        h1 = Math.imul(h1 ^ code, 0x01000193)
        h2 = Math.imul(h2 ^ code, 0x5bd1e995)
      }
    }
    h1 = Math.imul(h1 ^ end, 0x01000193)
    h2 = Math.imul(h2 ^ end, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  hash1 = h1
  hash2 = h2
}
