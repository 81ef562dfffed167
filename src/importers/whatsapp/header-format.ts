/**
 * Header shapes of WhatsApp exports ("[18/03/2022, 14:56:01] ", "3/18/22, 2:56 PM - ", …) and
 * the regexes that recognise them.
 *
 * Why one shape per file: date-like lines inside a message (pasted schedules, quoted headers of
 * another phone) must not split it, so the parser first detects the file's own shape from a
 * sample, then only accepts lines of exactly that shape (fact sheet §3 "Rules that follow", §11).
 * Both the loose detection regex and the per-file regex come from one builder, so they share
 * the same capture groups.
 */
import {isMonthWord, MONTH_WORD} from './month-names.js'
import {BIDI_CLASS, DIGIT_CLASS, digitValue, escapeRegex} from './text.js'

/** Which platform's header framing the file uses. */
export type HeaderPlatform = 'android' | 'ios' | 'legacy' | 'plain'

/** The detected header shape of one export (JSON-serializable). */
export interface HeaderFormat {
  /** `android`: `DATE, TIME - `; `ios`: `[DATE, TIME] `; `legacy`: `DATE TIME: ` (≤ 2014); `plain`: `DATE TIME ` (rare). */
  platform: HeaderPlatform
  /** True when the time comes before the date (iOS Vietnamese: `[14:56:01, 3/18/22]`). */
  timeFirst: boolean
  /** True when the header is wrapped in `[ … ]`. */
  bracket: boolean
  /** Separator between date components: `/`, `.`, `-`, `. ` (Korean `2024. 1. 15.`), or ` ` around a month word. */
  dateSeparator: string
  /** True when the middle date component is a month word (`4 Aug 2014 11:36 - `, old Android; issue 19 §4). */
  monthName?: boolean
  /** True when the date ends with a dot (`2024. 1. 15.`, `13. 6. 2018.`). */
  dateTrailingDot: boolean
  /**
   * `buddhist` when years carry the ` BE` suffix (Thai region; year − 543); `japanese` when they
   * carry a Japanese era letter (`3/27/R4` = Reiwa 4 = 2022; also Heisei `H`, Showa `S`, Taisho
   * `T`, Meiji `M`; iOS with the Japanese calendar, issue 19 §4), read per header.
   */
  era: 'gregorian' | 'buddhist' | 'japanese'
  /** What joins date and time, spaces normalized to U+0020: `, `, ` `, ` à `, ` klo `, `، `. */
  joiner: string
  /** Where the AM/PM word stands; null for a 24-hour clock. */
  markerPosition: 'before' | 'after' | null
  /** Separator inside the time: `:` or `.`. */
  timeSeparator: string
  /** True when times carry seconds (iOS). */
  seconds: boolean
  /** What ends the header before the sender: `]`, ` -`, `:` or `` (nothing but the space). */
  closer: string
  /** Index (0–2) of the year among the three date components as written. */
  yearPosition: 0 | 1 | 2
}

/** Capture-group numbers of a built regex (they differ between date-first and time-first). */
export interface HeaderGroups {
  open: number
  c1: number
  sep: number
  c2: number
  c3: number
  dot: number
  era: number
  join: number
  markBefore: number
  hour: number
  tsep: number
  minute: number
  second: number
  markAfter: number
  close: number
}

/** A compiled header regex and where its groups are. */
export interface HeaderMatcher {
  regex: RegExp
  groups: HeaderGroups
  timeFirst: boolean
}

const B = `${BIDI_CLASS}*`
/** A word for "year" after it, as Russian writes dates (`4 авг. 2014 г.`); holds no digit, read nowhere. */
const YEAR_WORD = '(?: г\\.)?'
/** A header ends with a space, or with the line (inside a larger buffer: before CR/LF, or at its end). */
const END = '(?: |(?=[\\r\\n])|$)'
const D = DIGIT_CLASS
/** Spaces seen inside headers: U+0020, U+00A0 NBSP (`p. m.`, before ص/م), U+202F NNBSP (2023+ before AM/PM). */
const SP = '[ \\u00A0\\u202F]'
/**
 * AM/PM words (fact sheet §5): AM/PM, am/pm, a.m./p.m., a. m./p. m. (NBSP inside), Korean
 * 오전/오후, Japanese 午前/午後, Chinese 上午/下午 (before the time), Arabic ص/م, Greek π.μ./μ.μ.,
 * Persian ق.ظ/ب.ظ.
 */
