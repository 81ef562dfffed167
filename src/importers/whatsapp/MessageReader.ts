/**
 * Pass 2 over an export: with the shape and date order pass 1 decided, turns lines into model
 * Messages. Only lines of the file's own header shape with a possible date start a message;
 * every other line continues the current one (fact sheet §11). Never throws on garbled lines.
 */
import type {Message, MessageKind} from '../../model/types.js'
import {attachmentFor, confirmAttachment, findAttachmentReference} from './attachments.js'
import type {DateOrder} from './date-order.js'
import {compileHeaderFormat, type HeaderFormat, type HeaderMatcher} from './header-format.js'
import {gregorianYear, mayStartHeader, readHeaderNumbers, wallClock} from './header-reader.js'
import {placeholderKind} from './phrases.js'
import {splitSender} from './sender.js'
import {stripBidi} from './text.js'

interface Pending {
  date: string
  line: number
  author: string | null
  marked: boolean
  head: string
  more: string | null
}


/** Pass 2 state machine: feed lines with `line()`, take finished messages with `drain()`, then `end()`. */
export class MessageReader {
  private readonly matcher: HeaderMatcher
  private readonly yearPosition: 0 | 1 | 2
  private readonly firstIsDay: boolean
  private readonly buddhist: boolean
  private pending: Pending | null = null
  private out: Message[] = []

  constructor(
    format: HeaderFormat,
    dateOrder: DateOrder,
    private readonly hasFile?: (name: string) => boolean,
  ) {
    this.matcher = compileHeaderFormat(format)
    this.yearPosition = format.yearPosition
    this.firstIsDay = dateOrder === 'dmy'
    this.buddhist = format.era === 'buddhist'
  }

  /** Feeds one line (without its ending) and its 1-based number. */
  line(text: string, lineNo: number): void {
    const date = mayStartHeader(text) ? this.headerDate(text) : null
    if (date === null) {
      const p = this.pending
      if (p !== null) p.more = p.more === null ? text : `${p.more}\n${text}`
      return
    }
    if (this.pending !== null) this.out.push(this.build(this.pending))
    const split = splitSender(text.slice(this.lastMatchLength))
    this.pending = {date, line: lineNo, author: split.author, marked: split.marked, head: split.body, more: null}
  }

  /** Messages completed since the last call. */
  drain(): Message[] {
    const out = this.out
    this.out = []
    return out
  }

  /** Completes the last message. */
  end(): void {
    if (this.pending !== null) this.out.push(this.build(this.pending))
    this.pending = null
  }

  private lastMatchLength = 0

  /** The wall-clock date of a header line, or null when the line is not a header of this file. */
  private headerDate(text: string): string | null {
    const m = this.matcher.regex.exec(text)
    if (m === null) return null
    const n = readHeaderNumbers(m, this.matcher.groups)
    if (n === null) return null
    const yp = this.yearPosition
    const written = yp === 0 ? n.c0 : yp === 1 ? n.c1 : n.c2
    const a = yp === 0 ? n.c1 : n.c0
    const b = yp === 2 ? n.c1 : n.c2
    const day = this.firstIsDay ? a : b
    const month = this.firstIsDay ? b : a
    // Same bounds as pass 1's vote (DateOrderVotes.add), so both passes agree on what is a header.
    if (month < 1 || month > 12 || day < 1 || day > 31) return null
    this.lastMatchLength = m[0].length
    return wallClock(gregorianYear(written, this.buddhist), month, day, n)
  }

  private build(p: Pending): Message {
    const raw = p.more === null ? p.head : `${p.head}\n${p.more}`
    const text = stripBidi(raw).trim()
    if (p.author === null) return {date: p.date, author: null, text, attachment: null, system: true, kind: 'system', line: p.line}
    let kind: MessageKind = 'text'
    let attachment = null
    const nl = text.indexOf('\n')
    const firstLine = nl < 0 ? text : text.slice(0, nl).trimEnd()
    const ref = firstLine.length > 0 ? findAttachmentReference(firstLine) : null
    if (ref !== null && confirmAttachment(ref, this.hasFile)) {
      attachment = attachmentFor(ref.name)
      kind = /\.vcf$/i.test(ref.name) ? 'contact' : 'media'
    } else if (ref !== null && ref.labelled) {
      // Referenced, but the archive does not hold it: the file was left out of the export.
      kind = 'media-omitted'
    } else {
      kind = placeholderKind(text, firstLine, p.marked) ?? 'text'
    }
    return {date: p.date, author: p.author, text, attachment, system: false, kind, line: p.line}
  }
}
