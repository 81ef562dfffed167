/**
 * Writes the Signal scenario (scenario.ts) in the three forms a Signal user can hand over,
 * encrypting exactly as the fact sheet describes (/work/shared/research/signal-telegram-formats.md):
 *
 * - `signal-export-2026-05-03-10-00-00/` and its `.zip`: plaintext export, §3 (main.jsonl in
 *   proto3 JSON, metadata.json, files/<2 hex>/<mediaName>.jpg);
 * - `SignalBackups/`: on-device backup v2, §4 (two snapshots; `main` = IV ‖ AES-256-CBC(gzip(
 *   varint-delimited frames) + zero padding) ‖ HMAC-SHA256; `metadata` with the encrypted
 *   BackupId; keys from the recovery key by the HKDF chain of §4.2);
 * - `signal-2026-05-03-10-00-00.backup` (header version 1) and `signal-v0-….backup` (version 0):
 *   legacy backup, §5 (SQL statements of a dbv-250 database, key-values, an avatar and the
 *   photos as payloads; AES-256-CTR with per-frame IV counters, 10-byte HMACs).
 *
 * Everything is deterministic (IVs, salts and keys derive from fixed labels). The key
 * derivations come from src/importers/signal/keys.ts and the protobuf schema from proto.ts;
 * the framing, padding, encryption and SQL here are written independently from the readers.
 *
 * Run `npx tsx test/importers/signal/make-fixtures.ts [dir]` (default fixtures/signal/scenario).
 */
import {createCipheriv, createHash, createHmac, hkdfSync} from 'node:crypto'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {gzipSync} from 'node:zlib'

import JSZip from 'jszip'

import {backupKeyFromRecoveryKey, legacyBackupKeys, messageBackupKey} from '../../../src/importers/signal/keys.js'
import {backupType, encodeDelimited, encodeFromJson, legacyType, type JsonObject} from '../../../src/importers/signal/proto.js'
import {
  GROUP_MASTER_KEY,
  GROUP_TITLE,
  ITEMS,
  OLDER_SNAPSHOT_ITEMS,
  PASSPHRASE_DISPLAYED,
  PEOPLE,
  RECOVERY_KEY_DISPLAYED,
  T0,
  type ScenarioItem,
  type ScenarioPerson,
} from './scenario.js'

/** Names of what {@link writeSignalFixtures} writes, relative to its folder. */
export const FIXTURE_NAMES = {
  plaintextFolder: 'signal-export-2026-05-03-10-00-00',
  plaintextZip: 'signal-export-2026-05-03-10-00-00.zip',
  backupsFolder: 'SignalBackups',
  newestSnapshot: 'signal-backup-2026-05-03-10-00-00',
  olderSnapshot: 'signal-backup-2026-04-26-10-00-00',
  legacyV1: 'signal-2026-05-03-10-00-00.backup',
  legacyV0: 'signal-v0-2026-05-03-10-00-00.backup',
} as const

/** Deterministic bytes for a label. */
function fixedBytes(label: string, length: number): Buffer {
  const out: Buffer[] = []
  for (let i = 0; Buffer.concat(out).length < length; i++) out.push(createHash('sha256').update(`${label}#${i}`).digest())
  return Buffer.concat(out).subarray(0, length)
}

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex')
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

// ---------------------------------------------------------------------------------------------
// Backup-v2 frames (proto3 JSON shape), shared by the plaintext export and the encrypted backup.

/** File-local recipient ids. */
const RECIPIENT_ID: Record<ScenarioPerson['key'] | 'group' | 'release' | 'story', string> = {
  self: '1',
  papa: '2',
  maman: '3',
  lea: '4',
  bernard: '5',
  group: '6',
  release: '7',
  story: '8',
}
const CHAT_ID = {group: '1', maman: '2', bernard: '3', release: '4'} as const

function contactFrame(person: ScenarioPerson): JsonObject {
  const contact: JsonObject = {
    aci: b64(uuidBytes(person.aci)),
    e164: person.e164,
    registered: {},
    profileKey: b64(fixedBytes(`profile-key:${person.key}`, 32)),
    profileSharing: true,
    profileGivenName: person.profileGiven,
  }
  // proto3 JSON leaves out empty strings.
  if (person.profileFamily) contact.profileFamilyName = person.profileFamily
  if (person.systemGiven) contact.systemGivenName = person.systemGiven
  if (person.systemFamily) contact.systemFamilyName = person.systemFamily
  return {recipient: {id: RECIPIENT_ID[person.key], contact}}
}

