import {t} from '../../i18n/index.js'
import {BugError, UserError} from '../../errors/index.js'
import type {ChatSource, FileProvider, OpenedExport} from '../../model/importer.js'
import type {ImportIssue, Message, MessageKind, Participant} from '../../model/types.js'
import {groupChangeFromUpdate} from './chat-items.js'
import type {GroupChangeUpdateJson} from './frame-types.js'
import {readLegacyPayload, type LegacyPayload} from './legacy-frames.js'
import {LegacyDatabase, type Row} from './LegacyDatabase.js'
import {
  directChatSourceId,
  displayName,
  groupChatSourceId,
  isoFromMillis,
  joinName,
  messageSourceId,
  phoneFromE164,
  serviceIdFromBytes,
  serviceIdFromText,
} from './names.js'
import {compareTitles} from './open-frames.js'
import {decodeToJson, legacyType} from './proto.js'
import {callText, groupChangeText, signalEventText, type GroupChange} from './update-text.js'

/**
 * Oldest schema version read: from dbv 215 on, every table and column this reader uses has its
 * current name (fact sheet §5.3: `message` 174, `from_recipient_id` 185, `aci`/`e164` 200/201,
 * `attachment` 215). Older databases would need the renames mapped; they are refused rather
 * than misread.
 */
export const MIN_SCHEMA_VERSION = 215

// message.type (fact sheet §5.5; Signal-Android MessageTypes).
const BASE_MASK = 0x1f
const GROUP_UPDATE_BIT = 0x10000
const GROUP_QUIT_BIT = 0x20000
const EXPIRATION_TIMER_UPDATE_BIT = 0x40000
const END_SESSION_BIT = 0x400000
/** Bits 32–35 (`0xF00000000`): special types (gift badge, payments…); read arithmetically, JS bit operators stop at 32 bits. */
const SPECIAL_TYPES_SHIFT = 2 ** 32

/** A recipient row reduced to what chats and messages need. */
interface LegacyRecipient {
  id: number
  kind: 'contact' | 'group' | 'not-a-chat'
  name: string
  phone: string | null
  serviceId: string | null
}

/**
 * Opens a legacy `.backup` (fact sheet §5) with its 30-digit passphrase: decrypts and replays
 * it into an in-memory database (memory holds the database's text, not the media), then reads
 * recipients, groups, threads, messages, reactions and attachments (fact sheet §5.4–§5.6).
 *
 * @throws the errors of LegacyDatabase.fromBackup, and UserError SIGNAL_SCHEMA_UNSUPPORTED
 *   when the database is older than {@link MIN_SCHEMA_VERSION} (or lacks its tables).
 */
export async function openSignalLegacy(path: string, passphrase: string | undefined): Promise<OpenedExport> {
  const db = await LegacyDatabase.fromBackup(path, passphrase)
  const version = db.schemaVersion
  if (version === null || version < MIN_SCHEMA_VERSION || !['recipient', 'thread', 'message'].every((t) => db.hasTable(t))) {
    db.close()
    throw new UserError(
      'SIGNAL_SCHEMA_UNSUPPORTED',
      t('errors.signal.schemaUnsupported', {version: version === null ? '?' : String(version), min: String(MIN_SCHEMA_VERSION)}),
      {suggestions: [t('errors.signal.updateSignal')]},
    )
  }
  const reader = new LegacyReader(db)
  const issues: ImportIssue[] = []
  const chats: ChatSource[] = []
  for (const thread of db.all('SELECT _id, recipient_id FROM thread ORDER BY _id')) {
    const chat = reader.describeThread(Number(thread.recipient_id))
    if (chat === null) continue
    const threadId = Number(thread._id)
    if (reader.threadMessages(threadId).length === 0) continue
    chats.push({info: {source: 'signal', ...chat}, messages: () => yieldAll(reader.threadMessages(threadId))})
  }
  const files = attachmentFiles(path, db, reader.attachmentIds, issues)
  if (files) for (const chat of chats) chat.files = files
  chats.sort((a, b) => compareTitles(a.info.title, b.info.title))
  return {source: 'signal', path, chats, issues}
}

