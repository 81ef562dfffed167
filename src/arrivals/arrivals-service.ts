/**
 * Arrivals (issue 20): the people who came through the invitations, found on the account and
 * seated in their rooms. One *cycle* reads the roster and the subscription requests, finds the
 * newcomers, identifies them (only on certain evidence, see identify.ts; the rest is asked or
 * listed), and seats each identified one: their address in the contact book, both presence
 * subscriptions approved, membership and invitations (mediated and direct, in their language)
 * in every room of their chats. Everything is recorded as it is done: a rerun does nothing more
 * for someone already seated, and picks up where a crash stopped.
 */
import {existsSync} from 'node:fs'

import {getMe, listContacts, type ContactRow} from '../contacts/index.js'
import {checkContactJid} from '../contacts/jid.js'
import {findContact, setContact} from '../contacts/service.js'
import {UserError, XmError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import {InvitationLedger} from '../invitations/InvitationLedger.js'
import {createRoomsForWorkspace, type RoomsCreateResult} from '../rooms/workspace-rooms.js'
import {ArrivalRepository, ContactRepository, Store, type ArrivalEvidence, type StoredArrival} from '../store/index.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Workspace} from '../workspace.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {addContact, getRoster, type RosterItem} from '../xmpp/roster.js'
import {pingServer} from '../xmpp/muc.js'
import {onSubscriptionRequest, sendAvailablePresence, type SubscriptionRequest} from '../xmpp/subscriptions.js'
import {loadServerInfo} from '../xmpp/server-info-file.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {assignCommand, identifyNewcomers, type Newcomer, type OutstandingInvitation} from './identify.js'

/** A question for the person: who is this newcomer? */
export interface WhoIsQuestion {
  /** The newcomer's address. */
  jid: string
  /** The nickname they gave, if any. */
  nick: string | null
  /** The people still awaited, to choose from. */
  candidates: {contactId: number; name: string}[]
}

/** Inputs of {@link checkArrivals}. */
export interface ArrivalsRequest {
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests): returns an authenticated session. */
  connect?: () => Promise<XmppSession>
  /** `--arrival NAME=ADDRESS` answers: a contact (id or name) and their new address. */
  answers?: ReadonlyMap<string, string>
  /**
   * Asks who a newcomer is: a contact id, null for "someone else" (not asked again), undefined
   * when nothing can be asked (they stay listed as unidentified).
   */
  ask?: (question: WhoIsQuestion) => Promise<number | null | undefined>
  /** Progress lines (stderr). */
  onProgress?: (line: string) => void
  /** The clock (tests). */
  now?: () => Date
}

/** One person seated by this run. */
export interface SeatedArrival {
  /** Their contact id. */
  contactId: number
  /** Their name. */
  name: string
  /** Their new address. */
  jid: string
  /** How they were identified. */
  evidence: Exclude<ArrivalEvidence, 'unknown' | 'dismissed'>
  /** The rooms they are now a member of (addresses). */
  rooms: string[]
}

/** `arrivals --json` (and the migrate step's report). JSON-serializable. */
export interface ArrivalsReport {
  /** The account. */
  account: string
  /** People seated by this run. */
  seated: SeatedArrival[]
  /** People seated before this run. */
  alreadySeated: {contactId: number; name: string; jid: string}[]
  /** Newcomers nobody could identify for sure, with the command that says who they are. */
  unidentified: {jid: string; via: 'roster' | 'subscription'; nick: string | null; assign: string}[]
  /** People invited who have not arrived yet. */
  waiting: {contactId: number; name: string}[]
  /** Arrivals that could not be seated (what happened, what to do). */
  failed: {jid: string; name: string | null; code: string; message: string; suggestions: string[]}[]
  /** What the rooms step did for them, or null when no room needed a change. */
  rooms: RoomsCreateResult['summary'] | null
  /** true when everyone invited has arrived and is seated (and no newcomer waits for an answer). */
  complete: boolean
}

/**
 * The subscription requests of one session: those waiting since the account was offline (asked
 * once, with available presence), and those arriving live after that.
 */
export class SubscriptionBook {
  readonly #requests = new Map<string, SubscriptionRequest>()
  readonly #stop: () => void
  #primed = false

  /** `priority`: see sendAvailablePresence (0 for ejabberd, which holds requests back from -1). */
  constructor(
    readonly session: XmppSession,
    readonly priority = -1,
  ) {
    this.#stop = onSubscriptionRequest(session, (request) => this.#add(request))
  }

