/**
 * One `result.json` message entry to the normalized model. Field facts are from tdesktop's JSON
 * writer (Telegram/SourceFiles/export/output/export_output_json.cpp, SerializeMessage): see
 * ../shared/research/signal-telegram-formats.md §7.
 */
import {t} from '../../i18n/index.js'
import type {Attachment, Message, MessageKind, Reaction} from '../../model/types.js'
import {unsafeEntryReason} from '../archive/index.js'
import {mediaTypeOf} from '../whatsapp/attachments.js'

/** `YYYY-MM-DDTHH:MM:SS`: what Qt's ISODate gives for a local QDateTime (no zone). */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

/** What the importer needs to map an entry. */
export interface MessageContext {
  /** True when the export holds this file (a path relative to the folder of result.json). */
  hasFile(path: string): boolean
}

/** A mapped entry, with what pass 1 needs to know about people. */
export interface ReadEntry {
  message: Message
  /** `from_id` / `actor_id` as written (`user123`, `channel123`), when it is a string. */
  peerId: string | null
  /** The display name that goes with `peerId` (`from` / `actor`), when it is a string. */
  peerName: string | null
  /** Names listed in `members` of a service entry (group created, members added or removed). */
  members: string[]
  /** The action of a service entry (`create_group`, `invite_members`, …), else null. */
  action: string | null
  /** A `photo` / `file` value that was a path leaving the export folder (never opened). */
  unsafePath: string | null
  /** A `photo` / `file` path that names no file of the export. */
  missingPath: string | null
}

/** Why an entry is not a message. */
export type SkippedEntry = {skipped: 'unsupported'} | {skipped: 'wrong-type'; reason: string}

/**
 * Maps one element of a chat's `messages` array. `message` and `service` entries become
 * messages; `unsupported` ones (media this version of Telegram could not export) are not
 * messages; anything that is not an object with a numeric `id`, a known `type` and a wall-clock
 * `date` is skipped (the caller warns).
 */
export function readEntry(raw: unknown, context: MessageContext): ReadEntry | SkippedEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {skipped: 'wrong-type', reason: t('errors.telegram.entryWhy.notObject')}
  const entry = raw as Record<string, unknown>
  if (entry.type === 'unsupported') return {skipped: 'unsupported'}
  if (entry.type !== 'message' && entry.type !== 'service') return {skipped: 'wrong-type', reason: t('errors.telegram.entryWhy.field', {field: 'type', value: describe(entry.type)})}
  if (typeof entry.id !== 'number' || !Number.isSafeInteger(entry.id)) return {skipped: 'wrong-type', reason: t('errors.telegram.entryWhy.field', {field: 'id', value: describe(entry.id)})}
  if (typeof entry.date !== 'string' || !WALL_CLOCK.test(entry.date)) return {skipped: 'wrong-type', reason: t('errors.telegram.entryWhy.field', {field: 'date', value: describe(entry.date)})}
  const text = textOf(entry.text)
  if (text === null) return {skipped: 'wrong-type', reason: t('errors.telegram.entryWhy.field', {field: 'text', value: describe(entry.text)})}

  const service = entry.type === 'service'
  const peerId = stringOrNull(service ? entry.actor_id : entry.from_id)
  const peerName = stringOrNull(service ? entry.actor : entry.from)
  const action = service ? stringOrNull(entry.action) : null
  const members = service && Array.isArray(entry.members) ? entry.members.filter((m): m is string => typeof m === 'string' && m !== '') : []

  let unsafePath: string | null = null
  let missingPath: string | null = null
  let attachment: Attachment | null = null
  let mediaGiven = false
  // A service entry's `photo` is the new group photo: an event, not a message's file.
  for (const field of service ? [] : (['photo', 'file'] as const)) {
    const value = entry[field]
    if (typeof value !== 'string' || value === '') continue
    mediaGiven = true
    // "(File not included. Change data exporting settings to download.)" and its siblings.
    if (value.startsWith('(')) continue
    if (unsafeEntryReason(value) !== null) {
      unsafePath = value
      continue
    }
    if (!context.hasFile(value)) {
      missingPath = value
      continue
    }
    attachment = {name: value, mediaType: stringOrNull(entry.mime_type) ?? mediaTypeOf(value), size: null, sha256: null, storedPath: null}
    break
  }

  const message: Message = {
    date: entry.date,
    author: service ? null : peerName,
    text,
    attachment,
    system: service,
    kind: kindOf(entry, service, action, mediaGiven, attachment !== null),
    sourceId: String(entry.id),
  }
  const instant = instantOf(entry.date_unixtime)
  if (instant !== null) message.instant = instant
  if (typeof entry.edited === 'string' || typeof entry.edited_unixtime === 'string') message.edited = true
  if (typeof entry.reply_to_message_id === 'number') message.replyTo = {sourceId: String(entry.reply_to_message_id), author: null, text: ''}
  const forwarded = stringOrNull(entry.forwarded_from)
  if (forwarded !== null) message.forwardedFrom = forwarded
  const reactions = reactionsOf(entry.reactions)
  if (reactions.length > 0) message.reactions = reactions
  return {message, peerId, peerName, members, action, unsafePath, missingPath}
}

