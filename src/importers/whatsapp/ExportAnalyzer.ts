/**
 * Pass 1 over an export: detects the header shape from a sample, then reads every header of the
 * file to vote on the day/month order and to collect authors, group events and title hints.
 * Memory stays constant apart from the sample (a few thousand lines) and the distinct authors.
 */
import {t} from '../../i18n/index.js'
import {UserError} from '../../errors/index.js'
import type {ImportIssue} from '../../model/types.js'
import {confirmAttachment, findAttachmentReference} from './attachments.js'
import type {DateOrder, DateOrderSource} from './date-order.js'
import {DateOrderVotes} from './DateOrderVotes.js'
import {describeHeaderFormat, LOOSE_MATCHERS, shapeKey, shapeOfMatch, type HeaderFormat} from './header-format.js'
import {componentWidths, japaneseEraYear, mayStartHeader, readHeaderNumbers} from './header-reader.js'
import {HeaderScanner} from './HeaderScanner.js'
import {MAX_LINE_CHARS, type LineSink} from './LineSplitter.js'
import {MAX_MESSAGE_CHARS} from './MessageReader.js'
import {isGroupEvent, titleFromEvent} from './phrases.js'
import {LabelCache} from './LabelCache.js'
import {newSenderSplit, splitSender} from './sender.js'
import {decidePerson, MAX_PLACEHOLDER_CHARS, type SenderFacts} from './SenderRules.js'
import {cleanLabel, detach} from './text.js'
import type {WhatsAppAnalysis} from './parser.js'

/** Lines kept to detect the header shape: stop after this many header-like lines… */
const SAMPLE_HEADERS = 200
/** …or this many lines… */
const SAMPLE_LINES = 5000
/** …or this many code units (lines can be long; the sample must stay small). */
const SAMPLE_CHARS = 4 * 1024 * 1024
/** Issues of one kind reported individually before they are only counted. */
const MAX_ISSUES_PER_CODE = 20
/** Distinct authors listed (WhatsApp groups hold at most 1024 people; more means a damaged file). */
const MAX_AUTHORS = 5000
/** Distinct pseudo-senders remembered (iOS events); a bound against pathological files. */
const MAX_PSEUDO = 1000
/** Distinct (label, marked body) pairs kept for the end of pass 1; a bound against pathological files. */
const MAX_PENDING = 10_000

/** A marked line whose reading waits for the whole file (see SenderSplit.pending). */
interface PendingLine {
  /** The label the body is under (for `pending` 2: the pseudo-sender that may contain ": "). */
  label: string
  /** For `pending` 2: the first label, whose message it is unless `label` is a pseudo-sender. */
  first: string | null
  /** The marked body's first line, bidi-free and trimmed. */
  body: string
  /** For `pending` 2: the body is a known event (an event unless `first` wrote); `evidence` as SenderSplit's. */
  known: boolean
  evidence: boolean
  /** First line where it appears. */
  line: number
}

/**
 * A header without a year (`18 Mar 12:14 - `, `[18/03 12:14:05] `): old phones wrote dates of the
 * current year that way. Refused with its own error: the year cannot be guessed.
 */
const YEARLESS_HEADER =
  /^[\u200E\u200F]*\[?\d{1,2}(?:[./-]\d{1,2}\.?|\.? \p{L}{3,12}\.?),? \d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \u00A0\u202F]?[APap]\.? ?[Mm]\.?)?(?:\] | [-–] |: )/u

/** A chat name compared with a sender label: NFC, trimmed, case-folded. */
function normalizeName(name: string): string {
  return cleanLabel(name).normalize('NFC').toLowerCase()
}

/** What pass 1 found: exactly the analysis the parser hands out. */
export type AnalyzerResult = WhatsAppAnalysis

/** Options of pass 1. */
export interface AnalyzerOptions {
  dateOrder?: DateOrder
  fileName?: string
  hasFile?: (name: string) => boolean
  /** The chat's name as its container says (`WhatsApp Chat - NAME.zip`): iOS writes group events under it. */
  chatTitle?: string
}