/**
 * The attachments stored in the `.backup` as a FileProvider keyed by their original names;
 * each `open()` decrypts its payload from the file, streaming, and checks its MAC at the end.
 * Undefined when no named attachment has data in the file.
 */
function attachmentFiles(path: string, db: LegacyDatabase, attachmentIds: ReadonlyMap<string, number[]>, issues: ImportIssue[]): FileProvider | undefined {
  const byName = new Map<string, LegacyPayload>()
  for (const [name, ids] of attachmentIds) {
    const payloads = ids.map((id) => db.attachmentPayloads.get(id)).filter((p): p is LegacyPayload => p !== undefined)
    const first = payloads[0]
    if (first === undefined) continue
    byName.set(name.normalize('NFC'), first)
    if (payloads.length > 1) {
      issues.push({
        severity: 'warning',
        code: 'SIGNAL_ATTACHMENT_NAME_REUSED',
        message: t('errors.signal.nameReusedCount', {count: payloads.length, name: JSON.stringify(name)}),
      })
    }
  }
  if (byName.size === 0) return undefined
  return {
    has: (name) => byName.has(name.normalize('NFC')),
    names: () => [...byName.keys()],
    open: (name) => {
      const payload = byName.get(name.normalize('NFC'))
      if (payload === undefined) throw new BugError(`open("${name}"): no such attachment in ${path}; check has() first`)
      return readLegacyPayload(path, payload)
    },
  }
}

async function* yieldAll(messages: Message[]): AsyncGenerator<Message> {
  yield* messages
}

/** Reads the model out of a rebuilt legacy database. */
class LegacyReader {
  private readonly recipients = new Map<number, LegacyRecipient>()
  private readonly byServiceId = new Map<string, LegacyRecipient>()
  private readonly selfId: number | null
  private readonly selfName: string
  private readonly releaseNotesId: number | null
  private readonly messageColumns: Set<string>
  /** `attachment._id`s of first attachments, by original file name (filled as messages are read). */
  readonly attachmentIds = new Map<string, number[]>()

  constructor(private readonly db: LegacyDatabase) {
    const selfServiceId = serviceIdFromText(String(db.keyValues.get('account.aci') ?? ''))
    let selfId: number | null = null
    let selfName: string | null = null
    for (const row of db.all('SELECT * FROM recipient')) {
      const recipient = toRecipient(row)
      this.recipients.set(recipient.id, recipient)
      if (recipient.serviceId) this.byServiceId.set(recipient.serviceId, recipient)
      if (selfServiceId !== null && recipient.serviceId === selfServiceId) {
        selfId = recipient.id
        // The owner's messages carry the account's profile name (not an address-book entry).
        selfName = joinName(text(row.profile_joined_name)) ?? joinName(text(row.profile_given_name), text(row.profile_family_name))
      }
    }
    this.selfId = selfId
    this.selfName = selfName ?? 'Me'
    const releaseNotes = db.keyValues.get('releasechannel.recipient_id')
    this.releaseNotesId = releaseNotes === undefined ? null : Number(releaseNotes)
    this.messageColumns = db.columns('message')
  }

  /** Id, title, kind and participants of the thread with that recipient; null when not a chat. */
  describeThread(recipientId: number): {sourceId: string; title: string; kind: 'direct' | 'group'; participants: Participant[]} | null {
    if (recipientId === this.releaseNotesId) return null
    if (recipientId === this.selfId) return {sourceId: 'signal:note-to-self', title: signalEventText('noteToSelf'), kind: 'direct', participants: []}
    const recipient = this.recipients.get(recipientId)
    if (!recipient || recipient.kind === 'not-a-chat') return null
    if (recipient.kind === 'contact') {
      return {
        sourceId: directChatSourceId(recipient, String(recipientId)),
        title: recipient.name,
        kind: 'direct',
        participants: [{name: recipient.name, phone: recipient.phone, sourceId: recipient.serviceId}],
      }
    }
    const group = this.db.hasTable('groups') ? this.db.all('SELECT * FROM groups WHERE recipient_id = ?', recipientId)[0] : undefined
    if (!group) return null
    const state = decodeGroupState(group.decrypted_group)
    const title = (state?.title ?? text(group.title) ?? '').trim() || signalEventText('unnamedGroup')
    const memberIds: Array<LegacyRecipient | undefined> = state
      ? state.members.map((serviceId) => this.byServiceId.get(serviceId))
      : this.db.hasTable('group_membership')
        ? this.db.all('SELECT recipient_id FROM group_membership WHERE group_id = ?', group.group_id).map((row) => this.recipients.get(Number(row.recipient_id)))
        : []
    const participants: Participant[] = []
    for (const member of memberIds) {
      if (!member || member.id === this.selfId || member.kind !== 'contact') continue
      participants.push({name: member.name, phone: member.phone, sourceId: member.serviceId})
    }
    const masterKey = group.master_key instanceof Uint8Array ? group.master_key : Buffer.from(String(group.group_id ?? recipientId))
    return {sourceId: groupChatSourceId(masterKey), title, kind: 'group', participants}
  }