function itemDirection(author: string, sent: number): JsonObject {
  return author === 'self' ? {outgoing: {dateReceived: String(sent)}} : {incoming: {dateReceived: String(sent + 850), dateServerSent: String(sent + 400), read: true}}
}

function reactionsJson(item: {reactions?: Array<{author: ScenarioPerson['key']; emoji: string; sent: number}>}): JsonObject[] | undefined {
  return item.reactions?.map((r, i) => ({emoji: r.emoji, authorId: RECIPIENT_ID[r.author], sentTimestamp: String(r.sent), sortOrder: String(i + 1)}))
}

/** mediaName = hex SHA-256(plaintextHash ‖ localKey) (fact sheet §2.4). */
export function mediaNameOf(photo: {bytes: Buffer; localKey: Buffer}): string {
  const plaintextHash = createHash('sha256').update(photo.bytes).digest()
  return createHash('sha256').update(plaintextHash).update(photo.localKey).digest('hex')
}

function chatItemFrame(item: ScenarioItem): JsonObject {
  const chatId = CHAT_ID[item.chat]
  const authorId = item.author === 'release' ? RECIPIENT_ID.release : RECIPIENT_ID[item.author]
  const base: JsonObject = {chatId, authorId, dateSent: String(item.sent), ...itemDirection(item.author, item.sent)}
  switch (item.kind) {
    case 'text': {
      const standardMessage: JsonObject = {text: {body: item.editedTo?.body ?? item.body}}
      if (item.quote) {
        const target = ITEMS.find((i) => i.id === item.quote?.id)
        if (!target || target.kind !== 'text') throw new Error('quote target')
        standardMessage.quote = {targetSentTimestamp: String(target.sent), authorId: RECIPIENT_ID[target.author as ScenarioPerson['key']], text: {body: target.body}, type: 'NORMAL'}
      }
      const reactions = reactionsJson(item)
      if (reactions) standardMessage.reactions = reactions
      if (!item.editedTo) return {chatItem: {...base, standardMessage}}
      // An edit: the outer item is the latest version, `revisions` the older ones, oldest first.
      const original = {...base, standardMessage: {text: {body: item.body}}}
      return {chatItem: {...base, dateSent: String(item.editedTo.sent), ...itemDirection(item.author, item.editedTo.sent), revisions: [original], standardMessage}}
    }
    case 'photo': {
      const plaintextHash = createHash('sha256').update(item.photo.bytes).digest()
      const pointer: JsonObject = {
        contentType: item.photo.contentType,
        width: 640,
        height: 480,
        locatorInfo: {key: b64(fixedBytes(`attachment-key:${item.id}`, 64)), plaintextHash: b64(plaintextHash), size: item.photo.bytes.length, localKey: b64(item.photo.localKey)},
      }
      if (item.photo.fileName) pointer.fileName = item.photo.fileName
      const standardMessage: JsonObject = {attachments: [{pointer, wasDownloaded: true, clientUuid: b64(fixedBytes(`client-uuid:${item.id}`, 16))}]}
      if (item.body) standardMessage.text = {body: item.body}
      const reactions = reactionsJson(item)
      if (reactions) standardMessage.reactions = reactions
      return {chatItem: {...base, standardMessage}}
    }
    case 'deleted':
      return {chatItem: {...base, remoteDeletedMessage: {}}}
    case 'member-added':
      return {
        chatItem: {
          ...base,
          incoming: undefined,
          directionless: {},
          updateMessage: {groupChange: {updates: [{groupMemberAddedUpdate: {updaterAci: b64(uuidBytes(PEOPLE[item.author].aci)), newMemberAci: b64(uuidBytes(PEOPLE[item.member].aci))}}]}},
        },
      }
    case 'title':
      return {
        chatItem: {
          ...base,
          incoming: undefined,
          directionless: {},
          updateMessage: {groupChange: {updates: [{groupNameUpdate: {updaterAci: b64(uuidBytes(PEOPLE[item.author].aci)), newGroupName: item.title}}]}},
        },
      }
    case 'call':
      return {chatItem: {...base, incoming: undefined, directionless: {}, updateMessage: {individualCall: {type: 'AUDIO_CALL', direction: 'INCOMING', state: 'ACCEPTED'}}}}
  }
}

