import {existsSync} from 'node:fs'

import {assignCommand} from '../arrivals/identify.js'
import {chatMembers, getMe, listContacts} from '../contacts/index.js'
import {loadCredentials} from '../credentials/credentials-file.js'
import type {SourceKind} from '../model/types.js'
import {ArrivalRepository, Store} from '../store/index.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Workspace} from '../workspace.js'
import {readRecords, type MigrateRecords} from './records.js'
import {undoCommands, type UndoCommand} from './undo.js'

/** The steps of the guided flow, in order (issue 9). */
export type MigrateStep = 'import' | 'me' | 'account' | 'contacts' | 'rooms' | 'invitations' | 'arrivals' | 'history' | 'done'

/** One imported export. */
export interface StatusSource {
  /** The path given to the import. */
  path: string
  /** The importer that read it. */
  source: SourceKind | null
  /** Chats it held. */
  chats: number
  /** When it was imported (ISO 8601 UTC). */
  importedAt: string | null
}

/** `status --json`: where the migration of a workspace is, read from its store and files. */
export interface MigrationStatus {
  /** The workspace folder. */
  workspace: string
  /** Exports imported successfully. */
  sources: StatusSource[]
  /** Imported chats: all, and the group chats (which become rooms). */
  chats: {total: number; groups: number}
  /** The contact book. */
  contacts: {
    /** Contacts in all, me included. */
    total: number
    /** Who "me" is (display name), or null when not decided. */
    me: string | null
    /** Contacts (not me) with an XMPP address. */
    withJid: number
    /** Contacts without an address marked to get an invitation. */
    toInvite: number
    /** Contacts without an address, not invited, that the person chose to leave out. */
    skipped: number
    /** Contacts without an address nobody decided about yet. */
    undecided: number
  }
  /** The XMPP account stored in the workspace, or null. */
  account: string | null
  /** Rooms: `planned` = group chats; `created` = exist on the server; `reconciled` = every step done (members, invitations, bookmark). */
  rooms: {planned: number; created: number; reconciled: number}
  /** Invitations: `roomInvitations` = members invited to their rooms; `kitDir` = where the invitation kit was written, or null. */
  invitations: {roomInvitations: number; kitDir: string | null}
  /** Where the history archive was written, or null. */
  historyDir: string | null
  /** true once the history was shared in the rooms and to the people (`--history share`). */
  historyShared: boolean
  /**
   * Arrivals (issue 20): `waiting` = people invited who have not arrived yet (names);
   * `seated` = people who arrived and are in their rooms; `unidentified` = newcomers nobody could
   * identify for sure, with the command that says who they are.
   */
  arrivals: {seated: number; waiting: string[]; unidentified: {jid: string; assign: string}[]}
  /**
   * Contact addresses the last check found doubtful (issue 16) and still unchanged: `misspelled`
   * (`suggestion` is the likely address) or `not-found` (no XMPP server answers for the domain).
   */
  addressProblems: {contactId: number; name: string; jid: string; problem: 'misspelled' | 'not-found'; suggestion: string | null}[]
  /** Per room (group chat): who is in (a member), who is invited and not arrived yet, who is left out. */
  roomPeople: {chatId: number; name: string; address: string | null; in: string[]; waiting: string[]; leftOut: string[]}[]
  /** The first step not done yet (`done` when all are). */
  next: MigrateStep
  /** What can be undone, with the commands (issue 16): rooms created, invitations not used yet. */
  undo: UndoCommand[]
}

/** An empty status (no store yet): nothing imported. */
function emptyStatus(workspace: Workspace, account: string | null): MigrationStatus {
  return {
    workspace: workspace.dir,
    sources: [],
    chats: {total: 0, groups: 0},
    contacts: {total: 0, me: null, withJid: 0, toInvite: 0, skipped: 0, undecided: 0},
    account,
    rooms: {planned: 0, created: 0, reconciled: 0},
    invitations: {roomInvitations: 0, kitDir: null},
    historyDir: null,
    historyShared: false,
    arrivals: {seated: 0, waiting: [], unidentified: []},
    addressProblems: [],
    roomPeople: [],
    next: 'import',
    undo: [],
  }
}

/**
 * Reads where the migration of `workspace` is. Never creates the workspace or its store.
 * Fails with the store's UserErrors (STORE_BUSY, STORE_TOO_NEW, …) and CREDENTIALS_TOO_OPEN /
 * CREDENTIALS_UNREADABLE.
 */