  /** The thread's messages to migrate, in the order they were first sent. */
  threadMessages(threadId: number): Message[] {
    const dated: Array<{firstSent: number; id: number; message: Message}> = []
    for (const row of this.db.all('SELECT * FROM message WHERE thread_id = ? ORDER BY _id', threadId)) {
      const message = this.toMessage(row)
      if (message) dated.push(message)
    }
    dated.sort((a, b) => a.firstSent - b.firstSent || a.id - b.id)
    return dated.map((d) => d.message)
  }

  private toMessage(row: Row): {firstSent: number; id: number; message: Message} | null {
    const has = (column: string): boolean => this.messageColumns.has(column)
    // Older versions of an edited message: only the latest revision is shown.
    if (has('latest_revision_id') && row.latest_revision_id !== null) return null
    if ((has('story_type') && Number(row.story_type) > 0) || (has('parent_story_id') && Number(row.parent_story_id) > 0)) return null
    if (has('remote_deleted') && Number(row.remote_deleted) === 1) return null
    if (has('deleted_by') && row.deleted_by !== null && row.deleted_by !== undefined) return null
    if (has('expires_in') && Number(row.expires_in) > 0) return null

    const id = Number(row._id)
    const type = Number(row.type)
    if ((type & (EXPIRATION_TIMER_UPDATE_BIT | END_SESSION_BIT)) !== 0 || Math.floor(type / SPECIAL_TYPES_SHIFT) % 16 !== 0) return null
    const base = type & BASE_MASK
    const outgoing = (base >= 21 && base <= 26) || base === 2 || base === 11
    const authorId = outgoing ? this.selfId : Number(row.from_recipient_id)
    const originalId = has('original_message_id') && row.original_message_id !== null ? Number(row.original_message_id) : null
    const firstSent = originalId === null ? Number(row.date_sent) : Number(this.db.all('SELECT date_sent FROM message WHERE _id = ?', originalId)[0]?.date_sent ?? row.date_sent)
    const date = isoFromMillis(firstSent)
    const sourceId = messageSourceId(this.authorKey(authorId), firstSent)

    const system = (textValue: string, kind: MessageKind = 'system'): {firstSent: number; id: number; message: Message} => ({
      firstSent,
      id,
      message: {date, author: null, text: textValue, attachment: null, system: true, kind, sourceId},
    })
    if ((type & GROUP_UPDATE_BIT) !== 0) return system(this.groupUpdateText(text(row.body), row.message_extras, authorId))
    if ((type & GROUP_QUIT_BIT) !== 0) return system(groupChangeText({kind: 'left', member: this.nameOf(authorId)}))
    switch (base) {
      case 1:
      case 2:
      case 3:
      case 8:
      case 10:
      case 11:
        return system(callText({video: base >= 8, outgoing: base === 2 || base === 11, missed: base === 3 || base === 8}), 'call')
      case 12:
        return system(signalEventText('groupCall'), 'call')
      case 4:
        return system(signalEventText('joinedSignal', {who: this.nameOf(authorId) ?? null}))
      case 14:
        return system(signalEventText('numberChanged', {who: this.nameOf(authorId) ?? null}))
      default:
        if (base < 20 || base > 26) return null
    }

    const message: Message = {date, author: this.nameOf(authorId) ?? 'Unknown', text: text(row.body) ?? '', attachment: null, system: false, kind: 'text', sourceId}
    const attachments = this.db.hasTable('attachment') ? this.db.all('SELECT * FROM attachment WHERE message_id = ? ORDER BY _id', id).filter((a) => Number(a.quote ?? 0) !== 1) : []
    if (has('view_once') && Number(row.view_once) === 1) {
      message.kind = 'view-once'
    } else if (attachments.length > 0) {
      const first = attachments[0] as Row
      message.kind = 'media'
      const name = text(first.file_name)
      // Gallery photos usually carry no file name; the contract prints null for them.
      if (name) {
        const ids = this.attachmentIds.get(name) ?? []
        if (!ids.includes(Number(first._id))) this.attachmentIds.set(name, [...ids, Number(first._id)])
        message.attachment = {name, mediaType: text(first.content_type), size: first.data_size === null || first.data_size === undefined ? null : Number(first.data_size), sha256: null, storedPath: null}
      }
    }
    if (originalId !== null) {
      message.edited = true
      if (message.kind === 'text') message.kind = 'edited'
    }
    if (has('quote_id') && Number(row.quote_id ?? 0) > 0) {
      const quoteAuthor = Number(row.quote_author)
      message.replyTo = {
        sourceId: Number(row.quote_missing ?? 0) === 1 ? null : messageSourceId(this.authorKey(quoteAuthor), Number(row.quote_id)),
        author: this.nameOf(quoteAuthor),
        text: text(row.quote_body) ?? '',
      }
    }
    if (this.db.hasTable('reaction')) {
      const ids = originalId === null ? [id] : [id, originalId]
      const reactions = this.db.all(`SELECT * FROM reaction WHERE message_id IN (${ids.map(() => '?').join(',')}) ORDER BY date_sent, _id`, ...ids)
      if (reactions.length > 0) {
        message.reactions = reactions.map((r) => ({
          emoji: text(r.emoji) ?? '',
          author: this.nameOf(Number(r.author_id)) ?? 'Unknown',
          authorSourceId: this.authorKey(Number(r.author_id)),
          date: r.date_sent === null || r.date_sent === undefined ? null : isoFromMillis(Number(r.date_sent)),
        }))
      }
    }
    return {firstSent, id, message}
  }

