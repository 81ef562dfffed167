import {intlLocale} from '../i18n/index.js'
import type {HistoryLanguage} from './labels.js'

/** A message date as the archive shows it. */
export interface MessageTime {
  /** Calendar day, `YYYY-MM-DD` (what day separators compare). */
  day: string
  /** `HH:MM`. */
  time: string
  /** Wall-clock `YYYY-MM-DDTHH:MM:SS` in the zone shown (what the `datetime` attribute and text export use). */
  wallClock: string
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/

/**
 * Reads message dates for display. WhatsApp dates are wall-clock times without a zone (the
 * exporting phone's clock, see src/model/types.ts): shown exactly as written. Signal dates are
 * instants (`…Z`): shown in `timeZone` (IANA name; the system's by default).
 */
export class MessageClock {
  readonly #parts: Intl.DateTimeFormat
  readonly #days = new Map<string, string>()
  readonly #dayFormat: Intl.DateTimeFormat

  constructor(language: HistoryLanguage, timeZone?: string) {
    this.#parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    // Day labels are computed from a calendar date, so they are formatted in UTC on purpose.
    this.#dayFormat = new Intl.DateTimeFormat(intlLocale(language), {timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric'})
  }

  /** Splits a stored date; an unreadable one is shown as it is (day = the text itself). */
  read(date: string): MessageTime {
    const wall = WALL_CLOCK.exec(date)
    if (wall) return {day: `${wall[1]}-${wall[2]}-${wall[3]}`, time: `${wall[4]}:${wall[5]}`, wallClock: date}
    const instant = new Date(date)
    if (Number.isNaN(instant.getTime())) return {day: date, time: '', wallClock: date}
    const p: Record<string, string> = {}
    for (const part of this.#parts.formatToParts(instant)) p[part.type] = part.value
    const day = `${p.year}-${p.month}-${p.day}`
    return {day, time: `${p.hour}:${p.minute}`, wallClock: `${day}T${p.hour}:${p.minute}:${p.second}`}
  }

  /** "jeudi 3 mai 2024" / "Thursday 3 May 2024" for a `YYYY-MM-DD` day (cached). */
  dayLabel(day: string): string {
    let label = this.#days.get(day)
    if (label === undefined) {
      const date = new Date(`${day}T00:00:00Z`)
      label = Number.isNaN(date.getTime()) ? day : this.#dayFormat.format(date)
      this.#days.set(day, label)
    }
    return label
  }
}
