import {t} from '../../i18n/index.js'
import type {ImportIssue, Participant} from '../../model/types.js'
import {phoneFromLabel} from '../whatsapp/participants.js'
import {JsonScanner, type JsonPath, type JsonTokenKind} from './JsonScanner.js'
import {readEntry, type MessageContext} from './messages.js'

/** One chat of the export as pass 1 saw it. */
export interface ChatRecord {
  /** Where it is: the root object (one-chat export), `chats.list` or `left_chats.list`. */
  list: 'root' | 'chats' | 'left_chats'
  /** Byte range of the chat object in the JSON file (inclusive), to read it again alone. */
  start: number
  end: number
  name: string | null
  type: string | null
  id: number | null
  /** Messages (message and service entries that were kept). */
  count: number
  /** People by key (`id:user123` or `name:…`), in order of first appearance. */
  people: Map<string, {name: string; sourceId: string | null}>
  /** Ids of the authors of messages (for telling "me" in a one-to-one chat). */
  authorIds: Set<string>
  /** Names worn by more than one id in this chat (warned once each). */
  sharedNames: Set<string>
}

/** The account owner, from `personal_information` (full export). */
export interface SelfInfo {
  /** `user123…`, as `from_id` writes it. */
  peerId: string
  name: string
  phone: string | null
}

/** Where each kind of value is, in tdesktop's layout (export_output_json.cpp, JsonWriter). */
const PATHS = [
  // One-chat export: the root is the chat.
  '$.name',
  '$.type',
  '$.id',
  '$.messages.*',
  // Full export.
  '$.personal_information',
  '$.contacts.list.*',
  '$.chats.list.*.name',
  '$.chats.list.*.type',
  '$.chats.list.*.id',
  '$.chats.list.*.messages.*',
  '$.left_chats.list.*.name',
  '$.left_chats.list.*.type',
  '$.left_chats.list.*.id',
  '$.left_chats.list.*.messages.*',
  // Emitted only to be dropped at once (they would otherwise stay in memory until the end).
  '$.about',
  '$.profile_pictures',
  '$.stories',
  '$.frequent_contacts',
  '$.sessions',
  '$.web_sessions',
  '$.other_data',
]

/** Warnings of one kind shown one by one before they are only counted. */
const DETAILED_WARNINGS = 20

/**
 * Pass 1 over a `result.json`: reads every entry once and keeps, per chat, its byte range, its
 * count and its people; plus the owner (`personal_information`) and the saved contacts' phone
 * numbers. Holds no message. Issues (skipped entries, unsafe or missing media paths) are
 * pushed to `issues`; the second pass (per chat) pushes none.
 */
export class TelegramDirectory {
  readonly chats: ChatRecord[] = []
  self: SelfInfo | null = null
  /** Phone numbers (E.164) of saved contacts, by `user123` and by "First Last". */
  readonly phoneById = new Map<string, string>()
  readonly phoneByName = new Map<string, string | null>()

  readonly #issues: ImportIssue[]
  readonly #context: MessageContext
  readonly #fileName: string
  readonly #scanner: JsonScanner
  readonly #warned = new Map<string, number>()
  /** The chat being read (root, or an element of chats.list / left_chats.list). */
  #current: ChatRecord | null = null
  #root: ChatRecord | null = null
  // A small tracker of where tokens are, to find each chat object's byte range.
  #depth = 0
  /** For each open container: true for an object (where strings after "{" or "," are keys). */
  readonly #objects: boolean[] = []
  #previous: JsonTokenKind | null = null
  #rootKey: string | null = null
  #secondKey: string | null = null
  #unsupported = 0
  /** The id of each name met with one (null when two people share it), for names met without. */
  readonly #idByName = new Map<string, string | null>()