  private nameOf(recipientId: number | null): string | null {
    if (recipientId === null) return null
    if (recipientId === this.selfId) return this.selfName
    const recipient = this.recipients.get(recipientId)
    return recipient?.kind === 'contact' ? recipient.name : null
  }

  private authorKey(recipientId: number | null): string {
    if (recipientId === null || recipientId === this.selfId) return 'self'
    const recipient = this.recipients.get(recipientId)
    return recipient?.serviceId ?? recipient?.phone ?? `recipient-${recipientId}`
  }

  private nameOfServiceId(serviceId: string | null): string | null {
    if (serviceId === null) return null
    const recipient = this.byServiceId.get(serviceId)
    return recipient ? this.nameOf(recipient.id) : null
  }

  /**
   * Sentence of a group update. Newer databases keep it in `message_extras` (MessageExtras →
   * GV2UpdateDescription: the backup's own GroupChangeChatUpdate, or a DecryptedGroupV2Context),
   * older ones in the body, base64 of a DecryptedGroupV2Context whose `change` says what
   * changed and who did it (fact sheet §5.6; signalbackup-tools
   * groupv2statusmessageproto_typedef.h lists the fields).
   */
  private groupUpdateText(body: string | null, extras: unknown, authorId: number | null): string {
    let context: GroupContextJson | null = null
    try {
      const description = extras instanceof Uint8Array && extras.length > 0 ? (decodeToJson(legacyType('MessageExtras'), extras) as MessageExtrasJson).gv2UpdateDescription : undefined
      const updates = description?.groupChangeUpdate?.updates ?? []
      if (updates.length > 0) {
        const name = (aci: string | undefined): string | null => this.nameOfServiceId(serviceIdFromBase64Bytes(aci))
        const changes = updates.map((update) => groupChangeFromUpdate(update, name)).filter((c): c is GroupChange => c !== null)
        if (changes.length > 0) return changes.map(groupChangeText).join('\n')
      }
      context = description?.gv2ChangeDescription ?? (body ? (decodeToJson(legacyType('DecryptedGroupV2Context'), Buffer.from(body, 'base64')) as GroupContextJson) : null)
    } catch {
      context = null
    }
    const change = context?.change
    if (!change) return groupChangeText({kind: 'other', updater: this.nameOf(authorId)})
    const editor = serviceIdFromBase64Bytes(change.editorServiceIdBytes)
    const updater = this.nameOfServiceId(editor) ?? this.nameOf(authorId)
    const changes: GroupChange[] = []
    for (const member of change.newMembers ?? []) {
      const memberId = serviceIdFromBase64Bytes(member.aciBytes)
      const name = this.nameOfServiceId(memberId)
      changes.push(memberId !== null && memberId === editor ? {kind: 'joined', member: name} : {kind: 'added', updater, member: name})
    }
    for (const member of change.promotePendingMembers ?? []) changes.push({kind: 'joined', member: this.nameOfServiceId(serviceIdFromBase64Bytes(member.aciBytes))})
    for (const removed of change.deleteMembers ?? []) {
      const memberId = serviceIdFromBase64Bytes(removed)
      const name = this.nameOfServiceId(memberId)
      changes.push(memberId !== null && memberId === editor ? {kind: 'left', member: name} : {kind: 'removed', updater, member: name})
    }
    if (change.newTitle) changes.push({kind: 'title', updater, title: change.newTitle.value ?? null})
    if (changes.length === 0) changes.push(change.revision === undefined || change.revision === 0 ? {kind: 'created', updater} : {kind: 'other', updater})
    return changes.map(groupChangeText).join('\n')
  }
}

