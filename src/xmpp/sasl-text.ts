// SASL mechanisms written here rather than taken from xmpp.js: its @xmpp/base64 uses btoa(),
// which throws on any character above U+00FF, so a password with "€" could never log in
// (and "é" was sent Latin-1 instead of UTF-8). Everything below works on UTF-8 bytes.

/** SASL mechanism names we support, best first. */
export const SUPPORTED_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const

/** One of {@link SUPPORTED_MECHANISMS}. */
export type MechanismName = (typeof SUPPORTED_MECHANISMS)[number]

/**
 * A close approximation of SASLprep (RFC 4013) for passwords and usernames: non-ASCII spaces
 * become U+0020, "commonly mapped to nothing" characters vanish, then NFKC. Prosody and ejabberd
 * apply SASLprep when hashing, so "é" typed decomposed still matches.
 */
export function saslPrep(input: string): string {
  return input
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC')
}

/** UTF-8 base64, the encoding SASL payloads use on the wire (RFC 6120 §6.4.2). */
export function toBase64(text: string | Buffer): string {
  return (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64')
}

/** Decodes a base64 SASL payload to UTF-8 text; `=` alone means an empty payload (RFC 6120 §6.4.2). */
export function fromBase64(payload: string): string {
  const trimmed = payload.trim()
  return trimmed === '=' ? '' : Buffer.from(trimmed, 'base64').toString('utf8')
}

/** The PLAIN message (RFC 4616): empty authzid, NUL, username, NUL, password, as UTF-8. */
export function plainMessage(username: string, password: string): string {
  return `\u0000${saslPrep(username)}\u0000${saslPrep(password)}`
}