  constructor(fileName: string, context: MessageContext, issues: ImportIssue[]) {
    this.#fileName = fileName
    this.#context = context
    this.#issues = issues
    this.#scanner = new JsonScanner(
      PATHS,
      (value, path) => this.#onValue(value, path),
      (kind, offset, value) => this.#onToken(kind, offset, value),
    )
  }

  /** Reads the whole file. Fails with JsonScanError when it is truncated or not JSON. */
  async read(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const chunk of chunks) this.#scanner.write(chunk)
    this.#scanner.end()
    if (this.#unsupported > 0) {
      this.#issues.push({
        severity: 'warning',
        code: 'TG_UNSUPPORTED_SKIPPED',
        message: t('errors.telegram.unsupportedSkipped', {count: this.#unsupported}),
        file: this.#fileName,
      })
    }
    for (const [code, count] of this.#warned) {
      if (count > DETAILED_WARNINGS) {
        this.#issues.push({severity: 'warning', code, message: t('errors.telegram.moreWarnings', {count: count - DETAILED_WARNINGS, code}), file: this.#fileName})
      }
    }
  }

  /** True when the file was a one-chat export (its root is the chat). */
  get isSingleChat(): boolean {
    return this.#root !== null && this.#root.type !== null
  }

  #onToken(kind: JsonTokenKind, offset: number, value: unknown): void {
    const previous = this.#previous
    this.#previous = kind
    if (kind === 'open-object' || kind === 'open-array') {
      this.#depth++
      this.#objects.push(kind === 'open-object')
      if (this.#depth === 1 && kind === 'open-object') this.#root = this.#current = newChat('root', offset)
      // A chat object: root{ chats{ list[ {.
      else if (this.#depth === 4 && kind === 'open-object' && this.#secondKey === 'list' && (this.#rootKey === 'chats' || this.#rootKey === 'left_chats')) {
        this.#current = newChat(this.#rootKey, offset)
      }
      return
    }
    if (kind === 'close-object' || kind === 'close-array') {
      if (this.#current !== null && this.#depth === (this.#current.list === 'root' ? 1 : 4) && kind === 'close-object') {
        this.#current.end = offset
        if (this.#current.list !== 'root' || this.#current.type !== null) this.chats.push(this.#current)
        this.#current = this.#current.list === 'root' ? null : this.#root
      }
      this.#depth--
      this.#objects.pop()
      return
    }
    // A string right after "{" or "," in an object is a key.
    if (kind === 'string' && this.#objects[this.#objects.length - 1] === true && (previous === 'open-object' || previous === 'comma')) {
      if (this.#depth === 1) {
        this.#rootKey = value as string
        this.#secondKey = null
      } else if (this.#depth === 2) this.#secondKey = value as string
    }
  }

  #onValue(value: unknown, path: JsonPath): void {
    const chat = this.#current
    const last = path[path.length - 1]
    if (path.length === 1) {
      if (last === 'personal_information') this.#readSelf(value)
      else if (chat !== null && chat.list === 'root') setChatField(chat, last as string, value)
      return
    }
    if (path.length === 3 && path[0] === 'contacts') {
      this.#readContact(value)
      return
    }
    if (chat === null) return
    if (path.length === 4 && path[1] === 'list' && chat.list !== 'root') {
      setChatField(chat, last as string, value)
      return
    }
    if ((path.length === 2 && path[0] === 'messages') || (path.length === 5 && path[3] === 'messages')) this.#readMessage(chat, value, last as number)
  }

  #readMessage(chat: ChatRecord, raw: unknown, index: number): void {
    const read = readEntry(raw, this.#context)
    if ('skipped' in read) {
      if (read.skipped === 'unsupported') this.#unsupported++
      else this.#warn('TG_ENTRY_SKIPPED', t('errors.telegram.entrySkipped', {entry: index + 1, chat: chatLabel(chat), why: read.reason}))
      return
    }
    chat.count++
    if (read.unsafePath !== null) {
      this.#warn('TG_MEDIA_PATH_OUTSIDE', t('errors.telegram.mediaOutside', {message: read.message.sourceId, chat: chatLabel(chat), file: JSON.stringify(read.unsafePath)}))
    }
    if (read.missingPath !== null) {
      this.#warn('TG_MEDIA_MISSING', t('errors.telegram.mediaMissing', {file: JSON.stringify(read.missingPath), message: read.message.sourceId, chat: chatLabel(chat)}))
    }
    if (read.peerId !== null) {
      if (!read.message.system) chat.authorIds.add(read.peerId)
      // Channels posting in a group (anonymous admins, linked channels) are not people.
      if (read.peerName !== null && read.peerId.startsWith('user')) {
        if (addPerson(chat, read.peerId, read.peerName) === 'name-taken' && !chat.sharedNames.has(read.peerName)) {
          chat.sharedNames.add(read.peerName)
          this.#warn(
            'TG_NAME_SHARED',
            t('errors.telegram.nameShared', {chat: chatLabel(chat), name: JSON.stringify(read.peerName)}),
          )
        }
        const known = this.#idByName.get(read.peerName)
        this.#idByName.set(read.peerName, known === undefined || known === read.peerId ? read.peerId : null)
      }
    }
    for (const name of read.members) addPerson(chat, null, name)
  }

  #readSelf(value: unknown): void {
    if (typeof value !== 'object' || value === null) return
    const info = value as Record<string, unknown>
    if (typeof info.user_id !== 'number') return
    const name = [info.first_name, info.last_name].filter((part): part is string => typeof part === 'string' && part !== '').join(' ')
    this.self = {peerId: `user${info.user_id}`, name, phone: phoneOf(info.phone_number)}
  }

  #readContact(value: unknown): void {
    if (typeof value !== 'object' || value === null) return
    const contact = value as Record<string, unknown>
    const phone = phoneOf(contact.phone_number)
    if (phone === null) return
    if (typeof contact.user_id === 'number') this.phoneById.set(`user${contact.user_id}`, phone)
    const name = [contact.first_name, contact.last_name].filter((part): part is string => typeof part === 'string' && part !== '').join(' ')
    // Two saved contacts with one name: the name tells nothing.
    if (name !== '') this.phoneByName.set(name, this.phoneByName.has(name) && this.phoneByName.get(name) !== phone ? null : phone)
  }

  #warn(code: string, message: string): void {
    const count = (this.#warned.get(code) ?? 0) + 1
    this.#warned.set(code, count)
    if (count <= DETAILED_WARNINGS) this.#issues.push({severity: 'warning', code, message, file: this.#fileName})
  }

  /** The participants of a chat, with phone numbers from the saved contacts; "me" marked. */
  participantsOf(chat: ChatRecord, selfId: string | null): Participant[] {
    const participants: Participant[] = []
    for (const person of new Set(chat.people.values())) {
      // Service entries name members without their id: take it from elsewhere in the export.
      const sourceId = person.sourceId ?? (this.self !== null && person.name === this.self.name ? this.self.peerId : (this.#idByName.get(person.name) ?? null))
      const isSelf = selfId !== null && sourceId === selfId
      const phone = isSelf && this.self?.phone ? this.self.phone : (sourceId ? this.phoneById.get(sourceId) : undefined) ?? this.phoneByName.get(person.name) ?? null
      // "self:" says to the contact book that this is the account owner (see src/contacts/book.ts).
      participants.push({name: person.name, phone, sourceId: sourceId === null ? null : isSelf ? `self:${sourceId}` : sourceId})
    }
    return participants
  }
}

function newChat(list: ChatRecord['list'], start: number): ChatRecord {
  return {list, start, end: -1, name: null, type: null, id: null, count: 0, people: new Map(), authorIds: new Set(), sharedNames: new Set()}
}

function setChatField(chat: ChatRecord, key: string, value: unknown): void {
  if (key === 'name' && typeof value === 'string') chat.name = value
  else if (key === 'type' && typeof value === 'string') chat.type = value
  else if (key === 'id' && typeof value === 'number' && Number.isSafeInteger(value)) chat.id = value
}

/**
 * Adds someone seen in a chat. A person is keyed by id when known; a name met first without id
 * (service `members` lists names only) becomes that id's entry when the id shows up with it.
 */
function addPerson(chat: ChatRecord, peerId: string | null, name: string): 'added' | 'known' | 'name-taken' {
  if (peerId !== null) {
    if (chat.people.has(`id:${peerId}`)) return 'known'
    const named = chat.people.get(`name:${name}`)
    if (named !== undefined && named.sourceId === null) {
      named.sourceId = peerId
      chat.people.set(`id:${peerId}`, named)
      return 'known'
    }
    // The store keeps one participant per name and chat: a second person with the same name
    // shares the first one's entry (their messages keep their own author name).
    if (named !== undefined) return 'name-taken'
    const person = {name, sourceId: peerId}
    chat.people.set(`id:${peerId}`, person)
    chat.people.set(`name:${name}`, person)
    return 'added'
  }
  if (chat.people.has(`name:${name}`)) return 'known'
  chat.people.set(`name:${name}`, {name, sourceId: null})
  return 'added'
}

/** E.164 from tdesktop's formatted number (`+33 6 12 34 56 78`), or null. */
function phoneOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null
  const text = value.trim()
  return phoneFromLabel(text.startsWith('+') ? text : `+${text.replace(/[^0-9]/g, '')}`)
}

/** A chat for messages: its name, else its type and id. */
export function chatLabel(chat: Pick<ChatRecord, 'name' | 'type' | 'id'>): string {
  return chat.name !== null ? JSON.stringify(chat.name) : `${chat.type ?? 'chat'} ${chat.id ?? '?'}`
}

