/**
 * Reads headers of one known shape in place (no slicing, no match arrays): the hot path of both
 * passes. The numbers are the digit runs of the header in written order (date components, hour,
 * minute, second; joiners, eras and AM/PM words hold no digits), so they are read by a scan
 * instead of regex captures.
 */
import {compileHeaderFormat, compileStickyHeaderFormat, JAPANESE_ERA_LETTERS, type HeaderFormat, type HeaderGroups} from './header-format.js'
import {readHeaderNumbers} from './header-reader.js'
import {digitValue, isBidiCode} from './text.js'

/** Code units that start (or, read backwards, end) an AM/PM word, and whether it means PM. */
const MARKER_PM = new Map<number, boolean>([
  [0x61, false], [0x41, false], [0x70, true], [0x50, true], // a A p P
  [0xc804, false], [0xd6c4, true], // 오전 / 오후, last syllable
  [0x524d, false], [0x5f8c, true], // 午前 / 午後, last character
  [0x4e0a, false], [0x4e0b, true], // 上午 / 下午, first character
  [0x635, false], [0x645, true], // ص / م
  [0x3c0, false], [0x3bc, true], // π.μ. / μ.μ.
  [0x642, false], [0x628, true], // ق.ظ / ب.ظ
])

/** U+0020, U+00A0, U+202F: the spaces a header may use (SP in header-format.ts). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x202f
}

function codesOf(s: string): number[] {
  return Array.from({length: s.length}, (_, i) => s.charCodeAt(i))
}

/** Matches a literal of the shape, given as char codes (its spaces accept any header space); returns the next index or -1. */
function walkCodes(b: string, i: number, end: number, codes: number[]): number {
  for (let k = 0; k < codes.length; k++) {
    if (i >= end) return -1
    const want = codes[k]!
    const c = b.charCodeAt(i)
    if (want === 0x20 ? !isSpace(c) : c !== want) return -1
    i++
  }
  return i
}

/** Exactly two ASCII digits at `i` (not followed by a third), or -1. */
function twoDigits(b: string, i: number, end: number): number {
  if (i + 2 > end) return -1
  const c1 = b.charCodeAt(i)
  const c2 = b.charCodeAt(i + 1)
  if (c1 < 0x30 || c1 > 0x39 || c2 < 0x30 || c2 > 0x39) return -1
  if (i + 2 < end) {
    const c3 = b.charCodeAt(i + 2)
    if (c3 >= 0x30 && c3 <= 0x39) return -1
  }
  return (c1 - 0x30) * 10 + (c2 - 0x30)
}

/** Scans header lines of one detected shape. */
export class HeaderScanner {
  /** Date components in written order, after a successful scan(). */
  c0 = 0
  c1 = 0
  c2 = 0
  /** Time on a 24-hour clock (AM/PM applied); second is 0 when the shape has none. */
  hour = 0
  minute = 0
  second = 0
  /** The Japanese era letter written before the year (`R` of `R4`), as a char code; 0 when none. */
  eraLetter = 0

  private readonly regex: RegExp
  private readonly groups: HeaderGroups
  private readonly monthName: boolean
  private readonly values = new Int32Array(6)
  private readonly starts = new Int32Array(6)
  private readonly ends = new Int32Array(6)
  private readonly runs: number

  /**
   * @param format the file's header shape
   * @param options.walk false to use only the regex (tests compare both ways; default true)
   */
  constructor(
    private readonly format: HeaderFormat,
    private readonly options: {walk?: boolean} = {},
  ) {
    this.regex = compileStickyHeaderFormat(format)
    this.groups = compileHeaderFormat(format).groups
    this.monthName = format.monthName === true
    this.sepCodes = codesOf(format.dateSeparator)
    this.joinerCodes = codesOf(format.joiner)
    this.tsepCode = format.timeSeparator.charCodeAt(0)
    this.markerMode = format.markerPosition === 'before' ? 1 : format.markerPosition === 'after' ? 2 : 0
    this.closerCode = format.closer === ']' || format.closer === ':' ? format.closer.charCodeAt(0) : 0
    this.runs = format.seconds ? 6 : 5
  }

