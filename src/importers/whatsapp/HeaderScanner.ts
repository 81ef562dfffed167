/**
 * Reads headers of one known shape in place (no slicing, no match arrays): the hot path of both
 * passes. The numbers are the digit runs of the header in written order (date components, hour,
 * minute, second; joiners, eras and AM/PM words hold no digits), so they are read by a scan
 * instead of regex captures.
 */
import {compileFastHeaderFormat, compileStickyHeaderFormat, type HeaderFormat} from './header-format.js'
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

  private readonly regex: RegExp
  private readonly fast: RegExp
  private readonly values = new Int32Array(6)
  private readonly starts = new Int32Array(6)
  private readonly ends = new Int32Array(6)
  private readonly runs: number

  constructor(private readonly format: HeaderFormat) {
    this.regex = compileStickyHeaderFormat(format)
    this.fast = compileFastHeaderFormat(format)
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
    // The fast regex (ASCII digits, no bidi marks between tokens) accepts most headers; the full
    // one decides the rest. Same answers, since the fast one accepts a subset.
    let re = this.fast
    re.lastIndex = start
    if (!re.test(buffer)) {
      re = this.regex
      re.lastIndex = start
      if (!re.test(buffer)) return -1
    }
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
    this.hour = hour
    this.minute = minute
    this.second = second
    return headerEnd
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
