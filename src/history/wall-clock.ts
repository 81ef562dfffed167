const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(formatter: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, number> = {}
  for (const part of formatter.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value)
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * Turns stored message dates into instants (ISO 8601 UTC, XEP-0082 `…Z`). WhatsApp dates are
 * wall-clock times of the exporting phone, without zone: they are read in `timeZone` (IANA).
 * A time that does not exist (skipped by a DST change) is moved forward by the gap; a time that
 * happens twice (clocks set back) is taken at its first occurrence. Signal dates are instants
 * already and are kept. Null for an unreadable date.
 */
export class WallClockReader {
  readonly #formatter: Intl.DateTimeFormat

  /** Fails with a RangeError for an unknown zone (callers check it first: checkTimeZone). */
  constructor(readonly timeZone: string) {
    this.#formatter = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'})
  }

  /** The instant of a stored date, `YYYY-MM-DDTHH:MM:SSZ` (milliseconds kept when present). */
  instant(date: string): string | null {
    const wall = WALL_CLOCK.exec(date)
    if (!wall) {
      const ms = Date.parse(date)
      return Number.isNaN(ms) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(date) ? null : new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
    }
    const local = Date.UTC(Number(wall[1]), Number(wall[2]) - 1, Number(wall[3]), Number(wall[4]), Number(wall[5]), Number(wall[6]))
    // The offset before the time, then the offset at the candidate: they differ only near a change.
    const before = offsetAt(this.#formatter, local - 86_400_000)
    const after = offsetAt(this.#formatter, local + 86_400_000)
    let result: number
    if (before === after) result = local - before
    else {
      const first = local - before // the earlier occurrence, under the offset before the change
      const second = local - after
      if (offsetAt(this.#formatter, first) === before) result = first
      else if (offsetAt(this.#formatter, second) === after) result = second
      else result = local - before // in the gap: read with the offset before it, i.e. forward by the gap
    }
    return new Date(result).toISOString().replace(/\.000Z$/, 'Z')
  }
}