interface MessageExtrasJson {
  gv2UpdateDescription?: {gv2ChangeDescription?: GroupContextJson; groupChangeUpdate?: {updates?: GroupChangeUpdateJson[]}}
}

interface GroupContextJson {
  change?: {
    editorServiceIdBytes?: string
    revision?: number
    newMembers?: Array<{aciBytes?: string}>
    deleteMembers?: string[]
    promotePendingMembers?: Array<{aciBytes?: string}>
    newTitle?: {value?: string}
  }
}

function serviceIdFromBase64Bytes(base64: string | undefined): string | null {
  return base64 === undefined ? null : serviceIdFromBytes(Buffer.from(base64, 'base64'))
}

/** Title and member ACIs of a `groups.decrypted_group` blob (DecryptedGroup), or null. */
function decodeGroupState(blob: unknown): {title: string | null; members: string[]} | null {
  if (!(blob instanceof Uint8Array) || blob.length === 0) return null
  try {
    const group = decodeToJson(legacyType('DecryptedGroup'), blob) as {title?: string; members?: Array<{aciBytes?: string}>}
    return {
      title: group.title ?? null,
      members: (group.members ?? []).map((m) => serviceIdFromBase64Bytes(m.aciBytes)).filter((id): id is string => id !== null),
    }
  } catch {
    return null
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function toRecipient(row: Row): LegacyRecipient {
  const id = Number(row._id)
  const type = Number(row.type ?? 0)
  const phone = phoneFromE164(text(row.e164))
  const name = displayName({
    systemName: joinName(text(row.system_joined_name)) ?? joinName(text(row.system_given_name), text(row.system_family_name)),
    profileName: joinName(text(row.profile_joined_name)) ?? joinName(text(row.profile_given_name), text(row.profile_family_name)),
    phone,
    username: text(row.username),
  })
  // recipient.type: 0 contact, 1 MMS group, 2 GV1, 3 GV2, 4 story list, 5 call link (fact sheet §5.4).
  const kind = type === 0 ? 'contact' : type >= 1 && type <= 3 ? 'group' : 'not-a-chat'
  return {id, kind, name, phone, serviceId: serviceIdFromText(text(row.aci))}
}
