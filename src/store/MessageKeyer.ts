import {createHash} from 'node:crypto'

import type {Message} from '../model/types.js'

/** Length of a wall-clock date, `YYYY-MM-DDTHH:MM:SS`. */
const DATE_LENGTH = 19

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
 * The hash is two 32-bit FNV-1a-style lanes (see hashFields): fast in JS, no allocation. Use one
 * keyer per chat per import; it keeps 9 bytes per table slot, at most two slots per message
 * (about 20 MB per million messages).
 *
 * Keys are stored: changing how they are derived makes every later import duplicate what is
 * already stored. Such a change needs a store migration that recomputes the keys.
 */
export class MessageKeyer {
  /**
   * Every (h1, h2) hash seen in this import, in an open-addressing table (linear probing, load
   * factor at most 1/2): typed arrays instead of a Map keep a million entries fast and free of
   * garbage. `used` marks occupied slots.
   */
  private h1s = new Int32Array(1 << 12)
  private h2s = new Int32Array(1 << 12)
  private used = new Uint8Array(1 << 12)
  private size = 0
  /** Next occurrence index of hashes seen more than once (rare: identical messages). */
  private readonly repeats = new Map<string, number>()

  /** The dedupe key of the next message of the chat, in import order. */
  keyOf(message: Message): Buffer {
    if (message.sourceId !== undefined && message.sourceId !== null) {
      return Buffer.concat([Buffer.from('i'), createHash('sha1').update(message.sourceId).digest()])
    }
    hashFields(message.date, message.author, message.attachment?.name ?? null, message.text)
    const h1 = hash1 >>> 0
    const h2 = hash2 >>> 0
    const n = this.occurrence(h1, h2)
    const key = Buffer.allocUnsafe(n === 0 ? DATE_LENGTH + 8 : DATE_LENGTH + 12)
    // Byte by byte: cheaper than Buffer's write helpers for such short fields. Dates are ASCII;
    // a longer one is cut (the hash covers all of it), a shorter one padded with zeros.
    const date = message.date
    for (let i = 0; i < DATE_LENGTH; i++) key[i] = i < date.length ? date.charCodeAt(i) & 0xff : 0
    putUint32(key, DATE_LENGTH, h1)
    putUint32(key, DATE_LENGTH + 4, h2)
    if (n > 0) putUint32(key, DATE_LENGTH + 8, n)
    return key
  }

  /** How many messages with this hash came before in this import (0 for the first). */
  private occurrence(h1: number, h2: number): number {
    if (this.insert(h1 | 0, h2 | 0)) return 0
    const full = `${h1}:${h2}`
    const n = this.repeats.get(full) ?? 1
    this.repeats.set(full, n + 1)
    return n
  }

  /** Adds the hash to the table; false when it was already there. */
  private insert(h1: number, h2: number): boolean {
    const mask = this.used.length - 1
    let i = h1 & mask
    while (this.used[i] === 1) {
      if (this.h1s[i] === h1 && this.h2s[i] === h2) return false
      i = (i + 1) & mask
    }
    this.used[i] = 1
    this.h1s[i] = h1
    this.h2s[i] = h2
    if (++this.size * 2 > this.used.length) this.grow()
    return true
  }

  /** Doubles the table and re-inserts every hash. */
  private grow(): void {
    const {h1s, h2s, used} = this
    this.h1s = new Int32Array(used.length * 2)
    this.h2s = new Int32Array(used.length * 2)
    this.used = new Uint8Array(used.length * 2)
    this.size = 0
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.insert(h1s[i] ?? 0, h2s[i] ?? 0)
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
