/**
 * Escapes text for HTML element content and double-quoted attribute values (the five characters
 * of the HTML spec's "escaping a string", plus `'`): every user-provided string goes through it,
 * so a message `<script>alert(1)</script>` is shown as text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Number of sender colours the stylesheet defines (`.c0` … `.c11`). */
export const SENDER_COLOURS = 12

/**
 * A sender's colour class, from a hash of the name (FNV-1a 32-bit), so one person keeps one
 * colour on every page and in every export.
 */
export function senderColour(name: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `c${hash % SENDER_COLOURS}`
}

/**
 * JSON for a script file (`<script src>`): JSON.stringify plus escapes for `<` so that no text
 * can close a script element if the file is ever inlined.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}
