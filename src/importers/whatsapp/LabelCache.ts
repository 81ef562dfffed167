/**
 * Verdicts about raw sender labels, found without slicing the line: a chat has few distinct
 * labels, so each is examined once (bidi cleanup, event wording) and then recognised in place.
 */
import {detach} from './text.js'

/** What is known about one raw sender label (see splitSender). */
export interface LabelVerdict {
  /** The clean author, or null when the label is event wording. */
  author: string | null
  /**
   * True once a message under this label had no iOS mark anywhere: the label is a person's, so
   * later messages skip the search for a pseudo-sender containing ": ".
   */
  plain: boolean
}

interface Entry {
  raw: string
  verdict: LabelVerdict
}

/** Distinct labels remembered (a bound against pathological files). */
const MAX_LABELS = 10_000

/** Raw label → verdict, looked up by position in a buffer. */
export class LabelCache {
  private readonly byLength = new Map<number, Entry[]>()
  private size = 0

  /** The verdict for the label `buffer[start, end)`, or undefined when not seen (or not kept). */
  find(buffer: string, start: number, end: number): LabelVerdict | undefined {
    const list = this.byLength.get(end - start)
    if (list === undefined) return undefined
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!
      if (buffer.startsWith(e.raw, start)) return e.verdict
    }
    return undefined
  }

  /** Remembers a verdict (ignored once MAX_LABELS are kept; both passes stop at the same label). */
  add(raw: string, verdict: LabelVerdict): void {
    if (this.size >= MAX_LABELS) return
    this.size++
    let list = this.byLength.get(raw.length)
    if (list === undefined) {
      list = []
      this.byLength.set(raw.length, list)
    }
    list.push({raw: detach(raw), verdict})
  }
}
