import type {ContactLanguage} from './types.js'

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