/** BackupInfo then every frame, as proto3 JSON objects (JSON.stringify drops undefined keys). */
export function scenarioFrames(keep: (item: ScenarioItem) => boolean = () => true, backupTimeMs = T0 + 86_400_000): JsonObject[] {
  const frames: JsonObject[] = [
    {version: '1', backupTimeMs: String(backupTimeMs), mediaRootBackupKey: b64(fixedBytes('media-root', 32)), currentAppVersion: 'Android 8.10.2', firstAppVersion: 'Android 7.0.0'},
    {account: {profileKey: b64(fixedBytes('profile-key:self', 32)), givenName: PEOPLE.self.profileGiven, familyName: PEOPLE.self.profileFamily, accountSettings: {readReceipts: true}}},
    {recipient: {id: RECIPIENT_ID.self, self: {}}},
    contactFrame(PEOPLE.papa),
    contactFrame(PEOPLE.maman),
    contactFrame(PEOPLE.lea),
    contactFrame(PEOPLE.bernard),
    {
      recipient: {
        id: RECIPIENT_ID.group,
        group: {
          masterKey: b64(GROUP_MASTER_KEY),
          whitelisted: true,
          snapshot: {
            title: {title: GROUP_TITLE},
            version: 2,
            members: (['self', 'papa', 'maman', 'lea'] as const).map((key, i) => ({userId: b64(uuidBytes(PEOPLE[key].aci)), role: i < 2 ? 'ADMINISTRATOR' : 'DEFAULT', joinedAtVersion: key === 'lea' ? 1 : 0})),
          },
        },
      },
    },
    {recipient: {id: RECIPIENT_ID.release, releaseNotes: {}}},
    // My Story: the all-zero distribution id (libsignal backup.proto DistributionListItem).
    {recipient: {id: RECIPIENT_ID.story, distributionList: {distributionId: b64(Buffer.alloc(16)), distributionList: {name: 'My Story', allowReplies: true}}}},
    {chat: {id: CHAT_ID.group, recipientId: RECIPIENT_ID.group}},
    {chat: {id: CHAT_ID.maman, recipientId: RECIPIENT_ID.maman}},
    {chat: {id: CHAT_ID.bernard, recipientId: RECIPIENT_ID.bernard}},
    {chat: {id: CHAT_ID.release, recipientId: RECIPIENT_ID.release}},
  ]
  for (const item of ITEMS) if (keep(item)) frames.push(chatItemFrame(item))
  return frames.map((frame) => JSON.parse(JSON.stringify(frame)) as JsonObject)
}

// ---------------------------------------------------------------------------------------------
// Plaintext export (§3).

/** main.jsonl text of the scenario. */
export function scenarioJsonl(frames: JsonObject[] = scenarioFrames()): string {
  return frames.map((frame) => JSON.stringify(frame)).join('\n') + '\n'
}

function plaintextEntries(): Map<string, Buffer> {
  const entries = new Map<string, Buffer>()
  entries.set('metadata.json', Buffer.from(JSON.stringify({version: 1}) + '\n'))
  entries.set('main.jsonl', Buffer.from(scenarioJsonl(), 'utf8'))
  for (const item of ITEMS) {
    if (item.kind !== 'photo') continue
    const name = mediaNameOf(item.photo)
    entries.set(`files/${name.slice(0, 2)}/${name}.jpg`, item.photo.bytes)
  }
  return entries
}

// ---------------------------------------------------------------------------------------------
// Backup v2 (§4).

/** Size of the zero-padded gzip: max(541, floor(1.05^ceil(log_1.05(len)))) (fact sheet §4.4). */
export function paddedLength(length: number): number {
  const exponent = Math.ceil(Math.log(length) / Math.log(1.05))
  return Math.max(541, Math.floor(1.05 ** exponent))
}

/** Encrypts a frame list as a local backup's `main`, with the given MessageBackupKey. */
export function encryptBackupMain(frames: JsonObject[], keys: {hmacKey: Buffer; aesKey: Buffer}, iv: Buffer, padLength: (gzipLength: number) => number = paddedLength): Buffer {
  const [info, ...rest] = frames
  const stream = Buffer.concat([encodeDelimited(backupType('BackupInfo'), info ?? {}), ...rest.map((frame) => encodeDelimited(backupType('Frame'), frame))])
  const gzipped = gzipSync(stream)
  const padded = Buffer.concat([gzipped, Buffer.alloc(padLength(gzipped.length) - gzipped.length)])
  const cipher = createCipheriv('aes-256-cbc', keys.aesKey, iv)
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()])
  const mac = createHmac('sha256', keys.hmacKey).update(iv).update(ciphertext).digest()
  return Buffer.concat([iv, ciphertext, mac])
}