const MARK = `(?:[AaPp]\\.?${SP}?[Mm]\\.?|오전|오후|午前|午後|上午|下午|ص|م|π\\.μ\\.|μ\\.μ\\.|ق\\.ظ|ب\\.ظ)`
/** Words between date and time seen or reported: fr `à`, fi `klo`, de `um`, da/no `kl.`, it `alle`, pt `às`, nl `om`, vi `lúc`, es `a las`, ru `в`. */
const JOIN_WORDS = '(?:à|klo|um|kl\\.|at|alle|às|om|lúc|a las|в)'

/** True when the marker word means "after noon". */
export function isPmMarker(marker: string): boolean {
  const c = marker.charCodeAt(0)
  if (c === 0x70 || c === 0x50) return true // p, P
  if (c === 0x61 || c === 0x41) return false // a, A
  return marker === '오후' || marker === '午後' || marker === '下午' || marker === 'م' || marker === 'μ.μ.' || marker === 'ب.ظ'
}

/** Slots of the regex builder: each is either a loose pattern (detection) or a pinned literal. */
interface Slots {
  open: string
  /** The middle date component: digits, or (also) a month word. */
  middle: string
  /** What may stand before the first and last date components: a Japanese era letter. */
  eraLetter: string
  sep: string
  dot: string
  era: string
  join: string
  markBefore: string
  tsep: string
  seconds: string
  markAfter: string
  close: string
}

/** Letters of the Japanese eras written before a year (Meiji, Taisho, Showa, Heisei, Reiwa). */
export const JAPANESE_ERA_LETTERS = 'MTSHR'

const LOOSE: Slots = {
  open: '(\\[)?',
  middle: `(?:${D}{1,4}|${MONTH_WORD})`,
  eraLetter: `(?:[${JAPANESE_ERA_LETTERS}](?=${DIGIT_CLASS}))?`,
  sep: '([/.\\-] ?| )',
  dot: '(\\.)?',
  era: '( BE| พ\\.ศ\\.)?',
  join: `((?:[,،]${B})?(?:${SP}(?:${JOIN_WORDS}${SP})?)?)`,
  markBefore: `(?:(${MARK})${SP}?)?`,
  tsep: '([:.])',
  seconds: '?',
  markAfter: `(?:${SP}?(${MARK}))?`,
  close: `(\\]|${SP}?[-–]|:|)`,
}

/**
 * The header regex source. `b` is what may stand between tokens (bidi marks) and `d` one digit;
 * the leading bidi marks are always allowed (iOS puts U+200E before `[` on media lines).
 */
function buildSource(s: Slots, timeFirst: boolean, b = B, d = D): {source: string; groups: HeaderGroups} {
  if (!timeFirst) {
    // 1 open, 2 c1, 3 sep, 4 c2, 5 c3, 6 dot, 7 era, 8 join, 9 markBefore, 10 hour, 11 tsep, 12 min, 13 sec, 14 markAfter, 15 close
    const source =
      `^${B}${s.open}${b}(${s.eraLetter}${d}{1,4})${b}${s.sep}${b}(${s.middle})${b}\\3${b}(${s.eraLetter}${d}{1,4})${s.dot}${b}${s.era}${YEAR_WORD}${b}` +
      `${s.join}${b}${s.markBefore}(${d}{1,2})${s.tsep}(${d}{2})(?:\\11(${d}{2}))${s.seconds}${s.markAfter}${b}${s.close}${b}${END}`
    return {
      source,
      groups: {open: 1, c1: 2, sep: 3, c2: 4, c3: 5, dot: 6, era: 7, join: 8, markBefore: 9, hour: 10, tsep: 11, minute: 12, second: 13, markAfter: 14, close: 15},
    }
  }
  // 1 open, 2 markBefore, 3 hour, 4 tsep, 5 min, 6 sec, 7 markAfter, 8 join, 9 c1, 10 sep, 11 c2, 12 c3, 13 dot, 14 era, 15 close
  const source =
    `^${B}${s.open}${b}${s.markBefore}(${d}{1,2})${s.tsep}(${d}{2})(?:\\4(${d}{2}))${s.seconds}${s.markAfter}${b}` +
    `${s.join}${b}(${s.eraLetter}${d}{1,4})${b}${s.sep}${b}(${s.middle})${b}\\10${b}(${s.eraLetter}${d}{1,4})${s.dot}${b}${s.era}${YEAR_WORD}${b}${s.close}${b}${END}`
  return {
    source,
    groups: {open: 1, markBefore: 2, hour: 3, tsep: 4, minute: 5, second: 6, markAfter: 7, join: 8, c1: 9, sep: 10, c2: 11, c3: 12, dot: 13, era: 14, close: 15},
  }
}

