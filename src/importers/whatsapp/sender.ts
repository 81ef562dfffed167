/**
 * Splits what follows a header into sender and body, and tells participant messages from
 * WhatsApp events (fact sheet §2, §7):
 * - no `Sender: ` at all → event (Android, old iOS);
 * - event wording before the first ": " → event (its text contains ": ");
 * - `Label: ` followed by U+200E/U+200F: a known placeholder is the label's; a known event
 *   (phrase tables, or a sentence naming the label) is an event under a pseudo-sender (iOS 2021+);
 *   anything else is decided with the whole file's facts (SenderRules): the label's placeholder
 *   unless the label is a pseudo-sender (issue 19 §1);
 * - event sentences after a label → event (Android 2025 pseudo-senders; fallback).
 */
import {findAttachmentReference} from './attachments.js'
import type {LabelCache} from './LabelCache.js'
import {isEncryptionNotice, isKnownMarkedEvent, looksLikeEventBody, looksLikeEventBodyAt, looksLikeEventLabel, placeholderKind} from './phrases.js'
import type {SenderRules} from './SenderRules.js'
import {cleanLabel, detach, isMarkCode, stripBidi} from './text.js'

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
  /**
   * True when the event is WhatsApp's encryption notice, which iOS writes under the chat's own
   * name: evidence that `pseudoSender` is no person (unless it writes elsewhere).
   */
  evidence: boolean
  /**
   * 0: decided. Only without SenderRules (pass 1), for lines whose reading depends on the whole
   * file: 1, a marked body of unknown wording under `author`; 2, a label containing ": " that
   * may be a pseudo-sender (`pseudoSender`, the event text in `body`) or `author`'s message.
   */
  pending: 0 | 1 | 2
  /** For pending lines, the marked text's first line, bidi-free and trimmed. */
  body: string
  /** For `pending` 2: the text after the pseudo-sender is a known event (an event unless the first label wrote). */
  known: boolean
  /** Search state: the buffer, where the search started, and the next ": " found (-1: none). */
  colonBuffer: string
  colonFrom: number
  colonNext: number
}

/** An empty SenderSplit to reuse (one per pass: it carries the search state). */
export function newSenderSplit(): SenderSplit {
  return {author: null, bodyStart: 0, marked: false, pseudoSender: null, evidence: false, pending: 0, body: '', known: false, colonBuffer: '', colonFrom: 0, colonNext: -1}
}

/**
 * A sender label longer than this (in UTF-16 units) before an unmarked body is a sign of a wrong
 * split: the line is an event whose text holds ": " (real names are far shorter; issue 19 §3).
 */
export const MAX_LABEL_CHARS = 80

/**
 * True when `b[i, end)` starts (after spaces) with U+200E or U+200F, the marks iOS puts before
 * its events and placeholders. Other bidi controls are not marks: phone numbers and RTL names are
 * wrapped in U+202A/U+202B…U+202C (`‪+55 13 99167‑1394‬: ‪O governo…‬` is a person's message).
 */
function startsWithMark(b: string, i: number, end: number): boolean {
  for (; i < end; i++) {
    const c = b.charCodeAt(i)
    if (c === 0x20) continue
    return isMarkCode(c)
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
  out.evidence = false
  out.pending = 0
}

/**
 * Splits the line `b[start, end)` after its header into sender and body, into `out`. `labels`
 * keeps a verdict per raw label, so label checks run once per label instead of once per message;
 * both passes feed the same lines in the same order, so they reach the same verdicts.
 *
 * A marked body under a label is the label's placeholder when it is a known placeholder, an
 * event when it is a known event (phrase tables, or a sentence naming the label itself: the
 * acting member, the contact of a security-code change). Otherwise the answer depends on the whole
 * file: `rules` (pass 2) decide; without them (pass 1) the line is left `pending` for the caller.
 */
export function splitSender(b: string, start: number, end: number, labels: LabelCache, out: SenderSplit, rules: SenderRules | null): void {
  const idx = firstColonSpace(b, start, end, out)
  if (idx < 0) {
    // `Name:` with an empty body (a 2018 iOS view-once photo, fact sheet §2).
    let last = end - 1
    while (last > start && b.charCodeAt(last) === 0x20) last--
    if (last > start && b.charCodeAt(last) === 0x3a) {
      const label = b.slice(start, last)
      const author = cleanLabel(label)
      if (author.length > 0 && author.length <= MAX_LABEL_CHARS && !looksLikeEventLabel(label) && !looksLikeEventBody(author, '')) {
        return set(out, author, end, false, null)
      }
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
  if (startsWithMark(b, bodyStart, end)) {
    const body = stripBidi(b.slice(bodyStart, end)).trim()
    if (isPlaceholderLine(body)) return set(out, author, bodyStart, true, null)
    if (isKnownMarkedEvent(body, author)) {
      set(out, null, bodyStart, true, author)
      out.evidence = isEncryptionNotice(body)
      return
    }
    if (rules === null) {
      set(out, author, bodyStart, true, null)
      out.pending = 1
      out.body = body
      return
    }
    return rules.isPerson(author, body) ? set(out, author, bodyStart, true, null) : set(out, null, bodyStart, true, author)
  }
  if (author.length > MAX_LABEL_CHARS) return set(out, null, start, false, null)
  if (!verdict.plain) {
    // iOS pseudo-senders can contain ": " themselves (a group renamed "Book Club: spring reads"):
    // the event text starts after the ": " that is followed by the mark.
    const at = colonSpace(b, bodyStart, end, true)
    if (at >= 0) {
      const body = stripBidi(b.slice(at + 2, end)).trim()
      if (!isPlaceholderLine(body)) {
        // Whose line it is depends on whether the first label ever wrote: a person's message
        // (`Ana: note: ‎…`) stays theirs whatever follows.
        const pseudo = cleanLabel(b.slice(start, at))
        const known = isKnownMarkedEvent(body, pseudo)
        if (rules === null) {
          set(out, author, bodyStart, false, pseudo)
          out.pending = 2
          out.body = body
          out.known = known
          out.evidence = known && isEncryptionNotice(body)
          return
        }
        if (!rules.wrote(author) && (known || !rules.isPerson(pseudo, body))) return set(out, null, at + 2, true, pseudo)
        // The first label's message, as pass 1 counts it when it resolves the pending line.
        return set(out, author, bodyStart, false, null)
      }
    } else {
      verdict.plain = true
    }
  }
  if (bodyStart < end) {
    const c = b.charCodeAt(bodyStart)
    // Cheap gate: event sentences start with a letter, a quote, "~" or "+".
    if ((c > 0x40 || c === 0x22 || c === 0x2b) && looksLikeEventBodyAt(b, bodyStart, author)) {
      set(out, null, bodyStart, false, author)
      out.evidence = isEncryptionNotice(b.slice(bodyStart, end))
      return
    }
  }
  return set(out, author, bodyStart, false, null)
}

/** True when a marked first line is something WhatsApp writes in a participant's slot. */
function isPlaceholderLine(clean: string): boolean {
  if (clean.length === 0) return true
  if (findAttachmentReference(clean) !== null) return true
  return placeholderKind(clean, clean, true) !== null
}
