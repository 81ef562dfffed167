/**
 * How exported labels become matching keys and display names. A label is what an export calls a
 * person: "Maman", "~ Léa" (a WhatsApp push name: the person's own profile name, shown with `~`
 * when the exporting phone has no saved contact), "+33 6 12 34 56 78" (an unsaved number).
 */

// Bidi controls WhatsApp wraps labels in (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
// WhatsApp writes a push name as "~ Name" (U+007E, then a space or NBSP/NNBSP).
const PUSHNAME = /^~[\s\u00A0\u202F]*/u

/** The label without bidi controls, NFC, with runs of white space made one space, trimmed. */
export function cleanLabel(label: string): string {
  return label.replace(BIDI, '').normalize('NFC').replace(/[\s\u00A0\u202F]+/gu, ' ').trim()
}

/**
 * The key two labels share when they name the same person: clean (see cleanLabel), without the
 * `~ ` of a push name, case-folded (Unicode default lower case). Empty when nothing is left.
 */
export function nameKey(label: string): string {
  return cleanLabel(label).replace(PUSHNAME, '').toLowerCase()
}

/** True for a push-name label (`~ Léa`). */
export function isPushName(label: string): boolean {
  return PUSHNAME.test(cleanLabel(label))
}

/**
 * The name to show for a contact known by these labels: the first saved name (what the exporting
 * phone calls them), else the first push name without its `~`, else the first label (a phone
 * number). `isPhone` tells which labels are phone numbers.
 */
export function displayName(labels: readonly string[], isPhone: (label: string) => boolean): string {
  const cleaned = labels.map(cleanLabel).filter((l) => l !== '')
  const saved = cleaned.find((l) => !isPushName(l) && !isPhone(l))
  if (saved !== undefined) return saved
  const push = cleaned.find((l) => isPushName(l))
  if (push !== undefined) return push.replace(PUSHNAME, '') || push
  return cleaned[0] ?? '?'
}