/** Writes one snapshot folder (main, metadata, files) of a backup v2 under `recoveryKey`. */
export function writeBackupSnapshot(dir: string, frames: JsonObject[], recoveryKey: string, label: string, padLength?: (gzipLength: number) => number): void {
  mkdirSync(dir, {recursive: true})
  const backupKey = backupKeyFromRecoveryKey(recoveryKey)
  const backupId = fixedBytes(`backup-id:${recoveryKey}`, 16)
  // metadata: BackupId under AES-256-CTR, counter block = 12-byte IV ‖ 32-bit counter from 0 (§4.3).
  const metadataIv = fixedBytes(`metadata-iv:${label}`, 12)
  const metadataKey = Buffer.from(hkdf(backupKey, '20241011_SIGNAL_LOCAL_BACKUP_METADATA_KEY', 32))
  const ctr = createCipheriv('aes-256-ctr', metadataKey, Buffer.concat([metadataIv, Buffer.alloc(4)]))
  const encryptedId = Buffer.concat([ctr.update(backupId), ctr.final()])
  writeFileSync(join(dir, 'metadata'), encodeFromJson(backupType('LocalMetadata'), {version: 1, backupId: {iv: b64(metadataIv), encryptedId: b64(encryptedId)}}))
  writeFileSync(join(dir, 'main'), encryptBackupMain(frames, messageBackupKey(backupKey, backupId), fixedBytes(`main-iv:${label}`, 16), padLength))
  // files: varint-delimited FilesFrame{mediaName = 1} of the media the snapshot uses.
  const names = ITEMS.filter((item) => item.kind === 'photo').map((item) => (item.kind === 'photo' ? mediaNameOf(item.photo) : ''))
  writeFileSync(join(dir, 'files'), Buffer.concat(names.map((name) => Buffer.concat([Buffer.from([0x0a, name.length]), Buffer.from(name, 'ascii')])).map((frame) => Buffer.concat([Buffer.from([frame.length]), frame]))))
}

function hkdf(ikm: Uint8Array, info: string, length: number): ArrayBuffer {
  // RFC 5869, SHA-256, no salt: written here with node:crypto, not with the reader's helper.
  return hkdfSync('sha256', ikm, Buffer.alloc(0), Buffer.from(info), length)
}

/** The recovery key as the reader normalizes it (for writers: lower case, no spaces). */
export const RECOVERY_KEY = RECOVERY_KEY_DISPLAYED.replaceAll(' ', '').toLowerCase()
export const PASSPHRASE = PASSPHRASE_DISPLAYED.replaceAll(' ', '')

// ---------------------------------------------------------------------------------------------
// Legacy .backup (§5).

/** A value bound to an SQL parameter. */
type SqlValue = string | number | bigint | Buffer | null

