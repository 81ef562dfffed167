/**
 * Character-level helpers shared by the WhatsApp parser: bidi controls and non-ASCII digits.
 * See /work/shared/research/whatsapp-export-format.md §3 and §10.
 */

/**
 * The bidi controls WhatsApp sprinkles around headers, names and placeholders: U+200E LRM,
 * U+200F RLM, U+202A–U+202E (embeddings/overrides, PDF) and U+2066–U+2069 (isolates).
 * U+200D ZWJ and U+FE0F are NOT in this set: they are part of emoji sequences (fact sheet §5, §10).
 */
export const BIDI_CLASS = '[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]'

const BIDI_TEST = new RegExp(BIDI_CLASS)
const BIDI_ALL = new RegExp(BIDI_CLASS, 'g')

/** True for a bidi control code unit (see BIDI_CLASS). */
export function isBidiCode(code: number): boolean {
  return code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
}

/** True for U+200E LRM or U+200F RLM: the only controls iOS uses to mark events and placeholders (fact sheet §2, §10). */
export function isMarkCode(code: number): boolean {
  return code === 0x200e || code === 0x200f
}

/** The string without bidi controls (returns the same string when it holds none). */
export function stripBidi(s: string): string {
  return BIDI_TEST.test(s) ? s.replace(BIDI_ALL, '') : s
}

/** Removes bidi controls, then surrounding whitespace. */
export function cleanLabel(s: string): string {
  return stripBidi(s).trim()
}

/**
 * Decimal digit scripts accepted in headers: ASCII, Arabic-Indic, Persian (extended
 * Arabic-Indic), Devanagari, Bengali, Thai. Each entry is the code of that script's zero.
 */
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50]

/** Regex class matching one digit of any accepted script. */
export const DIGIT_CLASS = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9\\u0966-\\u096F\\u09E6-\\u09EF\\u0E50-\\u0E59]'

/** Value of one digit code unit in any accepted script, or -1. */
export function digitValue(code: number): number {
  if (code < 0x660) return code >= 0x30 && code <= 0x39 ? code - 0x30 : -1
  for (const zero of DIGIT_ZEROS) {
    if (code >= zero && code <= zero + 9) return code - zero
  }
  return -1
}

/** Parses a run of digits of any accepted script (caller guarantees they are digits). */
export function digitsToInt(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    n = n * 10 + (c >= 0x30 && c <= 0x39 ? c - 0x30 : digitValue(c))
  }
  return n
}

/** Regex-escapes a literal. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/**
 * A copy of `s` that does not point into the string it was sliced from. V8 slices share their
 * parent: a sender label kept in a cache would otherwise keep its whole megabyte-sized input
 * chunk alive for the rest of the file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le')
}
