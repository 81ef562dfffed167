/**
 * Pass 2 over an export: with the shape and date order pass 1 decided, turns lines into model
 * Messages. Only lines of the file's own header shape with a possible date start a message;
 * every other line continues the current one (fact sheet §11). Never throws on garbled lines.
 */
import type {Attachment, Message, MessageKind} from '../../model/types.js'
import {attachmentFor, confirmAttachment, findAttachmentReference} from './attachments.js'
import type {DateOrder} from './date-order.js'
import type {HeaderFormat} from './header-format.js'
import {gregorianYear, japaneseEraYear, wallClockDay, wallClockTime} from './header-reader.js'
import {HeaderScanner} from './HeaderScanner.js'
import {MAX_LINE_CHARS, type LineSink} from './LineSplitter.js'
import {placeholderKind} from './phrases.js'
import {LabelCache} from './LabelCache.js'
import {newSenderSplit, splitSender} from './sender.js'
import type {SenderRules} from './SenderRules.js'
import {BIDI_CLASS, stripBidi} from './text.js'

const BIDI_SEARCH = new RegExp(BIDI_CLASS, 'g')

/**
 * Longest message text kept, in UTF-16 code units (the same bound as a line): past it a
 * message's continuation lines are dropped, so a damaged file cannot grow one message without
 * end (issue 14 §6). Pass 1 warns about each message cut (WA_MESSAGE_TOO_LONG).
 */
export const MAX_MESSAGE_CHARS = MAX_LINE_CHARS

/** Pass 2 state machine: feed lines with `line()`, take finished messages with `drain()`, then `end()`. */
export class MessageReader implements LineSink {
  private readonly scanner: HeaderScanner
  private readonly yearPosition: 0 | 1 | 2
  private readonly firstIsDay: boolean
  private readonly buddhist: boolean
  private readonly japanese: boolean
  private readonly labels = new LabelCache()
  private readonly split = newSenderSplit()
  private bidi = false
  private out: Message[] = []
  // The message being read (kept in fields, not an object per message).
  private open = false
  private date = ''
  private lineNo = 0
  private author: string | null = null
  private marked = false
  private head = ''
  private more: string | null = null
  /** Length of the message text so far (head, newlines, continuation lines). */
  private size = 0

  constructor(
    format: HeaderFormat,
    dateOrder: DateOrder,
    private readonly rules: SenderRules,
    private readonly hasFile?: (name: string) => boolean,
  ) {
    this.scanner = new HeaderScanner(format)
    this.yearPosition = format.yearPosition
    this.firstIsDay = dateOrder === 'dmy'
    this.buddhist = format.era === 'buddhist'
    this.japanese = format.era === 'japanese'
  }

  /** Feeds one line: `buffer.slice(start, end)`, 1-based `lineNo` (see LineSplitter). */
  line(buffer: string, start: number, end: number, lineNo: number): void {
    const headerEnd = this.scanner.scan(buffer, start, end)
    const date = headerEnd < 0 ? null : this.headerDate()
    if (date === null) {
      if (this.open) {
        const room = MAX_MESSAGE_CHARS - this.size - 1
        if (room < 0) return
        if (end - start > room) end = start + room
        this.size += 1 + end - start
        const text = buffer.slice(start, end)
        this.more = this.more === null ? text : `${this.more}\n${text}`
        if (!this.bidi) this.bidi = this.hasBidi(buffer, start, end)
      }
      return
    }
    if (this.open) this.out.push(this.build())
    const split = this.split
    splitSender(buffer, headerEnd, end, this.labels, split, this.rules)
    this.open = true
    this.date = date
    this.lineNo = lineNo
    this.author = split.author
    this.marked = split.marked
    this.head = buffer.slice(split.bodyStart, end)
    this.more = null
    this.size = end - split.bodyStart
    this.bidi = this.hasBidi(buffer, split.bodyStart, end)
  }

  // Position of the next bidi control in the current buffer (-1: none after bidiFrom), so that
  // each buffer is searched once in total rather than each message text separately.
  private bidiBuffer = ''
  private bidiFrom = 0
  private bidiNext = -1