/** The dbv-250-style tables this scenario fills (a subset of the real schema; fact sheet §5.4). */
const SCHEMA_SQL = [
  'CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER DEFAULT 0, e164 TEXT UNIQUE DEFAULT NULL, aci TEXT UNIQUE DEFAULT NULL, pni TEXT UNIQUE DEFAULT NULL, username TEXT UNIQUE DEFAULT NULL, group_id TEXT UNIQUE DEFAULT NULL, profile_given_name TEXT DEFAULT NULL, profile_family_name TEXT DEFAULT NULL, profile_joined_name TEXT DEFAULT NULL, system_given_name TEXT DEFAULT NULL, system_family_name TEXT DEFAULT NULL, system_joined_name TEXT DEFAULT NULL, blocked INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0, registered INTEGER DEFAULT 0)',
  'CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT NOT NULL UNIQUE, recipient_id INTEGER NOT NULL UNIQUE REFERENCES recipient (_id) ON DELETE CASCADE, title TEXT DEFAULT NULL, avatar_id INTEGER DEFAULT 0, active INTEGER DEFAULT 1, master_key BLOB DEFAULT NULL, revision BLOB DEFAULT NULL, decrypted_group BLOB DEFAULT NULL)',
  'CREATE TABLE group_membership (_id INTEGER PRIMARY KEY, group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE, recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, endorsement BLOB DEFAULT NULL, UNIQUE(group_id, recipient_id))',
  'CREATE TABLE thread (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, meaningful_messages INTEGER DEFAULT 0, recipient_id INTEGER NOT NULL UNIQUE REFERENCES recipient (_id) ON DELETE CASCADE, read INTEGER DEFAULT 1, snippet TEXT, archived INTEGER DEFAULT 0, pinned_order INTEGER UNIQUE DEFAULT NULL)',
  'CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, date_sent INTEGER NOT NULL, date_received INTEGER NOT NULL, date_server INTEGER DEFAULT -1, thread_id INTEGER NOT NULL REFERENCES thread (_id) ON DELETE CASCADE, from_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, from_device_id INTEGER, to_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, type INTEGER NOT NULL, body TEXT, read INTEGER DEFAULT 0, expires_in INTEGER DEFAULT 0, view_once INTEGER DEFAULT 0, remote_deleted INTEGER DEFAULT 0, quote_id INTEGER DEFAULT 0, quote_author INTEGER DEFAULT 0, quote_body TEXT DEFAULT NULL, quote_missing INTEGER DEFAULT 0, story_type INTEGER DEFAULT 0, parent_story_id INTEGER DEFAULT 0, message_ranges BLOB DEFAULT NULL, latest_revision_id INTEGER DEFAULT NULL REFERENCES message (_id) ON DELETE CASCADE, original_message_id INTEGER DEFAULT NULL REFERENCES message (_id) ON DELETE CASCADE, revision_number INTEGER DEFAULT 0, message_extras BLOB DEFAULT NULL)',
  'CREATE TABLE reaction (_id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES message (_id) ON DELETE CASCADE, author_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, emoji TEXT NOT NULL, date_sent INTEGER NOT NULL, date_received INTEGER NOT NULL, UNIQUE(message_id, author_id) ON CONFLICT REPLACE)',
  'CREATE TABLE attachment (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_id INTEGER, content_type TEXT, remote_key TEXT, remote_location TEXT, transfer_state INTEGER, data_file TEXT, data_size INTEGER, file_name TEXT, caption TEXT DEFAULT NULL, voice_note INTEGER DEFAULT 0, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, quote INTEGER DEFAULT 0, sticker_pack_id TEXT DEFAULT NULL)',
  'CREATE INDEX message_thread_date_index ON message (thread_id, date_received)',
  // Written by real backups too; the reader must not choke on them.
  'CREATE TABLE sqlite_sequence(name,seq)',
  'CREATE VIRTUAL TABLE message_fts USING fts5(body, thread_id UNINDEXED, content=message, content_rowid=_id)',
]

// message.type values (fact sheet §5.5): base | push | secure (| GV2 | group update).
const INCOMING = 0xa00014
const OUTGOING = 0xa00017
const GROUP_UPDATE = 0x10000 | 0x80000

interface LegacyRow {
  table: string
  values: SqlValue[]
  /** Payload that follows the row's frame (attachment data). */
  attachment?: {rowId: number; data: Buffer}
}