/** The loose regexes used on a sample to discover the file's shape (date-first, then time-first). */
export const LOOSE_MATCHERS: readonly HeaderMatcher[] = [false, true].map((timeFirst) => {
  const {source, groups} = buildSource(LOOSE, timeFirst)
  return {regex: new RegExp(source), groups, timeFirst}
})

/** Spaces in a literal become the SP class, so U+00A0/U+202F variants of one shape still match. */
function literal(s: string): string {
  return escapeRegex(s).replace(/ /g, SP)
}

/** The joiner as a pattern: spaces accept NBSP/NNBSP too, bidi marks may follow a comma (Arabic dates). */
function joinerPattern(joiner: string): string {
  let out = ''
  for (const ch of joiner) {
    if (ch === ' ') out += SP
    else if (ch === ',' || ch === '،') out += `${ch}${B}`
    else out += escapeRegex(ch)
  }
  return out
}

/** The anchored regex accepting exactly the lines of one detected shape. */
export function compileHeaderFormat(f: HeaderFormat): HeaderMatcher {
  const {source, groups} = buildSource(headerSlots(f), f.timeFirst)
  return {regex: new RegExp(source), groups, timeFirst: f.timeFirst}
}

/** The pinned slots of one shape. */
function headerSlots(f: HeaderFormat): Slots {
  return {
    open: f.bracket ? '(\\[)' : '()',
    eraLetter: f.era === 'japanese' ? LOOSE.eraLetter : '',
    middle: f.monthName === true ? MONTH_WORD : `${D}{1,4}`,
    sep: `(${literal(f.dateSeparator)})`,
    dot: f.dateTrailingDot ? '(\\.)' : '()',
    era: f.era === 'buddhist' ? '( BE| พ\\.ศ\\.)' : '()',
    join: `(${joinerPattern(f.joiner)})`,
    markBefore: f.markerPosition === 'before' ? `(${MARK})${SP}?` : '()',
    tsep: `(${escapeRegex(f.timeSeparator)})`,
    seconds: f.seconds ? '' : '{0}',
    markAfter: f.markerPosition === 'after' ? `${SP}?(${MARK})` : '()',
    close: f.closer === ' -' ? `(${SP}?[-–])` : `(${escapeRegex(f.closer)})`,
  }
}

/**
 * The same regex as compileHeaderFormat, sticky and without `^`: `lastIndex = lineStart;
 * test(buffer)` checks a line in place, and `lastIndex` is then the end of the header.
 */
export function compileStickyHeaderFormat(f: HeaderFormat): RegExp {
  return new RegExp(compileHeaderFormat(f).regex.source.slice(1), 'y')
}

/**
 * The shape a loose match describes, or null when its parts do not fit together (a bracket
 * without `]`, or a `]` without a bracket). `yearPosition` is provisional (set from digit widths
 * by the caller).
 */
