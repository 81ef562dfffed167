import {createHash} from 'node:crypto'

/**
 * Small pure helpers shared by the three Signal readers, so that the plaintext export, the
 * backup v2 and the legacy `.backup` name people, chats and times identically.
 */

/** A person (or the account owner) as the Signal sources describe them. */
export interface SignalPerson {
  /** Address-book name: given + family, or the address-book nickname. */
  systemName?: string | null
  /** Signal profile name: given + family. */
  profileName?: string | null
  /** E.164 with the leading "+", or null. */
  phone?: string | null
  /** Signal username (`name.01`), or null. */
  username?: string | null
}

/**
 * The display name the issue fixes: the system-contact name if present, else the profile name,
 * else the phone number (then the username, then "Unknown", which Signal itself shows).
 */
export function displayName(person: SignalPerson): string {
  for (const candidate of [person.systemName, person.profileName, person.phone, person.username]) {
    const trimmed = candidate?.trim() ?? ''
    if (trimmed !== '') return trimmed
  }
  return 'Unknown'
}

/** Joins name parts that are present with one space: `["Léa", ""]` → `"Léa"`; nothing → null. */
export function joinName(...parts: Array<string | null | undefined>): string | null {
  const joined = parts
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ')
  return joined === '' ? null : joined
}

/**
 * A phone number in E.164 from Signal's digits (backup v2 stores `e164` as an unsigned integer
 * without "+", the legacy database as text with "+"). Null when absent or not plausible
 * (E.164 has at most 15 digits, ITU-T E.164 §6).
 */
export function phoneFromE164(value: string | number | bigint | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const digits = String(value).replace(/^\+/, '')
  if (!/^[1-9]\d{5,14}$/.test(digits)) return null
  return `+${digits}`
}

/**
 * The service id text of an ACI given as 16 raw bytes (backup v2 carries them base64 encoded):
 * the UUID in lower-case 8-4-4-4-12 form, as Signal prints ACIs. Null when not 16 bytes.
 */
export function serviceIdFromBytes(bytes: Uint8Array | null | undefined): string | null {
  if (!bytes || bytes.length !== 16) return null
  const hex = Buffer.from(bytes).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Same as {@link serviceIdFromBytes} for base64 text (the proto3 JSON form of bytes). */
export function serviceIdFromBase64(base64: string | null | undefined): string | null {
  if (typeof base64 !== 'string' || base64 === '') return null
  return serviceIdFromBytes(Buffer.from(base64, 'base64'))
}

/**
 * Normalizes an ACI as the legacy database stores it (UUID text, sometimes upper-case; a PNI
 * has a `PNI:` prefix and is not an ACI). Null when it is not a UUID.
 */
export function serviceIdFromText(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null
  const lower = text.trim().toLowerCase()
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower) ? lower : null
}

/**
 * An instant as ISO 8601 UTC with milliseconds (`2024-05-03T08:00:00.123Z`): Signal times are
 * milliseconds since the Unix epoch, so unlike WhatsApp's wall clock they are absolute.
 */
export function isoFromMillis(millis: number): string {
  return new Date(millis).toISOString()
}

/**
 * The chat id of a group, stable across backups of the same account and across the three
 * inputs: derived from the group master key (which is a secret that opens the group's state on
 * the server, so only a truncated SHA-256 of it is kept, never the key).
 */
export function groupChatSourceId(masterKey: Uint8Array): string {
  return `signal:group:${createHash('sha256').update(masterKey).digest('hex').slice(0, 32)}`
}

/** The chat id of a one-to-one chat: the other person's ACI, else their phone number. */
export function directChatSourceId(person: {serviceId: string | null; phone: string | null}, fallback: string): string {
  if (person.serviceId) return `signal:direct:${person.serviceId}`
  if (person.phone) return `signal:direct:${person.phone}`
  return `signal:direct:${fallback}`
}

/**
 * Signal identifies a message by its author and the sender's timestamp (quotes and reactions
 * point at it that way; libsignal backup.proto `Quote.targetSentTimestamp`). The account
 * owner is `self`, because a backup v2 does not carry the owner's ACI.
 */
export function messageSourceId(authorKey: string, firstSentMillis: number): string {
  return `${authorKey}:${firstSentMillis}`
}