export function readStatus(workspace: Workspace): MigrationStatus {
  const account = existsSync(workspace.dir) ? (loadCredentials(workspace)?.jid ?? null) : null
  if (!existsSync(workspace.storePath)) return emptyStatus(workspace, account)
  const store = Store.open(workspace.storePath)
  try {
    // Every import run is listed by the store; an export imported again is one source (its latest run).
    const byPath = new Map<string, StatusSource>()
    for (const i of store.listImports()) {
      if (i.status !== 'done') continue
      byPath.delete(i.path)
      byPath.set(i.path, {path: i.path, source: i.source, chats: i.chats, importedAt: i.finishedAt})
    }
    const sources = [...byPath.values()]
    const chats = store.listChats()
    const groups = chats.filter((c) => c.kind === 'group')
    const records = readRecords(store)
    const contacts = contactCounts(store, records)
    const repo = RoomRepository.open(store)
    let rooms: MigrationStatus['rooms']
    let roomInvitations = 0
    const roomPeople: MigrationStatus['roomPeople'] = []
    try {
      const stored = repo.rooms()
      for (const g of groups) {
        const room = stored.get(g.id)
        const members = room?.steps.get('member') ?? new Set<string>()
        const people = chatMembers(store, g.id).filter((p) => !p.isMe && p.contactId !== contacts.meId)
        roomPeople.push({
          chatId: g.id,
          name: g.title,
          address: room?.steps.get('created')?.has('') === true ? room.address : null,
          in: people.filter((p) => p.jid !== null && members.has(p.jid.toLowerCase())).map((p) => p.name),
          waiting: people.filter((p) => p.jid === null && p.invite).map((p) => p.name),
          leftOut: people.filter((p) => p.jid === null && !p.invite).map((p) => p.name),
        })
      }
      const groupIds = new Set(groups.map((g) => g.id))
      let created = 0
      let reconciled = 0
      for (const [chatId, room] of stored) {
        if (!groupIds.has(chatId)) continue
        if (room.steps.get('created')?.has('') !== true) continue
        created++
        roomInvitations += room.steps.get('invited')?.size ?? 0
        if (room.steps.get('bookmark')?.has('') === true) reconciled++
      }
      rooms = {planned: groups.length, created, reconciled}
    } finally {
      repo.close()
    }
    const arrivalRepo = ArrivalRepository.open(store)
    let arrivals: MigrationStatus['arrivals']
    try {
      const stored = arrivalRepo.arrivals()
      arrivals = {
        seated: stored.filter((a) => a.contactId !== null && a.seatedAt !== null).length,
        waiting: listContacts(store).filter((c) => !c.isMe && c.id !== contacts.meId && c.invite && c.jid === null).map((c) => c.name),
        unidentified: stored.filter((a) => a.evidence === 'unknown').map((a) => ({jid: a.jid, assign: assignCommand(a.jid)})),
      }
    } finally {
      arrivalRepo.close()
    }
    const byId = new Map(listContacts(store).map((c) => [c.id, c]))
    const addressProblems = records.addressProblems.flatMap((p) => {
      const contact = byId.get(p.contactId)
      // Corrected since (e.g. with `contacts set --jid`): no longer a problem.
      return contact !== undefined && contact.jid !== null && contact.jid.toLowerCase() === p.jid.toLowerCase() ? [{contactId: p.contactId, name: contact.name, jid: p.jid, problem: p.problem, suggestion: p.suggestion}] : []
    })
    const {meId: _meId, ...contactCountsOut} = contacts
    const status: MigrationStatus = {
      workspace: workspace.dir,
      sources,
      chats: {total: chats.length, groups: groups.length},
      contacts: contactCountsOut,
      account,
      rooms,
      invitations: {roomInvitations, kitDir: records.kitDir},
      historyDir: records.historyDir,
      historyShared: records.historySharedAt !== null,
      arrivals,
      addressProblems,
      roomPeople,
      next: 'import',
      undo: [],
    }
    status.next = nextStep(status)
    status.undo = undoCommands(status)
    return status
  } finally {
    store.close()
  }
}

function contactCounts(store: Store, records: MigrateRecords): MigrationStatus['contacts'] & {meId: number | null} {
  const rows = listContacts(store)
  const me = getMe(store)
  const skipped = new Set(records.skippedContacts)
  const counts = {total: rows.length, me: me?.name ?? null, meId: me?.id ?? null, withJid: 0, toInvite: 0, skipped: 0, undecided: 0}
  for (const c of rows) {
    if (c.isMe || c.id === me?.id) continue
    if (c.jid !== null) counts.withJid++
    else if (c.invite) counts.toInvite++
    else if (skipped.has(c.id)) counts.skipped++
    else counts.undecided++
  }
  return counts
}

/**
 * The first step not done (pure): nothing imported → import; "me" unknown → me; no account →
 * account; contacts undecided → contacts; a group without its room reconciled → rooms; kit not
 * written while someone has an address or is to be invited → invitations; someone invited not
 * arrived, or a newcomer unidentified → arrivals; history not written → history; else done.
 */
export function nextStep(status: Omit<MigrationStatus, 'next' | 'undo'>): MigrateStep {
  if (status.sources.length === 0) return 'import'
  if (status.contacts.me === null) return 'me'
  if (status.account === null) return 'account'
  if (status.contacts.undecided > 0) return 'contacts'
  if (status.rooms.reconciled < status.rooms.planned) return 'rooms'
  if (status.invitations.kitDir === null && status.contacts.withJid + status.contacts.toInvite > 0) return 'invitations'
  // Done is when everyone is in their rooms, not when the invitations are written.
  if (status.arrivals.waiting.length > 0 || status.arrivals.unidentified.length > 0) return 'arrivals'
  if (status.historyDir === null && !status.historyShared) return 'history'
  return 'done'
}