  /** True when `buffer[start, end)` holds a bidi control. Lines come in increasing order per buffer. */
  private hasBidi(buffer: string, start: number, end: number): boolean {
    if (buffer !== this.bidiBuffer || start < this.bidiFrom || (this.bidiNext >= 0 && this.bidiNext < start)) {
      this.bidiBuffer = buffer
      this.bidiFrom = start
      BIDI_SEARCH.lastIndex = start
      this.bidiNext = BIDI_SEARCH.test(buffer) ? BIDI_SEARCH.lastIndex - 1 : -1
    }
    return this.bidiNext >= 0 && this.bidiNext < end
  }

  /** Number of completed messages waiting for drain(). */
  get ready(): number {
    return this.out.length
  }

  /** Messages completed since the last call. */
  drain(): Message[] {
    const out = this.out
    this.out = []
    return out
  }

  /** Completes the last message. */
  end(): void {
    if (this.open) this.out.push(this.build())
    this.open = false
  }

  /** The wall-clock date of the header just scanned, or null when the date is impossible. */
  private headerDate(): string | null {
    const s = this.scanner
    const yp = this.yearPosition
    const written = this.japanese ? japaneseEraYear(s.eraLetter, yp === 0 ? s.c0 : yp === 1 ? s.c1 : s.c2) : yp === 0 ? s.c0 : yp === 1 ? s.c1 : s.c2
    const a = yp === 0 ? s.c1 : s.c0
    const b = yp === 2 ? s.c1 : s.c2
    const day = this.firstIsDay ? a : b
    const month = this.firstIsDay ? b : a
    // Same bounds as pass 1's vote (DateOrderVotes.add), so both passes agree on what is a header.
    if (month < 1 || month > 12 || day < 1 || day > 31 || (a > 12 && b > 12)) return null
    // Consecutive messages often share a minute, and always share most of a day: reuse strings
    // instead of building 19 characters from scratch each time.
    const dayKey = written * 10000 + month * 100 + day
    const timeKey = s.hour * 10000 + s.minute * 100 + s.second
    if (dayKey === this.lastDayKey && timeKey === this.lastTimeKey) return this.lastDate
    if (dayKey !== this.lastDayKey) {
      this.lastDayKey = dayKey
      this.dayPrefix = wallClockDay(this.japanese ? written : gregorianYear(written, this.buddhist), month, day)
    }
    this.lastTimeKey = timeKey
    this.lastDate = this.dayPrefix + wallClockTime(s.hour, s.minute, s.second)
    return this.lastDate
  }

  private lastDayKey = -1
  private lastTimeKey = -1
  private dayPrefix = ''
  private lastDate = ''

  /**
   * iOS writes an omitted document as its name, then the mark and the placeholder:
   * `Notes.txt ‎document omitted`, `Report.pdf • ‎2 pages ‎document omitted` (issue 19 §4).
   */
  private markedTail(): 'media-omitted' | null {
    const head = this.head
    for (let i = 1; i < head.length; i++) {
      const c = head.charCodeAt(i)
      if (c !== 0x200e && c !== 0x200f) continue
      const tail = stripBidi(head.slice(i)).trim()
      return placeholderKind(tail, tail, true) === 'media-omitted' ? 'media-omitted' : null
    }
    return null
  }

  private build(): Message {
    const raw = this.more === null ? this.head : `${this.head}\n${this.more}`
    const text = (this.bidi ? stripBidi(raw) : raw).trim()
    if (this.author === null) return {date: this.date, author: null, text, attachment: null, system: true, kind: 'system', line: this.lineNo}
    let kind: MessageKind = 'text'
    let attachment: Attachment | null = null
    const nl = this.more === null ? -1 : text.indexOf('\n')
    const firstLine = nl < 0 ? text : text.slice(0, nl).trimEnd()
    const ref = firstLine.length > 0 ? findAttachmentReference(firstLine) : null
    if (ref !== null && confirmAttachment(ref, this.hasFile)) {
      attachment = attachmentFor(ref.name)
      kind = /\.vcf$/i.test(ref.name) ? 'contact' : 'media'
    } else if (ref !== null && ref.labelled) {
      // Referenced, but the archive does not hold it: the file was left out of the export.
      kind = 'media-omitted'
    } else {
      kind = placeholderKind(text, firstLine, this.marked) ?? (this.bidi && !this.marked && this.more === null ? this.markedTail() : null) ?? 'text'
    }
    return {date: this.date, author: this.author, text, attachment, system: false, kind, line: this.lineNo}
  }
}