  #add(request: SubscriptionRequest): void {
    const known = this.#requests.get(request.jid)
    this.#requests.set(request.jid, known && request.token === null ? {...request, token: known.token} : request)
  }

  /**
   * Every request seen on this session. The first call says the account is available and waits
   * for a round trip: the server answers it after sending the requests that waited while the
   * account was offline (one stream, in order, RFC 6120 §10.1).
   */
  async requests(): Promise<SubscriptionRequest[]> {
    if (!this.#primed) {
      await sendAvailablePresence(this.session, this.priority)
      await pingServer(this.session)
      this.#primed = true
    }
    return [...this.#requests.values()]
  }

  /** Stops listening. */
  close(): void {
    this.#stop()
  }
}

interface Book {
  contacts: ContactRow[]
  me: ContactRow | null
  arrivals: StoredArrival[]
  baseline: Set<string>
  publicChats: number[]
  roomsExist: boolean
  roomsByChat: Map<number, string>
}

/** The store of the workspace; fails with NOTHING_IMPORTED (and what to run) when there is none. */
function openStore(workspace: Workspace): Store {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', t('errors.store.nothingImported', {dir: workspace.dir}), {suggestions: [t('errors.store.startWithMigrate')]})
  }
  return Store.open(workspace.storePath)
}

/** What a cycle reads of the store (again after each change it makes). */
function readBook(store: Store, arrivals: ArrivalRepository): Book {
  const rooms = RoomRepository.open(store)
  try {
    const stored = rooms.rooms()
    return {
      contacts: listContacts(store),
      me: getMe(store),
      arrivals: arrivals.arrivals(),
      baseline: arrivals.baseline(),
      publicChats: [...stored.values()].filter((r) => r.public).map((r) => r.chatId),
      roomsExist: [...stored.values()].some((r) => r.steps.get('created')?.has('') === true),
      roomsByChat: new Map([...stored.values()].map((r) => [r.chatId, r.address])),
    }
  } finally {
    rooms.close()
  }
}

function resolveContact(store: Store, selector: string): ContactRow {
  const repo = ContactRepository.open(store)
  try {
    return findContact(repo, selector)
  } finally {
    repo.close()
  }
}

/** The invitations still waiting for their person: invited, no address yet, with the tool's own token. */
function outstandingInvitations(book: Book, ledger: InvitationLedger): OutstandingInvitation[] {
  const personal = ledger.personalInvitations()
  return book.contacts
    .filter((c) => !c.isMe && c.id !== book.me?.id && c.invite && c.jid === null)
    .map((c) => {
      const p = personal.get(c.id)
      return {contactId: c.id, name: c.name, token: p?.token ?? null, username: p?.username ?? null, server: p?.server ?? null}
    })
}

/**
 * One cycle on an open session (see the module comment). `requests` holds the subscription
 * requests of the session. Fails with the store's and the session's UserErrors; a refusal for
 * one person is reported in `failed` and the others go on.
 */
export async function arrivalsCycle(workspace: Workspace, session: XmppSession, requests: SubscriptionBook, request: ArrivalsRequest): Promise<ArrivalsReport> {
  const now = request.now ?? (() => new Date())
  const account = (session.boundJid ?? '').split('/')[0]?.toLowerCase() ?? ''
  const report: ArrivalsReport = {account, seated: [], alreadySeated: [], unidentified: [], waiting: [], failed: [], rooms: null, complete: false}
  const progress = request.onProgress ?? (() => {})
  // One store connection for the cycle; the contact book and the rooms services write through
  // their own (WAL), and the book is read again after they did.
  const store = openStore(workspace)
  const arrivals = ArrivalRepository.open(store)
  try {
    return await cycle(workspace, session, requests, request, {store, arrivals, report, progress, now})
  } finally {
    arrivals.close()
    store.close()
  }
}