/** The scenario as rows of the Signal app database. */
function legacyRows(): {rows: LegacyRow[]; keyValues: Array<{key: string; value: JsonObject}>} {
  const recipientIds: Record<string, number> = {self: 1, papa: 2, maman: 3, lea: 4, bernard: 5, group: 6, release: 7, story: 8}
  const rows: LegacyRow[] = []
  for (const key of ['self', 'papa', 'maman', 'lea', 'bernard'] as const) {
    const p = PEOPLE[key]
    const system = [p.systemGiven, p.systemFamily].filter(Boolean).join(' ') || null
    rows.push({
      table: 'recipient',
      values: [recipientIds[key] ?? 0, 0, `+${p.e164}`, p.aci, null, null, null, p.profileGiven, p.profileFamily || null, [p.profileGiven, p.profileFamily].filter(Boolean).join(' '), p.systemGiven ?? null, p.systemFamily ?? null, system, 0, 0, 1],
    })
  }
  const groupId = `__signal_group__v2__!${fixedBytes('group-id', 32).toString('hex')}`
  rows.push({table: 'recipient', values: [6, 3, null, null, null, null, groupId, null, null, null, null, null, null, 0, 0, 0]})
  rows.push({table: 'recipient', values: [7, 0, null, null, null, null, null, 'Signal', null, 'Signal', null, null, null, 0, 0, 1]})
  rows.push({table: 'recipient', values: [8, 4, null, null, null, null, null, null, null, null, null, null, null, 0, 0, 0]})

  const members = (['self', 'papa', 'maman', 'lea'] as const).map((key, i) => ({aciBytes: b64(uuidBytes(PEOPLE[key].aci)), role: i < 2 ? 2 : 1, joinedAtRevision: key === 'lea' ? 1 : 0}))
  const decryptedGroup = Buffer.from(encodeFromJson(legacyType('DecryptedGroup'), {title: GROUP_TITLE, revision: 2, members}))
  rows.push({table: 'groups', values: [1, groupId, 6, GROUP_TITLE, 0, 1, GROUP_MASTER_KEY, 2, decryptedGroup]})
  for (const [i, key] of (['self', 'papa', 'maman', 'lea'] as const).entries()) rows.push({table: 'group_membership', values: [i + 1, groupId, recipientIds[key] ?? 0, null]})

  const threadIds = {group: 1, maman: 2, bernard: 3, release: 4}
  rows.push({table: 'thread', values: [1, T0, 7, 6, 1, 'Dimanche 13h', 0, null]})
  rows.push({table: 'thread', values: [2, T0, 4, 3, 1, 'Et du fromage !', 0, 1]})
  rows.push({table: 'thread', values: [3, 0, 0, 5, 1, null, 0, null]})
  rows.push({table: 'thread', values: [4, T0, 1, 7, 1, 'Nouveautés de Signal', 0, null]})

  let messageId = 0
  let attachmentId = 0
  const idOf = new Map<string, number>()
  const message = (fields: {sent: number; thread: number; from: number; to: number; type: number; body: string | null; quote?: [number, number, string]; remoteDeleted?: boolean; original?: number; extras?: Buffer}): number => {
    messageId++
    const outgoing = (fields.type & 0x1f) >= 21
    rows.push({
      table: 'message',
      values: [
        messageId,
        fields.sent,
        outgoing ? fields.sent : fields.sent + 850,
        // An outgoing message has no server time: -1 travels as a two's-complement uint64.
        outgoing ? -1 : fields.sent + 400,
        fields.thread,
        fields.from,
        1,
        fields.to,
        fields.type,
        fields.body,
        1,
        0,
        0,
        fields.remoteDeleted ? 1 : 0,
        fields.quote?.[0] ?? 0,
        fields.quote?.[1] ?? 0,
        fields.quote?.[2] ?? null,
        0,
        0,
        0,
        null,
        null,
        fields.original ?? null,
        fields.original === undefined ? 0 : 1,
        fields.extras ?? null,
      ],
    })
    return messageId
  }
  const conversation = (chat: ScenarioItem['chat']): {thread: number; to: number} =>
    chat === 'group' ? {thread: threadIds.group, to: 6} : chat === 'maman' ? {thread: threadIds.maman, to: 3} : {thread: threadIds.release, to: 7}
  const sender = (author: string): number => recipientIds[author] ?? 0
  const groupContext = (change: JsonObject): string => Buffer.from(encodeFromJson(legacyType('DecryptedGroupV2Context'), {change})).toString('base64')
  const reactionRows: LegacyRow[] = []
  const revisionLinks: Array<[number, number]> = []
  for (const item of ITEMS) {
    const {thread, to} = conversation(item.chat)
    const from = sender(item.author)
    const outgoing = item.author === 'self'
    // Outgoing rows: from = self, to = the conversation; incoming: from = to = the sender's
    // side as the dbv-185 migration left them for 1:1, to = the group for groups (§5.5).
    const type = outgoing ? OUTGOING : INCOMING
    let id: number
    switch (item.kind) {
      case 'text': {
        let quote: [number, number, string] | undefined
        if (item.quote) {
          const target = ITEMS.find((i) => i.id === item.quote?.id)
          if (!target || target.kind !== 'text') throw new Error('quote target')
          quote = [target.sent, sender(target.author), target.body]
        }
        id = message({sent: item.sent, thread, from, to, type, body: item.body, ...(quote ? {quote} : {})})
        if (item.editedTo) {
          const latest = message({sent: item.editedTo.sent, thread, from, to, type, body: item.editedTo.body, original: id})
          revisionLinks.push([id, latest])
        }
        break
      }
      case 'photo': {
        id = message({sent: item.sent, thread, from, to, type, body: item.body === '' ? null : item.body})
        attachmentId++
        rows.push({
          table: 'attachment',
          values: [attachmentId, id, item.photo.contentType, b64(fixedBytes(`attachment-key:${item.id}`, 64)), `cdn/${item.id}`, 0, `/data/part${attachmentId}.mms`, item.photo.bytes.length, item.photo.fileName, null, 0, 640, 480, 0, null],
          attachment: {rowId: attachmentId, data: item.photo.bytes},
        })
        break
      }
      case 'deleted':
        id = message({sent: item.sent, thread, from, to, type, body: null, remoteDeleted: true})
        break
      case 'member-added':
        id = message({
          sent: item.sent,
          thread,
          from,
          to,
          type: type | GROUP_UPDATE,
          body: groupContext({editorServiceIdBytes: b64(uuidBytes(PEOPLE[item.author].aci)), revision: 1, newMembers: [{aciBytes: b64(uuidBytes(PEOPLE[item.member].aci)), role: 1, joinedAtRevision: 1}]}),
        })
        break
      case 'title':
        // The newer way: body NULL, the backup's GroupChangeChatUpdate inside message_extras.
        id = message({
          sent: item.sent,
          thread,
          from,
          to,
          type: type | GROUP_UPDATE,
          body: null,
          extras: Buffer.from(
            encodeFromJson(legacyType('MessageExtras'), {
              gv2UpdateDescription: {groupChangeUpdate: {updates: [{groupNameUpdate: {updaterAci: b64(uuidBytes(PEOPLE[item.author].aci)), newGroupName: item.title}}]}},
            }),
          ),
        })
        break
      case 'call':
        // INCOMING_AUDIO_CALL_TYPE = 1 (fact sheet §5.5).
        id = message({sent: item.sent, thread, from, to, type: 1, body: null})
        break
    }
    idOf.set(item.id, id)
    for (const reaction of 'reactions' in item ? (item.reactions ?? []) : []) {
      reactionRows.push({table: 'reaction', values: [reactionRows.length + 1, id, sender(reaction.author), reaction.emoji, reaction.sent, reaction.sent + 900]})
    }
  }
  rows.push(...reactionRows)
  // The original row of an edit points at its latest revision (column 22, latest_revision_id).
  for (const row of rows) {
    if (row.table !== 'message') continue
    const link = revisionLinks.find(([original]) => original === row.values[0])
    if (link) row.values[21] = link[1]
  }
  const keyValues = [
    {key: 'account.aci', value: {stringValue: PEOPLE.self.aci}},
    {key: 'account.e164', value: {stringValue: `+${PEOPLE.self.e164}`}},
    {key: 'releasechannel.recipient_id', value: {longValue: '7'}},
    {key: 'settings.backup.enabled', value: {booleanValue: true}},
  ]
  return {rows, keyValues}
}