  /**
   * Checks whether `buffer[start, end)` starts with a header of this shape whose time is
   * possible. Returns the index where the header ends (the sender starts), or -1.
   */
  scan(buffer: string, start: number, end: number): number {
    const c = buffer.charCodeAt(start)
    // Cheap first-character gate: headers start with a digit, `[`, a bidi mark or (time-first
    // with a leading AM/PM word) a CJK marker; most continuation lines start with a letter.
    if (!(c >= 0x30 && c <= 0x39) && c !== 0x5b && (c < 0x80 || !(isBidiCode(c) || digitValue(c) >= 0 || MARKER_PM.has(c) || c === 0xc624 || c === 0x5348))) return -1
    if (this.monthName) return this.scanWithGroups(buffer, start, end)
    // A hand-written walk of the shape (ASCII digits, no bidi marks between tokens, reading the
    // numbers on the way) accepts most headers; the full regex decides the rest. Same answers:
    // the walk accepts a subset of what the regex accepts.
    if (this.options.walk !== false) {
      const walked = this.walk(buffer, start, end)
      if (walked >= 0) return this.accept(walked)
    }
    const re = this.regex
    re.lastIndex = start
    if (!re.test(buffer)) return -1
    const headerEnd = re.lastIndex
    if (headerEnd > end) return -1
    const values = this.values
    let k = 0
    let i = start
    while (i < headerEnd && k < this.runs) {
      let code = buffer.charCodeAt(i)
      let v = code >= 0x30 && code <= 0x39 ? code - 0x30 : code < 0x80 ? -1 : digitValue(code)
      if (v < 0) {
        i++
        continue
      }
      this.starts[k] = i
      let n = 0
      while (v >= 0) {
        n = n * 10 + v
        i++
        if (i >= headerEnd) break
        code = buffer.charCodeAt(i)
        v = code >= 0x30 && code <= 0x39 ? code - 0x30 : code < 0x80 ? -1 : digitValue(code)
      }
      values[k] = n
      this.ends[k] = i
      k++
    }
    if (k < this.runs) return -1
    const f = this.format
    const t = f.timeFirst ? 0 : 3
    const d = f.timeFirst ? this.runs - 3 : 0
    let hour = values[t]!
    const minute = values[t + 1]!
    const second = f.seconds ? values[t + 2]! : 0
    if (minute > 59 || second > 59) return -1
    if (f.markerPosition !== null) {
      const pm = f.markerPosition === 'after' ? this.markerAfter(buffer, this.ends[t + (f.seconds ? 2 : 1)]!, headerEnd) : this.markerBefore(buffer, this.starts[t]!, start)
      if (pm === null || hour > 12) return -1
      // 12 AM is midnight, 12 PM is noon.
      if (pm) {
        if (hour < 12) hour += 12
      } else if (hour === 12) hour = 0
    } else if (hour > 23) return -1
    this.c0 = values[d]!
    this.c1 = values[d + 1]!
    this.c2 = values[d + 2]!
    if (f.era === 'japanese') {
      const letter = buffer.charCodeAt(this.starts[d + f.yearPosition]! - 1)
      this.eraLetter = JAPANESE_ERA_LETTERS.includes(String.fromCharCode(letter)) ? letter : 0
    }
    this.hour = hour
    this.minute = minute
    this.second = second
    return headerEnd
  }

  /** Month-word headers (old Android, rare): the regex with its groups reads them. */
  private scanWithGroups(buffer: string, start: number, end: number): number {
    const re = this.regex
    re.lastIndex = start
    const m = re.exec(buffer)
    if (m === null || re.lastIndex > end) return -1
    const numbers = readHeaderNumbers(m, this.groups)
    if (numbers === null || numbers.c1 < 1) return -1
    this.c0 = numbers.c0
    this.c1 = numbers.c1
    this.c2 = numbers.c2
    this.hour = numbers.hour
    this.minute = numbers.minute
    this.second = numbers.second
    this.eraLetter = 0
    return re.lastIndex
  }

  // Fields the walk fills (hour before AM/PM, and whether a marker said PM).
  private wHour = 0
  private wPm = false

  /** Validates the walked time like the regex path does; returns headerEnd or -1. */
  private accept(headerEnd: number): number {
    let hour = this.wHour
    if (this.minute > 59 || this.second > 59) return -1
    if (this.format.markerPosition !== null) {
      if (hour > 12) return -1
      if (this.wPm) {
        if (hour < 12) hour += 12
      } else if (hour === 12) hour = 0
    } else if (hour > 23) return -1
    this.hour = hour
    return headerEnd
  }

  // The shape, unpacked once for the walk.
  private readonly sepCodes: number[]
  private readonly joinerCodes: number[]
  private readonly tsepCode: number
  private readonly markerMode: 0 | 1 | 2 // none, before, after
  private readonly closerCode: number // ']' or ':' (0: ' -' or nothing)

  /** Walks one header of the shape; returns its end or -1 (then the full regex is tried). */
  private walk(b: string, start: number, end: number): number {
    const f = this.format
    let i = start
    let c = b.charCodeAt(i)
    while (i < end && c >= 0x200e && isBidiCode(c)) c = b.charCodeAt(++i)
    if (f.bracket) {
      if (c !== 0x5b) return -1
      i++
    }
    if (f.timeFirst) {
      i = this.walkTime(b, i, end)
      if (i < 0) return -1
      i = walkCodes(b, i, end, this.joinerCodes)
      if (i < 0) return -1
      i = this.walkDate(b, i, end)
    } else {
      i = this.walkDate(b, i, end)
      if (i < 0) return -1
      i = walkCodes(b, i, end, this.joinerCodes)
      if (i < 0) return -1
      i = this.walkTime(b, i, end)
    }
    if (i < 0) return -1
    if (this.closerCode !== 0) {
      if (b.charCodeAt(i) !== this.closerCode) return -1
      i++
    } else if (f.closer === ' -') {
      if (isSpace(b.charCodeAt(i))) i++
      c = b.charCodeAt(i)
      if (c !== 0x2d && c !== 0x2013) return -1
      i++
    }
    if (i === end) return i
    return b.charCodeAt(i) === 0x20 ? i + 1 : -1
  }

