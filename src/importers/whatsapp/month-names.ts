/**
 * Month names in old Android headers (`4 Aug 2014 11:36 - `, issue 19 §4): Android builds of
 * 2014 and before wrote the month as a word of the phone's language. Each entry is the shortest
 * unambiguous start of the month's name or abbreviation; a written word is its month when it
 * starts with one of them (`Aug`, `August`, `août`, `авг.`, `августа`).
 */

/** Starts of month names by language, month 1 to 12 (several per month where languages differ). */
const MONTH_STARTS: ReadonlyArray<readonly string[]> = [
  // en, fr, de, es, pt, it, nl, ru, tr, id, pl
  ['jan', 'ene', 'gen', 'янв', 'oca', 'sty'],
  ['feb', 'fév', 'fev', 'фев', 'şub', 'lut'],
  ['mar', 'mär', 'mrz', 'mrt', 'мар'],
  ['apr', 'avr', 'abr', 'апр', 'nis', 'kwi'],
  ['may', 'mai', 'mei', 'mag', 'май', 'мая', 'maj'],
  ['jun', 'juin', 'giu', 'июн', 'haz', 'cze'],
  ['jul', 'juil', 'lug', 'июл', 'tem', 'lip'],
  ['aug', 'aoû', 'aou', 'ago', 'agu', 'авг', 'ağu', 'sie'],
  ['sep', 'set', 'сен', 'eyl', 'wrz'],
  ['oct', 'okt', 'out', 'ott', 'окт', 'eki', 'paź', 'paz'],
  ['nov', 'ноя', 'kas', 'lis'],
  ['dec', 'déc', 'dez', 'dic', 'des', 'дек', 'ara', 'gru'],
]

/** A month word as a header regex fragment: letters (Latin with accents, Cyrillic), an optional dot. */
export const MONTH_WORD = '[A-Za-z\\u00C0-\\u024F\\u0400-\\u04FF]{3,10}\\.?'

/** The month (1–12) a written word names, or -1. */
export function monthNumber(word: string): number {
  const w = word.replace(/\.$/, '').toLowerCase()
  if (w.length < 3) return -1
  let best = -1
  let bestLength = 0
  MONTH_STARTS.forEach((starts, i) => {
    for (const start of starts) {
      if (start.length > bestLength && w.startsWith(start)) {
        best = i + 1
        bestLength = start.length
      }
    }
  })
  return best
}

/** True when a date component as written is a month word rather than digits. */
export function isMonthWord(component: string | undefined): boolean {
  if (component === undefined || component.length === 0) return false
  const c = component.charCodeAt(0)
  return !(c >= 0x30 && c <= 0x39) && !(c >= 0x660 && c <= 0x669) && !(c >= 0x6f0 && c <= 0x6f9) && !(c >= 0x966 && c <= 0x96f) && !(c >= 0x9e6 && c <= 0x9ef) && !(c >= 0xe50 && c <= 0xe59) && monthNumber(component) > 0
}