/** An SQL parameter in the BackupFrame form: integers as unsigned 64-bit (two's complement). */
function sqlParameter(value: SqlValue): JsonObject {
  if (value === null) return {nullparameter: true}
  if (typeof value === 'string') return {stringParamter: value}
  if (Buffer.isBuffer(value)) return {blobParameter: b64(value)}
  if (typeof value === 'number' && !Number.isInteger(value)) return {doubleParameter: value}
  return {integerParameter: BigInt.asUintN(64, BigInt(value)).toString()}
}

/** Options of {@link writeLegacyBackup}. */
export interface LegacyBackupOptions {
  /** Header version: 1 (current) or 0. */
  version: 0 | 1
  /** dbv written in the DatabaseVersion frame. */
  schemaVersion?: number
  /** Extra attachment payload bytes (for the memory bench), added to the first photo's data. */
  padAttachmentsTo?: number
  /** Statements a hostile file might add, replayed right after the schema. */
  extraStatements?: string[]
}

/**
 * Writes the scenario as a legacy `.backup` (fact sheet §5.1): a clear header frame, then
 * frames under AES-256-CTR with the IV's first 4 bytes replaced by a counter (starting at the
 * IV's own value, +1 per frame and per payload), each followed by a 10-byte HMAC.
 */
export function legacyBackupBytes(passphrase: string, options: LegacyBackupOptions): Buffer {
  // An IV whose counter wraps past 2^32 within the file.
  const iv = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xf0]), fixedBytes(`legacy-iv:${options.version}`, 12)])
  const salt = fixedBytes(`legacy-salt:${options.version}`, 32)
  const keys = legacyBackupKeys(passphrase, salt)
  let counter = iv.readUInt32BE(0)
  const nextIv = (): Buffer => {
    const out = Buffer.from(iv)
    out.writeUInt32BE(counter, 0)
    counter = (counter + 1) % 2 ** 32
    return out
  }
  const out: Buffer[] = []
  const header = Buffer.from(encodeFromJson(legacyType('BackupFrame'), {header: options.version === 0 ? {iv: b64(iv), salt: b64(salt)} : {iv: b64(iv), salt: b64(salt), version: 1}}))
  const headerLength = Buffer.alloc(4)
  headerLength.writeUInt32BE(header.length)
  out.push(headerLength, header)

  const frame = (object: JsonObject): void => {
    const plain = Buffer.from(encodeFromJson(legacyType('BackupFrame'), object))
    const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, nextIv())
    const length = Buffer.alloc(4)
    length.writeUInt32BE(plain.length + 10)
    if (options.version === 1) {
      const encryptedLength = cipher.update(length)
      const encrypted = cipher.update(plain)
      const mac = createHmac('sha256', keys.macKey).update(encryptedLength).update(encrypted).digest().subarray(0, 10)
      out.push(encryptedLength, encrypted, mac)
    } else {
      const encrypted = cipher.update(plain)
      const mac = createHmac('sha256', keys.macKey).update(encrypted).digest().subarray(0, 10)
      out.push(length, encrypted, mac)
    }
  }
  const payload = (data: Buffer): void => {
    const payloadIv = nextIv()
    const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, payloadIv)
    const encrypted = Buffer.concat([cipher.update(data), cipher.final()])
    out.push(encrypted, createHmac('sha256', keys.macKey).update(payloadIv).update(encrypted).digest().subarray(0, 10))
  }

  frame({version: {version: options.schemaVersion ?? 250}})
  for (const sql of SCHEMA_SQL) frame({statement: {statement: sql}})
  for (const sql of options.extraStatements ?? []) frame({statement: {statement: sql}})
  const {rows, keyValues} = legacyRows()
  let padded = false
  for (const row of rows) {
    const placeholders = row.values.map(() => '?').join(',')
    frame({statement: {statement: `INSERT INTO ${row.table} VALUES (${placeholders})`, parameters: row.values.map(sqlParameter)}})
    if (row.attachment) {
      let data = row.attachment.data
      if (!padded && options.padAttachmentsTo !== undefined) {
        data = Buffer.concat([data, Buffer.alloc(Math.max(0, options.padAttachmentsTo - data.length), 0x5a)])
        padded = true
      }
      frame({attachment: {rowId: String(row.attachment.rowId), attachmentId: String(row.attachment.rowId), length: data.length}})
      payload(data)
    }
  }
  frame({statement: {statement: 'INSERT INTO sqlite_sequence VALUES (?,?)', parameters: [sqlParameter('message'), sqlParameter(20)]}})
  frame({preference: {file: 'org.thoughtcrime.securesms_preferences', key: 'pref_backup_enabled', value: 'true'}})
  for (const {key, value} of keyValues) frame({keyValue: {key, ...value}})
  const avatar = Buffer.from('synthetic avatar of Papa', 'utf8')
  frame({avatar: {recipientId: '2', length: avatar.length}})
  payload(avatar)
  frame({end: true})
  return Buffer.concat(out)
}

