/**
 * Reads the date and time out of a matched header line. Output dates are wall-clock strings
 * `YYYY-MM-DDTHH:MM:SS` exactly as written: no JS Date is built, so neither the runtime's time
 * zone nor its DST gaps can shift them (fact sheet §12).
 */
import {isPmMarker, startsWithEraLetter, type HeaderGroups} from './header-format.js'
import {isMonthWord, monthNumber} from './month-names.js'
import {digitValue, digitsToInt, isBidiCode} from './text.js'

/** The numbers of one header, before the day/month order is known. */
export interface HeaderNumbers {
  /** The three date components in written order. */
  c0: number
  c1: number
  c2: number
  /** Hour on a 24-hour clock (AM/PM already applied), minute, second (0 when absent). */
  hour: number
  minute: number
  second: number
}

/** True when a line's first code unit can start a header: a digit of any script, `[`, a bidi mark, or an AM/PM word written before a time-first header. */
export function mayStartHeader(line: string): boolean {
  const c = line.charCodeAt(0)
  if (c >= 0x30 && c <= 0x39) return true
  if (c === 0x5b) return true
  if (c < 0x80) return false
  return isBidiCode(c) || digitValue(c) >= 0 || c === 0xc624 || c === 0x5348 || c === 0x4e0a || c === 0x4e0b
}

/** The numbers of a matched header, or null when the time is impossible (hour > 23, minute > 59…). */
export function readHeaderNumbers(m: RegExpExecArray, g: HeaderGroups): HeaderNumbers | null {
  let hour = digitsToInt(m[g.hour] ?? '')
  const minute = digitsToInt(m[g.minute] ?? '')
  const sec = m[g.second]
  const second = sec === undefined ? 0 : digitsToInt(sec)
  if (minute > 59 || second > 59) return null
  const marker = m[g.markAfter] || m[g.markBefore]
  if (marker) {
    if (hour > 12) return null
    // 12 AM is midnight, 12 PM is noon.
    if (isPmMarker(marker)) {
      if (hour < 12) hour += 12
    } else if (hour === 12) hour = 0
  } else if (hour > 23) return null
  return {c0: componentValue(m[g.c1]), c1: componentValue(m[g.c2]), c2: componentValue(m[g.c3]), hour, minute, second}
}

/** The number a date component holds (after its Japanese era letter, if any). */
function componentValue(component: string | undefined): number {
  if (component === undefined) return 0
  if (isMonthWord(component)) return monthNumber(component)
  return digitsToInt(startsWithEraLetter(component) ? component.slice(1) : component)
}

/** Width in digits of the written date components (to find a 3–4 digit year); a component with an era letter is a year. */
export function componentWidths(m: RegExpExecArray, g: HeaderGroups): [number, number, number] {
  const width = (c: string | undefined): number => (startsWithEraLetter(c) ? 4 : isMonthWord(c) ? 2 : (c ?? '').length)
  return [width(m[g.c1]), width(m[g.c2]), width(m[g.c3])]
}

/** '00'…'99', so two-digit fields cost no allocation. */
const TWO_DIGITS = Array.from({length: 100}, (_, n) => (n < 10 ? `0${n}` : `${n}`))

function pad2(n: number): string {
  return TWO_DIGITS[n] ?? `${n}`
}

function pad4(n: number): string {
  return n >= 1000 ? `${n}` : n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`
}

/**
 * The Gregorian year of a written year: two digits mean 20YY; Buddhist-era years (` BE`) are
 * 543 years ahead of the Gregorian calendar (2565 BE = 2022).
 */
export function gregorianYear(written: number, buddhist: boolean): number {
  const y = written < 100 ? 2000 + written : written
  return buddhist ? y - 543 : y
}

/** The year before year 1 of each Japanese era, by its letter: Meiji 1 = 1868 … Heisei 1 = 1989, Reiwa 1 = 2019. */
const JAPANESE_ERA_BASE = new Map<number, number>([
  [0x4d, 1867], // M Meiji
  [0x54, 1911], // T Taisho
  [0x53, 1925], // S Showa
  [0x48, 1988], // H Heisei
  [0x52, 2018], // R Reiwa
])

/** The Gregorian year of a Japanese era year (`R4` → 2022), or the year as gregorianYear reads it when `eraLetter` is no era. */
export function japaneseEraYear(eraLetter: number, written: number): number {
  const base = JAPANESE_ERA_BASE.get(eraLetter)
  return base === undefined ? gregorianYear(written, false) : base + written
}

/** `YYYY-MM-DDT`: the day part of a wall-clock date `YYYY-MM-DDTHH:MM:SS`. */
export function wallClockDay(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T`
}

/** `HH:MM:SS`: the time part of a wall-clock date. */
export function wallClockTime(hour: number, minute: number, second: number): string {
  return `${pad2(hour)}:${pad2(minute)}:${pad2(second)}`
}