  private walkDate(b: string, i: number, end: number): number {
    const f = this.format
    const sep = this.sepCodes
    this.eraLetter = 0
    // Three runs of 1–4 ASCII digits separated by the shape's separator.
    for (let k = 0; k < 3; k++) {
      if (k > 0) {
        i = walkCodes(b, i, end, sep)
        if (i < 0) return -1
      }
      if (f.era === 'japanese' && k !== 1 && k === f.yearPosition && i < end && JAPANESE_ERA_LETTERS.includes(b.charAt(i))) this.eraLetter = b.charCodeAt(i++)
      let n = 0
      const from = i
      for (; i < end; i++) {
        const c = b.charCodeAt(i)
        if (c < 0x30 || c > 0x39) break
        n = n * 10 + (c - 0x30)
      }
      if (i === from || i - from > 4) return -1
      if (k === 0) this.c0 = n
      else if (k === 1) this.c1 = n
      else this.c2 = n
    }
    if (f.dateTrailingDot) {
      if (b.charCodeAt(i) !== 0x2e) return -1
      i++
    }
    if (f.era === 'buddhist') {
      if (b.startsWith(' BE', i)) i += 3
      else if (b.startsWith(' พ.ศ.', i)) i += 5
      else return -1
    }
    return i
  }

  private walkTime(b: string, i: number, end: number): number {
    if (this.markerMode === 1) {
      i = this.walkMarker(b, i, end)
      if (i < 0) return -1
      if (isSpace(b.charCodeAt(i))) i++
    }
    // Hour: 1–2 digits.
    let c = b.charCodeAt(i)
    if (i >= end || c < 0x30 || c > 0x39) return -1
    let hour = c - 0x30
    c = b.charCodeAt(++i)
    if (i < end && c >= 0x30 && c <= 0x39) {
      hour = hour * 10 + (c - 0x30)
      c = b.charCodeAt(++i)
    }
    this.wHour = hour
    const tsep = this.tsepCode
    if (i >= end || c !== tsep) return -1
    const minute = twoDigits(b, i + 1, end)
    if (minute < 0) return -1
    this.minute = minute
    i += 3
    this.second = 0
    if (this.format.seconds) {
      if (i >= end || b.charCodeAt(i) !== tsep) return -1
      const second = twoDigits(b, i + 1, end)
      if (second < 0) return -1
      this.second = second
      i += 3
    }
    if (this.markerMode === 2) {
      if (isSpace(b.charCodeAt(i))) i++
      i = this.walkMarker(b, i, end)
    }
    return i
  }

  /** Reads an AM/PM word the walk knows (Latin a.m./p.m. forms, Korean, Japanese, Chinese, Arabic) into `wPm`. */
  private walkMarker(b: string, i: number, end: number): number {
    if (i >= end) return -1
    const c = b.charCodeAt(i)
    if (c === 0x61 || c === 0x41 || c === 0x70 || c === 0x50) {
      // [AaPp]\.?SP?[Mm]\.? as in header-format.ts MARK
      this.wPm = c === 0x70 || c === 0x50
      i++
      if (b.charCodeAt(i) === 0x2e) i++
      if (isSpace(b.charCodeAt(i))) i++
      const m = b.charCodeAt(i)
      if (m !== 0x6d && m !== 0x4d) return -1
      i++
      if (b.charCodeAt(i) === 0x2e) i++
      return i
    }
    const d = b.charCodeAt(i + 1)
    if (c === 0xc624 && (d === 0xc804 || d === 0xd6c4)) {
      this.wPm = d === 0xd6c4 // 오전 / 오후
      return i + 2
    }
    if (c === 0x5348 && (d === 0x524d || d === 0x5f8c)) {
      this.wPm = d === 0x5f8c // 午前 / 午後
      return i + 2
    }
    if ((c === 0x4e0a || c === 0x4e0b) && d === 0x5348) {
      this.wPm = c === 0x4e0b // 上午 / 下午
      return i + 2
    }
    if (c === 0x635 || c === 0x645) {
      this.wPm = c === 0x645 // ص / م
      return i + 1
    }
    return -1
  }

  /** PM-ness of the first marker character after the time. */
  private markerAfter(buffer: string, from: number, to: number): boolean | null {
    for (let i = from; i < to; i++) {
      const pm = MARKER_PM.get(buffer.charCodeAt(i))
      if (pm !== undefined) return pm
    }
    return null
  }

  /** PM-ness of the marker before the hour, read backwards (`오후`, `午後`, `下午`, `p. m.`). */
  private markerBefore(buffer: string, hourStart: number, lineStart: number): boolean | null {
    for (let i = hourStart - 1; i >= lineStart && i >= hourStart - 8; i--) {
      const pm = MARKER_PM.get(buffer.charCodeAt(i))
      if (pm !== undefined) return pm
    }
    return null
  }
}