interface ShapeTally {
  format: HeaderFormat
  count: number
  /** Lines whose component at each position has 3+ digits (a year). */
  longAt: [number, number, number]
  /** Widest component seen at each position. */
  widest: [number, number, number]
}

/** Pass 1 state machine: feed lines with `line()`, then call `finish()`. */
export class ExportAnalyzer implements LineSink {
  private sample: string[] | null = []
  private sampleStart = 1
  private sampleHeaderLines = 0
  private sampleNonBlank = 0
  private firstNonBlankIsHeader: boolean | null = null
  private readonly shapes = new Map<string, ShapeTally>()
  private scanner: HeaderScanner | null = null
  private yearPosition: 0 | 1 | 2 = 2
  private readonly labels = new LabelCache()
  private readonly split = newSenderSplit()
  private format: HeaderFormat | null = null
  private twoDigitYear = false
  private readonly votes = new DateOrderVotes()
  private headerLines = 0
  private linesBeforeFirst = 0
  private firstLineBefore = 0
  /** Author → line of their first message (the order authors are listed in). */
  private readonly authors = new Map<string, number>()
  /** Labels seen writing a message that is certainly a person's (see SenderFacts.writers). */
  private readonly writers = new Set<string>()
  private readonly pseudoSenders = new Set<string>()
  /** Labels that carried the encryption notice, which iOS writes under the chat's own name (see SenderSplit.evidence). */
  private readonly eventLabels = new Set<string>()
  private readonly pending = new Map<string, PendingLine>()
  /** Marked body → the one label it was seen under, or null once seen under several. */
  private readonly bodyLabels = new Map<string, string | null>()
  private groupEvent = false
  private lastSubject: string | null = null
  private lastSubjectLine = 0
  private createdTitle: string | null = null
  private createdTitleLine = Number.MAX_SAFE_INTEGER
  private senders: SenderFacts = {writers: [], pseudoSenders: [], placeholders: []}
  private readonly issues: ImportIssue[] = []
  private missingAttachments = 0
  private authorsDropped = 0
  private sampleChars = 0
  private japanese = false
  private yearlessLines = 0
  private readonly cutLines = new Set<number>()
  private longLines = 0
  private longMessages = 0
  private joinedAt = 0
  private joinedCount = 0
  /** The message being read: its first line, its text length so far, and whether it was reported as too long. */
  private messageLine = 0
  private messageChars = 0
  private messageReported = false

  constructor(private readonly options: AnalyzerOptions = {}) {}

  /** Feeds one line: `buffer.slice(start, end)`, 1-based `lineNo` (see LineSplitter). */
  line(buffer: string, start: number, end: number, lineNo: number): void {
    if (this.sample === null) {
      this.process(buffer, start, end, lineNo)
      return
    }
    const text = buffer.slice(start, end)
    if (this.sample.length === 0) this.sampleStart = lineNo
    this.sample.push(text)
    this.sampleChars += text.length
    this.tally(text)
    if (this.sampleHeaderLines >= SAMPLE_HEADERS || this.sample.length >= SAMPLE_LINES || this.sampleChars >= SAMPLE_CHARS) this.decideFormat()
  }

  /** A line longer than MAX_LINE_CHARS was cut (see LineSplitter): said once per line, up to a bound. */
  cut(lineNo: number, length: number): void {
    // Its message is then too long as well: one warning is enough.
    if (this.cutLines.size < MAX_PENDING) this.cutLines.add(lineNo)
    this.longLines++
    if (this.longLines > MAX_ISSUES_PER_CODE) return
    this.issues.push({
      severity: 'warning',
      code: 'WA_LINE_TOO_LONG',
      message: t('errors.whatsapp.lineTooLong', {line: lineNo, length, kept: MAX_LINE_CHARS}),
      ...this.fileField(),
      line: lineNo,
    })
  }