async function cycle(
  workspace: Workspace,
  session: XmppSession,
  requests: SubscriptionBook,
  request: ArrivalsRequest,
  {store, arrivals, report, progress, now}: {store: Store; arrivals: ArrivalRepository; report: ArrivalsReport; progress: (line: string) => void; now: () => Date},
): Promise<ArrivalsReport> {
  // Answers first: they hold whatever the person said, seen or not.
  for (const [selector, address] of request.answers ?? new Map<string, string>()) {
    const contact = resolveContact(store, selector)
    const check = checkContactJid(address)
    if (!check.ok) throw new UserError('ARRIVAL_BAD_ADDRESS', t('errors.contacts.badArrival', {arrival: `${selector}=${address}`, reason: check.reason}), {suggestions: [t('errors.contacts.badArrivalFix')]})
    const stored = arrivals.arrivals().find((a) => a.jid === check.jid)
    if (stored?.contactId !== contact.id) arrivals.identify(check.jid, contact.id, 'answer', stored?.via ?? 'roster', now())
  }

  let book = readBook(store, arrivals)
  const roster: RosterItem[] = await getRoster(session)
  const subscriptionRequests = await requests.requests()
  const known = new Set<string>([report.account, ...book.contacts.flatMap((c) => (c.jid === null ? [] : [c.jid.toLowerCase()]))])
  const storedByJid = new Map(book.arrivals.map((a) => [a.jid, a]))
  const isCandidate = (jid: string): boolean => jid.includes('@') && !known.has(jid) && !book.baseline.has(jid)
  const newcomers = new Map<string, Newcomer & {nick: string | null}>()
  for (const item of roster) {
    // A roster entry the server made for an invitation (Prosody: mutual subscription when an
    // account is created with a contact invitation), or one the person added by hand.
    if (isCandidate(item.jid) && (item.subscription === 'from' || item.subscription === 'both')) newcomers.set(item.jid, {jid: item.jid, via: 'roster', token: null, nick: item.name})
  }
  for (const r of subscriptionRequests) {
    if (!isCandidate(r.jid)) continue
    const before = newcomers.get(r.jid)
    newcomers.set(r.jid, {jid: r.jid, via: before?.via ?? 'subscription', token: r.token, nick: r.nick ?? before?.nick ?? null})
  }
  const unseen = [...newcomers.values()].filter((n) => !storedByJid.has(n.jid))
  for (const n of unseen) arrivals.recordSeen(n.jid, n.via, now())

  // Identify those not identified yet (a token or a username may have appeared since).
  const ledger = InvitationLedger.load(workspace)
  const claimedContacts = new Set(book.arrivals.flatMap((a) => (a.contactId === null ? [] : [a.contactId])))
  const outstanding = outstandingInvitations(book, ledger).filter((o) => !claimedContacts.has(o.contactId))
  const open = [...newcomers.values()].filter((n) => {
    const stored = storedByJid.get(n.jid)
    return stored === undefined || stored.evidence === 'unknown'
  })
  // A newcomer carrying a revoked invitation's token (`invite revoke`) is identified by nobody's
  // evidence, elimination included: the organizer says who it is, or it stays unidentified.
  const revoked = (n: Newcomer): boolean => n.token !== null && ledger.isRevokedToken(n.token)
  const decisions = [...identifyNewcomers(open.filter((n) => !revoked(n)), outstanding), ...open.filter(revoked).map((n) => ({jid: n.jid, contactId: null, evidence: 'unknown' as const}))]
  const certain = decisions.filter((d) => d.contactId !== null)
  for (const d of certain) arrivals.identify(d.jid, d.contactId, d.evidence as 'token' | 'username' | 'elimination', newcomers.get(d.jid)?.via ?? 'roster', now())
  const claimedNow = new Set(certain.map((d) => d.contactId))
  for (const d of decisions.filter((x) => x.contactId === null)) {
    const n = newcomers.get(d.jid)!
    const candidates = outstanding.filter((o) => !claimedNow.has(o.contactId)).map((o) => ({contactId: o.contactId, name: o.name}))
    const answer = request.ask && candidates.length > 0 ? await request.ask({jid: d.jid, nick: n.nick, candidates}) : undefined
    if (answer === undefined) {
      report.unidentified.push({jid: d.jid, via: n.via, nick: n.nick, assign: assignCommand(d.jid)})
      continue
    }
    arrivals.identify(d.jid, answer, answer === null ? 'dismissed' : 'answer', n.via, now())
    if (answer !== null) claimedNow.add(answer)
  }

  // Seat everyone identified and not seated yet.
  book = readBook(store, arrivals)
  const toSeat = book.arrivals.filter((a) => a.contactId !== null && a.seatedAt === null)
  const seating: {arrival: StoredArrival; contact: ContactRow}[] = []
  for (const arrival of toSeat) {
    const contact = book.contacts.find((c) => c.id === arrival.contactId)
    if (!contact) continue
    try {
      if (contact.jid?.toLowerCase() !== arrival.jid) setContact(workspace, String(contact.id), {jid: arrival.jid})
      const groups = contact.chats.filter((c) => c.kind === 'group').map((c) => c.title)
      // Their request approved (RFC 6121 §3.1.4) and ours sent: both see each other. (Prosody
      // 0.12.3 loses the approval it makes on an offline contact's behalf when their app had
      // pre-approved us — rostermanager reads our own, stale, roster — so our side stays
      // pending until they approve again; seated while their app is online, `--watch`, it works.)
      await addContact(session, {jid: arrival.jid, name: contact.name, groups}, roster)
      seating.push({arrival, contact})
      progress(`${contact.name} → ${arrival.jid}`)
    } catch (error) {
      if (error instanceof XmError && /CONNECTION|TIMEOUT/.test(error.code)) throw error
      const e = error instanceof XmError ? error : null
      report.failed.push({jid: arrival.jid, name: contact.name, code: e?.code ?? 'ARRIVAL_FAILED', message: error instanceof Error ? error.message : String(error), suggestions: e?.suggestions ?? []})
    }
  }

  // Their rooms: the plan now counts them as members; reconciling adds them and invites them.
  let roomFailures = new Set<number>()
  if (seating.length > 0 && book.roomsExist) {
    progress(t('arrivals.progress.rooms'))
    const result = await createRoomsForWorkspace(workspace, {publicChats: book.publicChats, connection: request.connection, session, chatIds: [], dryRun: false, roomPassword: null})
    report.rooms = result.summary
    roomFailures = new Set(result.rooms.filter((r) => r.status === 'failed').map((r) => r.chatId))
    for (const r of result.rooms.filter((x) => x.status === 'failed')) report.failed.push({jid: '', name: r.address, code: r.error?.code ?? 'ROOM_FAILED', message: r.error?.message ?? r.address, suggestions: r.error?.suggestions ?? []})
  }
  for (const {arrival, contact} of seating) {
    const chats = contact.chats.filter((c) => c.kind === 'group')
    if (chats.some((c) => roomFailures.has(c.id))) continue
    arrivals.markSeated(arrival.jid, now())
    report.seated.push({contactId: contact.id, name: contact.name, jid: arrival.jid, evidence: arrival.evidence as SeatedArrival['evidence'], rooms: chats.flatMap((c) => (book.roomsByChat.has(c.id) ? [book.roomsByChat.get(c.id)!] : []))})
  }

  const final = readBook(store, arrivals)
  const seatedNow = new Set(report.seated.map((s) => s.contactId))
  for (const a of final.arrivals) {
    if (a.contactId === null || a.seatedAt === null || seatedNow.has(a.contactId)) continue
    report.alreadySeated.push({contactId: a.contactId, name: final.contacts.find((c) => c.id === a.contactId)?.name ?? String(a.contactId), jid: a.jid})
  }
  for (const a of final.arrivals) {
    if (a.evidence === 'unknown' && !report.unidentified.some((u) => u.jid === a.jid) && !newcomers.has(a.jid)) report.unidentified.push({jid: a.jid, via: a.via, nick: null, assign: assignCommand(a.jid)})
  }
  report.waiting = final.contacts.filter((c) => !c.isMe && c.id !== final.me?.id && c.invite && c.jid === null).map((c) => ({contactId: c.id, name: c.name}))
  report.complete = report.waiting.length === 0 && report.unidentified.length === 0 && report.failed.length === 0
  return report
}

/** The priority of the tool's presence on the workspace's server (see sendAvailablePresence). */
export function presencePriority(workspace: Workspace): number {
  return /ejabberd/i.test(loadServerInfo(workspace)?.software?.name ?? '') ? 0 : -1
}

/**
 * `arrivals` (and the migrate step): connects, runs one cycle, disconnects. See arrivalsCycle.
 * Fails with NOTHING_IMPORTED, ARRIVAL_BAD_ADDRESS, CONTACT_NOT_FOUND, the connection's and the
 * store's UserErrors.
 */
export async function checkArrivals(workspace: Workspace, request: ArrivalsRequest): Promise<ArrivalsReport> {
  openStore(workspace).close()
  const session = await (request.connect ? request.connect() : connectFromWorkspace(workspace, request.connection))
  const book = new SubscriptionBook(session, presencePriority(workspace))
  try {
    return await arrivalsCycle(workspace, session, book, request)
  } finally {
    book.close()
    await session.close()
  }
}
