/**
 * Participants from WhatsApp sender labels. An unsaved contact shows as a phone number in local
 * formatting (`+33 6 12 34 56 78`, iOS `+1 (555) 010‑0000` with U+2011 and U+00A0, often wrapped
 * in U+202A…U+202C; fact sheet §6); a saved one as a name, `~ Name` for a pushname.
 */
import {parsePhoneNumberFromString} from 'libphonenumber-js'

import type {Participant} from '../../model/types.js'
import {cleanLabel} from './text.js'

/** Characters a phone-number label may hold besides digits: spaces, NBSP, NNBSP, hyphens (incl. U+2010/U+2011), dots, parentheses. */
const PHONE_LABEL = /^\+[0-9 \u00A0\u202F\u2010\u2011\-.()/]+$/

/**
 * The participant a sender label names: `name` is the label without bidi controls, trimmed;
 * `phone` is its E.164 form when the label is a phone number written with a leading `+`
 * (parsed by libphonenumber-js), else null.
 */
export function participantFromLabel(label: string): Participant {
  const name = cleanLabel(label)
  return {name, phone: phoneFromLabel(name)}
}

/** E.164 of a label that is a `+`-prefixed phone number, else null. */
export function phoneFromLabel(name: string): string | null {
  if (name.charCodeAt(0) !== 0x2b || !PHONE_LABEL.test(name)) return null
  const normalized = name.replace(/[\u00A0\u202F]/g, ' ').replace(/[\u2010\u2011]/g, '-')
  const parsed = parsePhoneNumberFromString(normalized)
  if (!parsed || !parsed.isPossible()) return null
  return parsed.number
}
