/**
 * Phone numbers to E.164 (ITU-T E.164, `+` and digits) with libphonenumber-js, which is imported
 * here only. Labels come as exports write them: `+33 6 12 34 56 78`, iOS `‪+1 (555) 010‑0000‬`
 * (U+202A…U+202C around it, U+00A0 and U+2011 inside), local `06 12 34 56 78`, `0033 6…`.
 */
import {isSupportedCountry, parsePhoneNumberFromString, type CountryCode} from 'libphonenumber-js'

/** What a label says about a phone number. */
export type PhoneReading =
  /** A number in E.164 (`+33612345678`). */
  | {kind: 'e164'; value: string}
  /**
   * A number written without a country code and no region to read it with: kept as written
   * (digits only in `digits`), so it can still be matched and normalized once a region is known.
   */
  | {kind: 'local'; value: string; digits: string}

// Bidi controls and the spaces/hyphens phones use for grouping.
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
// What a phone label may hold once bidi controls are gone: an optional +, digits, grouping.
const PHONE_TEXT = /^\+?[0-9 \u00A0\u202F\u2010\u2011\u2012\u2013\-.()/]+$/u

/** True when the region is an ISO 3166-1 alpha-2 code libphonenumber-js knows (`FR`, `DE`, …). */
export function isKnownRegion(region: string): region is CountryCode {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region)
}

/**
 * Reads a phone number from a label or a cell: E.164 when it has a country code (`+…`, `00…`)
 * or when `region` says how to read a local number; `local` when it is a plausible local number
 * but no region was given; null when the text is not a phone number (a name) or not a possible
 * one for its country.
 */
export function readPhone(text: string, region: CountryCode | null): PhoneReading | null {
  const cleaned = text.replace(BIDI, '').trim()
  if (!PHONE_TEXT.test(cleaned)) return null
  const spaced = cleaned.replace(/[\u00A0\u202F]/gu, ' ').replace(/[\u2010-\u2013]/gu, '-')
  const digits = spaced.replace(/\D/g, '')
  if (digits.length < 4 || digits.length > 17) return null
  // `00` is the international prefix almost everywhere (ITU-T E.164 Annex; not in the US).
  const international = spaced.startsWith('+') ? spaced : digits.startsWith('00') ? `+${digits.slice(2)}` : null
  const parsed = international === null ? (region === null ? undefined : parsePhoneNumberFromString(spaced, region)) : parsePhoneNumberFromString(international)
  if (parsed !== undefined) return parsed.isPossible() ? {kind: 'e164', value: parsed.number} : null
  if (international !== null) return null
  return {kind: 'local', value: cleaned, digits}
}

/** The matching key of a phone reading: `phone:+33…` or `phone-raw:0612…`. */
export function phoneKey(reading: PhoneReading): string {
  return reading.kind === 'e164' ? `phone:${reading.value}` : `phone-raw:${reading.digits}`
}

/** The country of an E.164 number (`+33…` → `FR`), or null when it does not tell. */
export function phoneCountry(e164: string | null): string | null {
  if (e164 === null || !e164.startsWith('+')) return null
  return parsePhoneNumberFromString(e164)?.country ?? null
}
