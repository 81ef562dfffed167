/**
 * Day/month order votes (see date-order.ts for the evidence used and why). Constant memory:
 * counters and the previous date only.
 */
import type {DateOrderDecision, DateOrderSource} from './date-order.js'

/** Collects evidence from the two non-year components (`a` written before `b`) of every header date. */
export class DateOrderVotes {
  private aOver12 = 0
  private bOver12 = 0
  private alwaysInvalid = 0
  private backA = 0
  private backB = 0
  private changesA = 0
  private changesB = 0
  private prevA = -1
  private prevB = -1
  private prevKeyA = -1
  private prevKeyB = -1

  /** Records one header date. Returns false when the date is impossible in either order. */
  add(year: number, a: number, b: number): boolean {
    if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) {
      this.alwaysInvalid++
      return false
    }
    if (a > 12) this.aOver12++
    else if (b > 12) this.bOver12++
    if (this.prevA >= 0) {
      if (a !== this.prevA) this.changesA++
      if (b !== this.prevB) this.changesB++
    }
    const keyA = year * 10000 + b * 100 + a // a is the day
    const keyB = year * 10000 + a * 100 + b // b is the day
    if (this.prevKeyA >= 0) {
      if (keyA < this.prevKeyA) this.backA++
      if (keyB < this.prevKeyB) this.backB++
    }
    this.prevA = a
    this.prevB = b
    this.prevKeyA = keyA
    this.prevKeyB = keyB
    return true
  }

  /** Decides whether the first non-year component is the day. */
  decide(): DateOrderDecision {
    let firstIsDay = true
    let source: DateOrderSource = 'assumed'
    if (this.aOver12 !== this.bOver12) {
      firstIsDay = this.aOver12 > this.bOver12
      source = 'above12'
    } else if (this.backA !== this.backB) {
      firstIsDay = this.backA < this.backB
      source = 'chronology'
    } else if (this.changesA !== this.changesB) {
      firstIsDay = this.changesA > this.changesB
      source = 'frequency'
    }
    return {firstIsDay, source, invalidLines: this.rejectedFor(firstIsDay)}
  }

  /**
   * Accepted dates (add() returned true) that are impossible when the first non-year component
   * is (or is not) the day: a month above 12.
   */
  rejectedFor(firstIsDay: boolean): number {
    return firstIsDay ? this.bOver12 : this.aOver12
  }
}
