/**
 * Infers the day/month order of an export from all its header dates (fact sheet §4), with
 * constant memory: counters and the previous date only.
 *
 * Evidence, strongest first: a component above 12 can only be a day; with the wrong order dates
 * jump backwards within a year (majority vote, because exports are not strictly chronological:
 * Android stamps the encryption notice later than the lines after it); the day changes more
 * often than the month. Never the machine's locale or time zone.
 */

/** The order of the date components as written: day-month-year, month-day-year, year-month-day. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd'

/** Which evidence decided the order. */
/** `month-name`: the month is written as a word (`4 Aug 2014`), so the order is known. */
export type DateOrderSource = 'option' | 'above12' | 'chronology' | 'frequency' | 'assumed' | 'month-name'

/** The outcome of the vote. */
export interface DateOrderDecision {
  /** True when the first non-year component is the day. */
  firstIsDay: boolean
  /** The evidence used, or 'assumed' when nothing decided. */
  source: DateOrderSource
  /** Accepted header dates that are impossible under the decided order (they are continuation lines). */
  invalidLines: number
}
