/**
 * Splits what follows a header into sender and body, and tells participant messages from
 * WhatsApp events (fact sheet §2, §7):
 * - no `Sender: ` at all → event (Android, old iOS);
 * - `PSEUDO: ` followed by U+200E/U+200F and a body that is not a placeholder → event (iOS 2021+);
 * - event wording before the first ": " → event (its text contains ": ");
 * - event sentences after a label → event (Android 2025 pseudo-senders; fallback).
 */
import {findAttachmentReference} from './attachments.js'
import {looksLikeEventBody, looksLikeEventLabel, placeholderKind} from './phrases.js'
import {cleanLabel, detach, isBidiCode, stripBidi} from './text.js'

/** The sender part of a message's first line. */
export interface SenderSplit {
  /** The sender label (bidi controls removed, trimmed), or null for an event. */
  author: string | null
  /** The raw body on the header line (for events: the event text). */
  body: string
  /** True when the body started with U+200E/U+200F (the iOS placeholder/event mark). */
  marked: boolean
  /** For iOS pseudo-sender events, the pseudo-sender (group name, contact or actor), else null. */
  pseudoSender: string | null
}

/** True when `s` starts (after spaces) with a bidi control. */
function startsWithMark(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x20) continue
    return isBidiCode(c)
  }
  return false
}

/** ": " followed by U+200E/U+200F (searched from a position: global flag, lastIndex). */
const MARKED_COLON = /: [\u200E\u200F]/g

/** Distinct labels remembered by a label cache (a bound against pathological files). */
const MAX_CACHED_LABELS = 10_000

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

/**
 * Splits `rest` (the line after the header) into sender and body. `labels` caches a verdict per
 * raw label: a chat has few distinct labels, so label checks run once per label instead of once
 * per message. Both passes feed the same lines in the same order, so they reach the same verdicts.
 */
export function splitSender(rest: string, labels?: Map<string, LabelVerdict>): SenderSplit {
  const idx = rest.indexOf(': ')
  if (idx < 0) {
    // `Name:` with an empty body (a 2018 iOS view-once photo, fact sheet §2).
    const trimmed = rest.trimEnd()
    if (trimmed.length > 1 && trimmed.charCodeAt(trimmed.length - 1) === 0x3a) {
      const label = trimmed.slice(0, -1)
      const author = cleanLabel(label)
      if (author.length > 0 && !looksLikeEventLabel(label) && !looksLikeEventBody(author, '')) return {author, body: '', marked: false, pseudoSender: null}
    }
    return {author: null, body: rest, marked: false, pseudoSender: null}
  }
  const label = rest.slice(0, idx)
  let verdict = labels?.get(label)
  if (verdict === undefined) {
    const clean = detach(cleanLabel(label))
    verdict = {author: clean.length === 0 || looksLikeEventLabel(label) ? null : clean, plain: false}
    if (labels && labels.size < MAX_CACHED_LABELS) labels.set(detach(label), verdict)
  }
  const author = verdict.author
  if (author === null) return {author: null, body: rest, marked: false, pseudoSender: null}
  const body = rest.slice(idx + 2)
  const marked = startsWithMark(body)
  if (!marked && !verdict.plain) {
    // iOS pseudo-senders can contain ": " themselves (a group renamed "Book Club: spring reads"):
    // the event text starts after the ": " that is followed by the mark.
    MARKED_COLON.lastIndex = idx + 2
    if (MARKED_COLON.test(rest)) {
      const at = MARKED_COLON.lastIndex - 3
      const eventBody = rest.slice(at + 2)
      if (!isPlaceholderLine(stripBidi(eventBody).trim())) return {author: null, body: eventBody, marked: true, pseudoSender: cleanLabel(rest.slice(0, at))}
    } else {
      verdict.plain = true
    }
  }
  if (marked) {
    const clean = stripBidi(body).trim()
    if (!isPlaceholderLine(clean)) return {author: null, body, marked, pseudoSender: author}
    return {author, body, marked, pseudoSender: null}
  }
  if (body.length > 0) {
    const c = body.charCodeAt(0)
    // Cheap gate: event sentences start with a letter, a quote, "~" or "+".
    if (c > 0x40 || c === 0x22 || c === 0x2b) {
      if (looksLikeEventBody(body, author)) return {author: null, body, marked, pseudoSender: author}
    }
  }
  return {author, body, marked, pseudoSender: null}
}

/** True when a marked first line is something WhatsApp writes in a participant's slot. */
function isPlaceholderLine(clean: string): boolean {
  if (clean.length === 0) return true
  if (findAttachmentReference(clean) !== null) return true
  return placeholderKind(clean, clean, true) !== null
}
