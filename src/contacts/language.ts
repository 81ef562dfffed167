import {consoleLanguage, type Lang} from '../i18n/index.js'
import type {ContactLanguage, ContactTone} from './types.js'

/**
 * Reads a language cell or flag: `fr`, `FR`, `fr-CA`, `français`, `French` → `fr`; the same for
 * English. Null when it is neither (the caller reports it); empty text is `undefined` (no value).
 */
export function parseLanguage(input: string): ContactLanguage | null | undefined {
  const text = input.trim().normalize('NFC').toLowerCase()
  if (text === '') return undefined
  if (/^fr(?:[-_][a-z]{2})?$/.test(text) || ['français', 'francais', 'french'].includes(text)) return 'fr'
  if (/^en(?:[-_][a-z]{2})?$/.test(text) || ['english', 'anglais'].includes(text)) return 'en'
  return null
}

/**
 * Reads a tone flag or cell: `tu`, `vous` (any case). Null when it is neither (the caller
 * reports it); empty text is `undefined` (no value: back to the default).
 */
export function parseTone(input: string): ContactTone | null | undefined {
  const text = input.trim().normalize('NFC').toLowerCase()
  if (text === '') return undefined
  return text === 'tu' || text === 'vous' ? text : null
}

/**
 * The language of what one person receives (room invitations, kit pages, history posts): their
 * own, else the workspace's (`contacts --default-language`, or the guided flow's language), else
 * the organizer's console language.
 */
export function personLanguage(own: Lang | null | undefined, workspace: Lang | null | undefined, consoleLang: Lang = consoleLanguage()): Lang {
  return own ?? workspace ?? consoleLang
}

/**
 * How French texts to one person address them: as the organizer said, else "tu" (the people this
 * tool is for are families and friends; a small company's members are set to "vous" per group in
 * the guided flow, or with `contacts set --tone vous`).
 */
export function personTone(tone: ContactTone | null | undefined): ContactTone {
  return tone ?? 'tu'
}
