/**
 * Splits what follows a header into sender and body, and tells participant messages from
 * WhatsApp events (fact sheet §2, §7):
 * - no `Sender: ` at all → event (Android, old iOS);
 * - `PSEUDO: ` followed by U+200E/U+200F and a body that is not a placeholder → event (iOS 2021+);
 * - event wording before the first ": " → event (its text contains ": ");
 * - event sentences after a label → event (Android 2025 pseudo-senders; fallback).
 */
import {findAttachmentReference} from './attachments.js'
import type {LabelCache} from './LabelCache.js'
import {looksLikeEventBody, looksLikeEventBodyAt, looksLikeEventLabel, placeholderKind} from './phrases.js'
import {cleanLabel, detach, isBidiCode, stripBidi} from './text.js'

/** The sender part of a message's first line (filled in place by splitSender). */
export interface SenderSplit {
  /** The sender label (bidi controls removed, trimmed), or null for an event. */
  author: string | null
  /** Where the body starts in the buffer (for events: the event text); it runs to the line end. */
  bodyStart: number
  /** True when the body started with U+200E/U+200F (the iOS placeholder/event mark). */
  marked: boolean
  /** For iOS pseudo-sender events, the pseudo-sender (group name, contact or actor), else null. */
  pseudoSender: string | null
  /** Search state: the buffer, where the search started, and the next ": " found (-1: none). */
  colonBuffer: string
  colonFrom: number
  colonNext: number
}

/** An empty SenderSplit to reuse (one per pass: it carries the search state). */
export function newSenderSplit(): SenderSplit {
  return {author: null, bodyStart: 0, marked: false, pseudoSender: null, colonBuffer: '', colonFrom: 0, colonNext: -1}
}

/** True when `b[i, end)` starts (after spaces) with a bidi control. */
function startsWithMark(b: string, i: number, end: number): boolean {
  for (; i < end; i++) {
    const c = b.charCodeAt(i)
    if (c === 0x20) continue
    return isBidiCode(c)
  }
  return false
}

/**
 * Index of the first ": " in `b[from, end)`, or -1. The next ": " of the buffer is remembered in
 * `state`, so a buffer is searched once in total (lines come in increasing order), whereas a
 * fresh indexOf per line could run far past lines that have none.
 */
function firstColonSpace(b: string, from: number, end: number, state: SenderSplit): number {
  if (b !== state.colonBuffer || from < state.colonFrom || (state.colonNext >= 0 && state.colonNext < from)) {
    state.colonBuffer = b
    state.colonFrom = from
    state.colonNext = b.indexOf(': ', from)
  }
  const next = state.colonNext
  return next >= 0 && next + 1 < end ? next : -1
}

/** Index of the first ": " in `b[from, end)` (followed by U+200E/U+200F when `followedByMark`), or -1. */
function colonSpace(b: string, from: number, end: number, followedByMark: boolean): number {
  for (let i = from; i < end - 1; i++) {
    if (b.charCodeAt(i) === 0x3a && b.charCodeAt(i + 1) === 0x20) {
      if (!followedByMark) return i
      const c = b.charCodeAt(i + 2)
      if (i + 2 < end && (c === 0x200e || c === 0x200f)) return i
    }
  }
  return -1
}

function set(out: SenderSplit, author: string | null, bodyStart: number, marked: boolean, pseudoSender: string | null): void {
  out.author = author
  out.bodyStart = bodyStart
  out.marked = marked
  out.pseudoSender = pseudoSender
}

/**
 * Splits the line `b[start, end)` after its header into sender and body, into `out`. `labels`
 * keeps a verdict per raw label, so label checks run once per label instead of once per message;
 * both passes feed the same lines in the same order, so they reach the same verdicts.
 */
export function splitSender(b: string, start: number, end: number, labels: LabelCache, out: SenderSplit): void {
  const idx = firstColonSpace(b, start, end, out)
  if (idx < 0) {
    // `Name:` with an empty body (a 2018 iOS view-once photo, fact sheet §2).
    let last = end - 1
    while (last > start && b.charCodeAt(last) === 0x20) last--
    if (last > start && b.charCodeAt(last) === 0x3a) {
      const label = b.slice(start, last)
      const author = cleanLabel(label)
      if (author.length > 0 && !looksLikeEventLabel(label) && !looksLikeEventBody(author, '')) return set(out, author, end, false, null)
    }
    return set(out, null, start, false, null)
  }
  let verdict = labels.find(b, start, idx)
  if (verdict === undefined) {
    const label = b.slice(start, idx)
    const clean = detach(cleanLabel(label))
    verdict = {author: clean.length === 0 || looksLikeEventLabel(label) ? null : clean, plain: false}
    labels.add(label, verdict)
  }
  const author = verdict.author
  if (author === null) return set(out, null, start, false, null)
  const bodyStart = idx + 2
  const marked = startsWithMark(b, bodyStart, end)
  if (!marked && !verdict.plain) {
    // iOS pseudo-senders can contain ": " themselves (a group renamed "Book Club: spring reads"):
    // the event text starts after the ": " that is followed by the mark.
    const at = colonSpace(b, bodyStart, end, true)
    if (at >= 0) {
      if (!isPlaceholderLine(stripBidi(b.slice(at + 2, end)).trim())) return set(out, null, at + 2, true, cleanLabel(b.slice(start, at)))
    } else {
      verdict.plain = true
    }
  }
  if (marked) {
    if (!isPlaceholderLine(stripBidi(b.slice(bodyStart, end)).trim())) return set(out, null, bodyStart, true, author)
    return set(out, author, bodyStart, true, null)
  }
  if (bodyStart < end) {
    const c = b.charCodeAt(bodyStart)
    // Cheap gate: event sentences start with a letter, a quote, "~" or "+".
    if ((c > 0x40 || c === 0x22 || c === 0x2b) && looksLikeEventBodyAt(b, bodyStart, author)) return set(out, null, bodyStart, false, author)
  }
  return set(out, author, bodyStart, false, null)
}

/** True when a marked first line is something WhatsApp writes in a participant's slot. */
function isPlaceholderLine(clean: string): boolean {
  if (clean.length === 0) return true
  if (findAttachmentReference(clean) !== null) return true
  return placeholderKind(clean, clean, true) !== null
}