/**
 * `text` as a string: a string as is; an array of strings and `{type, text}` parts (links,
 * mentions, bold…) concatenated, so a `link` keeps its URL (its text is the URL) and a
 * `text_link` its visible text; `""` when absent. Null when it is another type.
 */
export function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (!Array.isArray(value)) return null
  let text = ''
  for (const part of value) {
    if (typeof part === 'string') text += part
    else if (typeof part === 'object' && part !== null && typeof (part as {text?: unknown}).text === 'string') {
      text += (part as {text: string}).text
    }
  }
  return text
}

function kindOf(entry: Record<string, unknown>, service: boolean, action: string | null, mediaGiven: boolean, attached: boolean): MessageKind {
  if (service) return action === 'phone_call' || action === 'group_call' ? 'call' : 'system'
  if (attached) return 'media'
  if (mediaGiven) return 'media-omitted'
  if (typeof entry.poll === 'object' && entry.poll !== null) return 'poll'
  if (typeof entry.contact_information === 'object' && entry.contact_information !== null) return 'contact'
  if (entry.location_information !== undefined || typeof entry.place_name === 'string') {
    return typeof entry.live_location_period_seconds === 'number' ? 'live-location' : 'location'
  }
  return 'text'
}

/** `date_unixtime` ("1714723200", a string) as ISO 8601 UTC, or null when absent or unreadable. */
function instantOf(value: unknown): string | null {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN
  if (!Number.isSafeInteger(seconds)) return null
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** Emoji reactions with the people tdesktop lists in `recent` (newer exports). */
function reactionsOf(value: unknown): Reaction[] {
  if (!Array.isArray(value)) return []
  const reactions: Reaction[] = []
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue
    const {type, emoji, recent} = item as {type?: unknown; emoji?: unknown; recent?: unknown}
    if (type !== 'emoji' || typeof emoji !== 'string' || !Array.isArray(recent)) continue
    for (const who of recent) {
      if (typeof who !== 'object' || who === null) continue
      const {from, from_id: fromId, date} = who as {from?: unknown; from_id?: unknown; date?: unknown}
      if (typeof from !== 'string' || from === '') continue
      reactions.push({emoji, author: from, authorSourceId: stringOrNull(fromId), date: typeof date === 'string' && WALL_CLOCK.test(date) ? date : null})
    }
  }
  return reactions
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** A short description of a value of the wrong type, for warnings (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return t('errors.telegram.value.missing')
  if (value === null) return 'null'
  if (Array.isArray(value)) return t('errors.telegram.value.list')
  if (typeof value === 'string') return t('errors.telegram.value.text', {text: JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})
  return t('errors.telegram.value.other', {type: typeof value})
}
