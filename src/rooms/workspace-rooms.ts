import {existsSync} from 'node:fs'

import {chatMembers, getMe} from '../contacts/index.js'
import {UserError} from '../errors/index.js'
import {storedLanguage} from '../settings/index.js'
import {ContactRepository, Store} from '../store/index.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Workspace} from '../workspace.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {discoverServer} from '../xmpp/discovery.js'
import {loadServerInfo} from '../xmpp/server-info-file.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {applyRoomsPlan, type RoomProgress, type RoomResult} from './apply-plan.js'
import type {RoomStep} from '../store/RoomRepository.js'
import {planWorkspaceRooms, type PlanRequest} from './rooms-service.js'
import type {RoomPlan, RoomsPlan} from './types.js'
import {t} from '../i18n/index.js'

/** What `rooms plan` and `rooms create` share. */
export interface RoomsRequest {
  /** `--muc-service`, or undefined to use the discovered one. */
  mucService?: string
  /** `--public` chat ids. */
  publicChats: number[]
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests, bench): returns an authenticated session. */
  connect?: () => Promise<XmppSession>
  /** A session to use and leave open (the arrivals step, already connected). */
  session?: XmppSession
  /** Replaces the contact book's members (tests). */
  membersOf?: PlanRequest['membersOf']
}

/** `rooms plan --json`. */
export interface RoomsPlanResult {
  /** The account owning the rooms. */
  account: string
  /** The MUC service. */
  mucService: string
  /** One entry per group chat. */
  rooms: RoomPlan[]
}

/** Inputs of `rooms create` beyond {@link RoomsRequest}. */
export interface CreateRequest extends RoomsRequest {
  /** Only these chat ids (`--chat`); all group chats when empty. */
  chatIds: number[]
  /** Plan only (`--dry-run`). */
  dryRun: boolean
  /** Public rooms' password, or null. */
  roomPassword: string | null
  /** Progress per room. */
  onProgress?: (event: RoomProgress) => void
  /** See ApplyOptions.afterStep (tests: simulated crash). */
  afterStep?: (chatId: number, step: RoomStep, target: string) => void
}

/** `rooms create --json`. */
export interface RoomsCreateResult {
  /** The account owning the rooms. */
  account: string
  /** The MUC service. */
  mucService: string
  /** true when nothing was sent (`--dry-run`): `rooms` are then the plan's. */
  dryRun: boolean
  /** One entry per selected group chat. */
  rooms: RoomResult[]
  /** Counts by outcome. */
  summary: {created: number; updated: number; unchanged: number; failed: number}
}

function openStore(workspace: Workspace): Store {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', t('errors.store.nothingImported', {dir: workspace.dir}), {suggestions: [t('errors.store.importFirst')]})
  }
  return Store.open(workspace.storePath)
}

async function resolveMucService(workspace: Workspace, session: XmppSession, flag: string | undefined): Promise<string> {
  if (flag !== undefined && flag.trim() !== '') return flag.trim().toLowerCase()
  const stored = loadServerInfo(workspace)
  if (stored?.muc && stored.domain === session.options.domain) return stored.muc.jid.toLowerCase()
  const discovered = await discoverServer(session)
  if (discovered.muc) return discovered.muc.jid.toLowerCase()
  throw new UserError('NO_MUC_SERVICE', t('errors.rooms.noMucService', {domain: session.options.domain}), {
    suggestions: [t('errors.rooms.noMucServiceFix')],
  })
}

async function withRooms<T>(workspace: Workspace, request: RoomsRequest, work: (ctx: {store: Store; repo: RoomRepository; session: XmppSession; mucService: string}) => Promise<T>): Promise<T> {
  const store = openStore(workspace)
  let repo: RoomRepository | undefined
  let session: XmppSession | undefined
  try {
    repo = RoomRepository.open(store)
    session = request.session ?? (await (request.connect ? request.connect() : connectFromWorkspace(workspace, request.connection)))
    const mucService = await resolveMucService(workspace, session, request.mucService)
    return await work({store, repo, session, mucService})
  } finally {
    if (request.session === undefined) await session?.close()
    repo?.close()
    store.close()
  }
}

/**
 * `rooms plan`: the plan for every group chat, nothing created (only lookups of candidate
 * addresses are sent). Fails with NOTHING_IMPORTED, NO_MUC_SERVICE, CHAT_NOT_FOUND, the
 * connection's and the store's UserErrors.
 */
export async function planRoomsForWorkspace(workspace: Workspace, request: RoomsRequest): Promise<RoomsPlanResult> {
  return withRooms(workspace, request, async ({store, repo, session, mucService}) => {
    const {plan} = await planWorkspaceRooms(store, repo, session, {mucService, publicChats: request.publicChats, withPassword: false, membersOf: request.membersOf ?? chatMembers})
    return {account: (session.boundJid ?? '').split('/')[0] ?? '', mucService, rooms: plan.rooms}
  })
}

/**
 * `rooms create`: plans, then applies the plan to the selected chats (see applyRoomsPlan).
 * A room that fails is reported in its result; the others go on.
 */
export async function createRoomsForWorkspace(workspace: Workspace, request: CreateRequest): Promise<RoomsCreateResult> {
  return withRooms(workspace, request, async ({store, repo, session, mucService}) => {
    const membersOf = request.membersOf ?? chatMembers
    const {plan, stored} = await planWorkspaceRooms(store, repo, session, {mucService, publicChats: request.publicChats, withPassword: request.roomPassword !== null, membersOf})
    for (const id of request.chatIds) {
      if (!plan.rooms.some((r) => r.chatId === id)) {
        throw new UserError('ROOM_NOT_A_GROUP', t('errors.rooms.notAGroupId', {id}), {suggestions: [t('errors.rooms.notAGroupIdFix')]})
      }
    }
    const selected: RoomsPlan = {mucService: plan.mucService, rooms: request.chatIds.length > 0 ? plan.rooms.filter((r) => request.chatIds.includes(r.chatId)) : plan.rooms}
    const account = (session.boundJid ?? '').split('/')[0] ?? ''
    let rooms: RoomResult[]
    if (request.dryRun) {
      rooms = selected.rooms.map((r) => ({chatId: r.chatId, address: r.address, name: r.name, public: r.public, action: r.action, status: r.action === 'unchanged' ? 'unchanged' : 'planned', done: r.changes, warnings: [], members: r.members.length, pending: r.pending.length}))
    } else {
      const settings = ContactRepository.open(store)
      let defaultLanguage: 'fr' | 'en' | null
      try {
        defaultLanguage = storedLanguage(settings)
      } finally {
        settings.close()
      }
      const me = getMe(store)
      const nick = account.split('@')[0] ?? account
      rooms = await applyRoomsPlan({
        session,
        plan: selected,
        stored,
        ledger: repo,
        nick,
        inviterName: me?.name ?? nick,
        defaultLanguage,
        password: request.roomPassword,
        ...(request.onProgress ? {onProgress: request.onProgress} : {}),
        ...(request.afterStep ? {afterStep: request.afterStep} : {}),
      })
    }
    const summary = {created: 0, updated: 0, unchanged: 0, failed: 0}
    for (const r of rooms) {
      if (r.status === 'failed') summary.failed++
      else if (r.action === 'create') summary.created++
      else if (r.action === 'update') summary.updated++
      else summary.unchanged++
    }
    return {account, mucService, dryRun: request.dryRun, rooms, summary}
  })
}