// ---------------------------------------------------------------------------------------------

/** Writes every form of the scenario under `dir` (replacing what is there). */
export async function writeSignalFixtures(dir: string): Promise<void> {
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  const exportDir = join(dir, FIXTURE_NAMES.plaintextFolder)
  const zip = new JSZip()
  for (const [name, bytes] of plaintextEntries()) {
    mkdirSync(dirname(join(exportDir, name)), {recursive: true})
    writeFileSync(join(exportDir, name), bytes)
    zip.file(`${FIXTURE_NAMES.plaintextFolder}/${name}`, bytes, {date: new Date(T0)})
  }
  writeFileSync(join(dir, FIXTURE_NAMES.plaintextZip), await zip.generateAsync({type: 'nodebuffer', compression: 'DEFLATE'}))

  const backups = join(dir, FIXTURE_NAMES.backupsFolder)
  writeBackupSnapshot(join(backups, FIXTURE_NAMES.newestSnapshot), scenarioFrames(), RECOVERY_KEY, FIXTURE_NAMES.newestSnapshot)
  writeBackupSnapshot(join(backups, FIXTURE_NAMES.olderSnapshot), scenarioFrames((item) => OLDER_SNAPSHOT_ITEMS.has(item.id), T0 + 3_600_000), RECOVERY_KEY, FIXTURE_NAMES.olderSnapshot)
  mkdirSync(join(backups, 'files'), {recursive: true})

  writeFileSync(join(dir, FIXTURE_NAMES.legacyV1), legacyBackupBytes(PASSPHRASE, {version: 1}))
  writeFileSync(join(dir, FIXTURE_NAMES.legacyV0), legacyBackupBytes(PASSPHRASE, {version: 0}))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/signal/scenario')
  await writeSignalFixtures(target)
  process.stdout.write(`Signal fixtures written to ${target}\n`)
}
