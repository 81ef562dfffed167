export {escapeHtml} from '../ui/html.js'

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