export function shapeOfMatch(m: RegExpExecArray, matcher: HeaderMatcher): HeaderFormat | null {
  const g = matcher.groups
  const bracket = m[g.open] === '['
  const closeRaw = m[g.close] ?? ''
  const close = closeRaw === ']' || closeRaw === ':' || closeRaw === '' ? closeRaw : ' -'
  if (bracket !== (close === ']')) return null
  // A space between date components only around a month word (`4 Aug 2014`): "4 8 2014" is no date.
  const monthName = isMonthWord(m[g.c2])
  if (m[g.sep] === ' ' && !monthName) return null
  if (!monthName && digitValue((m[g.c2] ?? '').charCodeAt(0)) < 0) return null
  const join = (m[g.join] ?? '').replace(/[\u00A0\u202F]/g, ' ').replace(new RegExp(BIDI_CLASS, 'g'), '')
  if (join === '' && m[g.markBefore] === undefined) return null
  const markerPosition = m[g.markBefore] !== undefined && m[g.markBefore] !== '' ? 'before' : m[g.markAfter] !== undefined && m[g.markAfter] !== '' ? 'after' : null
  return {
    platform: close === ']' ? 'ios' : close === ' -' ? 'android' : close === ':' ? 'legacy' : 'plain',
    timeFirst: matcher.timeFirst,
    bracket,
    dateSeparator: m[g.sep] ?? '/',
    ...(monthName ? {monthName: true} : {}),
    dateTrailingDot: m[g.dot] === '.',
    era: m[g.era] ? 'buddhist' : startsWithEraLetter(m[g.c1]) || startsWithEraLetter(m[g.c3]) ? 'japanese' : 'gregorian',
    joiner: join,
    markerPosition,
    timeSeparator: m[g.tsep] ?? ':',
    seconds: m[g.second] !== undefined,
    closer: close,
    yearPosition: 2,
  }
}

/** True when a matched date component starts with a Japanese era letter (`R4`). */
export function startsWithEraLetter(component: string | undefined): boolean {
  return component !== undefined && component.length > 0 && JAPANESE_ERA_LETTERS.includes(component.charAt(0))
}

/** A stable key identifying a shape (used to count votes during detection). */
export function shapeKey(f: HeaderFormat): string {
  return [f.platform, f.timeFirst ? 'T' : 'D', f.dateSeparator, f.monthName === true ? 'M' : '', f.dateTrailingDot ? '.' : '', f.era, f.joiner, f.markerPosition ?? '', f.timeSeparator, f.seconds ? 's' : '', f.closer].join('\u0001')
}

/** A human description such as `iOS, [d/m/yy, HH:mm:ss], 24 h`. */
export function describeHeaderFormat(f: HeaderFormat, order: 'dmy' | 'mdy' | 'ymd', twoDigitYear: boolean): string {
  const y = twoDigitYear ? 'yy' : 'yyyy'
  const month = f.monthName === true ? 'MMM' : 'm'
  const parts = order === 'ymd' ? [y, month, 'd'] : order === 'mdy' ? [month, 'd', y] : ['d', month, y]
  if (order !== 'ymd' && f.yearPosition !== 2) {
    // Year written in another place than last: keep day/month order around it.
    const dm = parts.filter((p) => p !== y)
    dm.splice(f.yearPosition, 0, y)
    parts.splice(0, 3, ...dm)
  }
  // i18n-ignore: a technical label of the detected format (a date pattern), shown as is
  const date = parts.join(f.dateSeparator) + (f.dateTrailingDot ? '.' : '') + (f.era === 'buddhist' ? ' BE' : f.era === 'japanese' ? ' (Japanese era)' : '')
  const hours = f.markerPosition === null ? 'HH' : 'h'
  let time = `${hours}${f.timeSeparator}mm${f.seconds ? `${f.timeSeparator}ss` : ''}`
  if (f.markerPosition === 'after') time += ' a'
  if (f.markerPosition === 'before') time = `a ${time}`
  const body = f.timeFirst ? `${time}${f.joiner}${date}` : `${date}${f.joiner}${time}`
  const framed = f.bracket ? `[${body}]` : f.closer === ' -' ? `${body} -` : `${body}${f.closer}`
  const platform = {android: 'Android', ios: 'iOS', legacy: 'legacy', plain: 'plain'}[f.platform]
  return `${platform}, ${framed}, ${f.markerPosition === null ? '24 h' : '12 h'}`
}