  /** A later line started with a byte-order mark: several exports were joined into this file. */
  joined(lineNo: number): void {
    if (this.joinedCount++ === 0) this.joinedAt = lineNo
  }

  /** Ends pass 1. Throws UserError `WA_NOT_AN_EXPORT` when the text has no WhatsApp headers. */
  finish(): AnalyzerResult {
    if (this.sample !== null) this.decideFormat()
    const format = this.format
    if (format === null) throw this.yearlessLines > 0 && this.yearlessLines * 10 >= this.sampleNonBlank ? this.yearless() : this.notAnExport()
    const decision = this.votes.decide()
    let dateOrder: DateOrder
    let source: DateOrderSource
    let firstIsDay: boolean
    if (format.monthName === true) {
      // The month is a word (`4 Aug 2014`): the order is written, nothing to infer or override.
      dateOrder = 'dmy'
      firstIsDay = true
      source = 'month-name'
    } else if (this.options.dateOrder) {
      dateOrder = this.options.dateOrder
      source = 'option'
      firstIsDay = dateOrder === 'dmy'
    } else if (format.yearPosition === 0) {
      // Year first: ISO-like order, the only year-first order WhatsApp writes (fact sheet §3).
      dateOrder = 'ymd'
      firstIsDay = false
      source = decision.source !== 'assumed' && !decision.firstIsDay ? decision.source : 'assumed'
    } else {
      firstIsDay = decision.firstIsDay
      dateOrder = firstIsDay ? 'dmy' : 'mdy'
      source = decision.source
      if (source === 'assumed') {
        this.issues.push({
          severity: 'warning',
          code: 'WA_DATE_ORDER_ASSUMED',
          message: t('errors.whatsapp.dateOrderAssumed'),
          ...this.fileField(),
        })
      }
    }
    const messageCount = this.headerLines - this.votes.rejectedFor(firstIsDay)
    if (messageCount <= 0) throw this.notAnExport()
    if (this.linesBeforeFirst > 0) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_TEXT_BEFORE_FIRST_MESSAGE',
        message: t('errors.whatsapp.textBeforeFirst', {count: this.linesBeforeFirst}),
        ...this.fileField(),
        line: this.firstLineBefore,
      })
    }
    if (this.missingAttachments > MAX_ISSUES_PER_CODE) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_ATTACHMENT_MISSING',
        message: t('errors.whatsapp.moreMissingAttachments', {count: this.missingAttachments - MAX_ISSUES_PER_CODE}),
        ...this.fileField(),
      })
    }
    if (this.longLines > MAX_ISSUES_PER_CODE) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_LINE_TOO_LONG',
        message: t('errors.whatsapp.moreLongLines', {count: this.longLines - MAX_ISSUES_PER_CODE}),
        ...this.fileField(),
      })
    }
    if (this.longMessages > MAX_ISSUES_PER_CODE) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_MESSAGE_TOO_LONG',
        message: t('errors.whatsapp.moreLongMessages', {count: this.longMessages - MAX_ISSUES_PER_CODE}),
        ...this.fileField(),
      })
    }
    if (this.joinedCount > 0) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_EXPORTS_JOINED',
        message: t('errors.whatsapp.exportsJoined', {line: this.joinedAt, count: this.joinedCount + 1}),
        ...this.fileField(),
        line: this.joinedAt,
      })
    }
    if (this.authorsDropped > 0) {
      this.issues.push({
        severity: 'warning',
        code: 'WA_TOO_MANY_AUTHORS',
        message: t('errors.whatsapp.tooManyAuthors', {max: MAX_AUTHORS}),
        ...this.fileField(),
      })
    }
    this.resolvePending()
    const authors = [...this.authors.entries()].sort((x, y) => x[1] - y[1]).map(([author]) => author)
    let groupPseudo = false
    if (authors.length >= 2) {
      for (const p of this.pseudoSenders) {
        if (!this.authors.has(p)) groupPseudo = true
      }
    }
    return {
      format,
      formatLabel: describeHeaderFormat(format, dateOrder, this.twoDigitYear),
      dateOrder,
      dateOrderSource: source,
      messageCount,
      authors,
      kind: authors.length > 2 || this.groupEvent || groupPseudo ? 'group' : 'direct',
      titleHint: this.lastSubject ?? this.createdTitle,
      issues: this.issues,
      senders: this.senders,
    }
  }

  /**
   * Decides the marked lines of unknown wording now that the whole file was seen (issue 19 §1):
   * a body seen under several labels is a placeholder; a label that wrote is a person; a label
   * that is the chat's own name (the container's, or the one the encryption notice is under) and
   * never wrote is a pseudo-sender; in doubt, the person. Pass 2 applies the same rule with the
   * facts kept in `senders`.
   */
  private resolvePending(): void {
    const placeholders = new Set<string>()
    for (const [body, label] of this.bodyLabels) if (label === null) placeholders.add(body)
    const title = normalizeName(this.options.chatTitle ?? this.lastSubject ?? this.createdTitle ?? '')
    for (const p of this.pending.values()) {
      if (p.evidence && p.first !== null && !this.writers.has(p.first) && this.eventLabels.size < MAX_PSEUDO) this.eventLabels.add(p.label)
    }
    const pseudo = new Set<string>()
    for (const label of this.eventLabels) if (!this.writers.has(label)) pseudo.add(label)
    if (title.length > 0) {
      for (const p of this.pending.values()) if (!this.writers.has(p.label) && normalizeName(p.label) === title) pseudo.add(p.label)
    }
    for (const p of this.pending.values()) {
      if (p.first !== null && this.writers.has(p.first)) continue
      if (!p.known && decidePerson(this.writers, pseudo, placeholders, p.label, p.body)) {
        this.addAuthor(p.first ?? p.label, p.line)
        continue
      }
      if (this.pseudoSenders.size < MAX_PSEUDO) this.pseudoSenders.add(p.label)
      if (!this.groupEvent && isGroupEvent(p.body)) this.groupEvent = true
      const named = titleFromEvent(p.body)
      this.noteTitle(named?.subject ?? null, named?.created ?? null, p.line)
    }
    this.senders = {writers: [...this.writers], pseudoSenders: [...pseudo], placeholders: [...placeholders]}
  }

  private addAuthor(author: string, line: number): void {
    const seen = this.authors.get(author)
    if (seen !== undefined) {
      if (line < seen) this.authors.set(author, line)
      return
    }
    if (this.authors.size < MAX_AUTHORS) this.authors.set(detach(author), line)
    else this.authorsDropped++
  }

  /** Keeps the latest subject change and the earliest "created group" title (by line). */
  private noteTitle(subject: string | null, created: string | null, line: number): void {
    if (subject !== null && line >= this.lastSubjectLine) {
      this.lastSubject = subject
      this.lastSubjectLine = line
    }
    if (created !== null && line < this.createdTitleLine) {
      this.createdTitle = created
      this.createdTitleLine = line
    }
  }

  private fileField(): {file?: string} {
    return this.options.fileName === undefined ? {} : {file: this.options.fileName}
  }

  private notAnExport(): UserError {
    const message = this.options.fileName === undefined ? t('errors.whatsapp.noDateLine') : t('errors.whatsapp.noDateLineIn', {file: this.options.fileName})
    return new UserError('WA_NOT_AN_EXPORT', message, {
      suggestions: [t('errors.whatsapp.giveTheExport'), t('errors.whatsapp.reSaved')],
    })
  }

  private yearless(): UserError {
    const message = this.options.fileName === undefined ? t('errors.whatsapp.datesWithoutYearFile') : t('errors.whatsapp.datesWithoutYear', {path: this.options.fileName})
    return new UserError(
      'WA_DATES_WITHOUT_YEAR',
      message,
      {
        suggestions: [t('errors.whatsapp.exportAgainForYear'), t('errors.whatsapp.oldPhone')],
      },
    )
  }

  /** Counts the loose shape of one sample line. */
  private tally(text: string): void {
    const blank = text.trim().length === 0
    if (!blank) this.sampleNonBlank++
    if (!mayStartHeader(text)) {
      if (!blank && this.firstNonBlankIsHeader === null) this.firstNonBlankIsHeader = false
      return
    }
    for (const matcher of LOOSE_MATCHERS) {
      const m = matcher.regex.exec(text)
      if (!m) continue
      const shape = shapeOfMatch(m, matcher)
      if (!shape || readHeaderNumbers(m, matcher.groups) === null) continue
      this.sampleHeaderLines++
      if (this.firstNonBlankIsHeader === null) this.firstNonBlankIsHeader = true
      const key = shapeKey(shape)
      let t = this.shapes.get(key)
      if (!t) {
        t = {format: shape, count: 0, longAt: [0, 0, 0], widest: [0, 0, 0]}
        this.shapes.set(key, t)
      }
      t.count++
      const w = componentWidths(m, matcher.groups)
      for (const i of [0, 1, 2] as const) {
        if (w[i] >= 3) t.longAt[i]++
        if (w[i] > t.widest[i]) t.widest[i] = w[i]
      }
      return
    }
    if (YEARLESS_HEADER.test(text)) this.yearlessLines++
    if (!blank && this.firstNonBlankIsHeader === null) this.firstNonBlankIsHeader = false
  }

  /** Picks the shape most sample lines have, then replays the sample through it. */
  private decideFormat(): void {
    const sample = this.sample ?? []
    this.sample = null
    let best: ShapeTally | null = null
    for (const t of this.shapes.values()) if (best === null || t.count > best.count) best = t
    // An export starts with a header; a text that does not, with few header-like lines, is not one.
    if (best === null || (this.firstNonBlankIsHeader !== true && best.count < this.sampleNonBlank * 0.1)) return
    const long = best.longAt
    let yearPosition: 0 | 1 | 2
    if (long[0] + long[1] + long[2] === 0) yearPosition = this.options.dateOrder === 'ymd' ? 0 : 2
    else yearPosition = long[0] >= long[1] && long[0] >= long[2] ? 0 : long[1] >= long[2] ? 1 : 2
    this.twoDigitYear = best.widest[yearPosition] <= 2
    this.format = {...best.format, yearPosition}
    this.scanner = new HeaderScanner(this.format)
    this.japanese = this.format.era === 'japanese'
    this.yearPosition = yearPosition
    for (let i = 0; i < sample.length; i++) {
      const line = sample[i]!
      this.process(line, 0, line.length, this.sampleStart + i)
    }
  }

  /** Reads one line with the file's own header shape. */
  private process(buffer: string, start: number, end: number, lineNo: number): void {
    const scanner = this.scanner
    if (scanner === null) return
    const headerEnd = scanner.scan(buffer, start, end)
    if (headerEnd < 0) {
      if (this.headerLines === 0) {
        if (buffer.slice(start, end).trim().length > 0) {
          if (this.linesBeforeFirst === 0) this.firstLineBefore = lineNo
          this.linesBeforeFirst++
        }
      } else {
        this.messageChars += 1 + end - start
        if (this.cutLines.size > 0 && this.cutLines.has(lineNo)) this.messageReported = true
        if (this.messageChars > MAX_MESSAGE_CHARS && !this.messageReported) this.reportLongMessage()
      }
      return
    }
    const yp = this.yearPosition
    const written = yp === 0 ? scanner.c0 : yp === 1 ? scanner.c1 : scanner.c2
    // Japanese era years restart at 1 with each era (H31 is followed by R1): vote on the Gregorian year.
    const year = this.japanese ? japaneseEraYear(scanner.eraLetter, written) : written
    const a = yp === 0 ? scanner.c1 : scanner.c0
    const b = yp === 2 ? scanner.c1 : scanner.c2
    if (!this.votes.add(year, a, b)) return
    this.headerLines++
    const split = this.split
    splitSender(buffer, headerEnd, end, this.labels, split, null)
    this.messageLine = lineNo
    this.messageChars = end - split.bodyStart
    this.messageReported = this.cutLines.size > 0 && this.cutLines.has(lineNo)
    if (split.pending !== 0) {
      if (split.pending === 2) this.defer(split.pseudoSender!, split.author, split.body, lineNo, split.known, split.evidence)
      else this.defer(split.author!, null, split.body, lineNo, false, false)
      return
    }
    if (split.author !== null) {
      // Until resolvePending, authors are exactly the writers: one lookup per message.
      if (!this.writers.has(split.author)) {
        if (this.writers.size < MAX_AUTHORS) this.writers.add(detach(split.author))
        this.addAuthor(split.author, lineNo)
      }
      if (this.options.hasFile) this.checkAttachment(buffer.slice(split.bodyStart, end), lineNo)
      return
    }
    if (split.pseudoSender !== null) {
      if (this.pseudoSenders.size < MAX_PSEUDO && !this.pseudoSenders.has(split.pseudoSender)) this.pseudoSenders.add(detach(split.pseudoSender))
      if (split.evidence && this.eventLabels.size < MAX_PSEUDO && !this.eventLabels.has(split.pseudoSender)) this.eventLabels.add(detach(split.pseudoSender))
    }
    const event = cleanLabel(buffer.slice(split.bodyStart, end))
    if (!this.groupEvent && isGroupEvent(event)) this.groupEvent = true
    const title = titleFromEvent(event)
    this.noteTitle(title?.subject !== undefined ? detach(title.subject) : null, title?.created !== undefined ? detach(title.created) : null, lineNo)
  }

  /** Warns that the current message is longer than MAX_MESSAGE_CHARS (pass 2 keeps its start). */
  private reportLongMessage(): void {
    this.messageReported = true
    this.longMessages++
    if (this.longMessages > MAX_ISSUES_PER_CODE) return
    this.issues.push({
      severity: 'warning',
      code: 'WA_MESSAGE_TOO_LONG',
      message: t('errors.whatsapp.messageTooLong', {line: this.messageLine, max: MAX_MESSAGE_CHARS}),
      ...this.fileField(),
      line: this.messageLine,
    })
  }

  /** Keeps a pending line for resolvePending (bounded; bodies are short placeholders or events). */
  private defer(label: string, first: string | null, body: string, lineNo: number, known: boolean, evidence: boolean): void {
    const short = body.length <= MAX_PLACEHOLDER_CHARS
    if (short) {
      const seen = this.bodyLabels.get(body)
      if (seen === undefined) {
        if (this.bodyLabels.size < MAX_PENDING) this.bodyLabels.set(detach(body), detach(label))
      } else if (seen !== null && seen !== label) {
        this.bodyLabels.set(body, null)
      }
    }
    const key = `${label}\u0000${first ?? ''}\u0000${short ? body : body.slice(0, MAX_PLACEHOLDER_CHARS)}`
    if (this.pending.has(key) || this.pending.size >= MAX_PENDING) return
    this.pending.set(detach(key), {label: detach(label), first: first === null ? null : detach(first), body: detach(body), known, evidence, line: lineNo})
  }

  private checkAttachment(body: string, lineNo: number): void {
    const ref = findAttachmentReference(cleanLabel(body))
    if (ref === null || !ref.labelled || confirmAttachment(ref, this.options.hasFile)) return
    this.missingAttachments++
    if (this.missingAttachments > MAX_ISSUES_PER_CODE) return
    this.issues.push({
      severity: 'warning',
      code: 'WA_ATTACHMENT_MISSING',
      message: t('errors.whatsapp.attachmentMissing', {line: lineNo, name: ref.name}),
      ...this.fileField(),
      line: lineNo,
    })
  }
}
