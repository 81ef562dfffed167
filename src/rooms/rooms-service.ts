import {UserError} from '../errors/index.js'
import type {Store} from '../store/index.js'
import type {RoomRepository, StoredRoom} from '../store/RoomRepository.js'
import {probeRoomOwnership} from '../xmpp/muc.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {planRooms} from './planner.js'
import type {AddressState, ChatMember, RoomSourceChat, RoomsPlan, StoredRoomState} from './types.js'
import {t} from '../i18n/index.js'

/** What planning needs besides the store and the session. */
export interface PlanRequest {
  /** The MUC service: `--muc-service`, else the discovered one. */
  mucService: string
  /** Chat ids to make public rooms (`--public`). */
  publicChats: number[]
  /** true when public rooms get a password. */
  withPassword: boolean
  /** Members of a chat (the contact book's chatMembers). */
  membersOf: (store: Store, chatId: number) => ChatMember[]
}

/** A plan with what the store knew when it was made (the apply step needs both). */
export interface PlannedRooms {
  /** The plan, every group chat. */
  plan: RoomsPlan
  /** Stored rooms, by chat id. */
  stored: Map<number, StoredRoom>
}

/** Converts stored rows to the planner's view. */
export function storedStates(rooms: ReadonlyMap<number, StoredRoom>): Map<number, StoredRoomState> {
  const states = new Map<number, StoredRoomState>()
  for (const [chatId, room] of rooms) {
    states.set(chatId, {
      chatId,
      address: room.address,
      created: room.steps.get('created')?.has('') ?? false,
      configSignature: [...(room.steps.get('configured') ?? [])][0] ?? null,
      affiliated: room.steps.get('member') ?? new Set(),
      invited: room.steps.get('invited') ?? new Set(),
      bookmarked: room.steps.get('bookmark')?.has('') ?? false,
    })
  }
  return states
}

/**
 * The group chats of the store with their members, every one of them (planning all keeps the
 * addresses stable whatever `--chat` selects). Fails with CHAT_NOT_FOUND / ROOM_NOT_A_GROUP for
 * `--public` ids that are not imported group chats.
 */
export function groupChats(store: Store, membersOf: PlanRequest['membersOf'], mustInclude: number[] = []): RoomSourceChat[] {
  const chats = store.listChats()
  for (const id of mustInclude) {
    const chat = chats.find((c) => c.id === id)
    if (!chat) {
      throw new UserError('CHAT_NOT_FOUND', t('errors.store.noChat', {id}), {suggestions: [t('errors.store.noChatFix')]})
    }
    if (chat.kind !== 'group') {
      throw new UserError('ROOM_NOT_A_GROUP', t('errors.rooms.oneToOne', {id, title: chat.title}), {suggestions: [t('errors.rooms.oneToOneFix')]})
    }
  }
  return chats.filter((c) => c.kind === 'group').map((c) => ({chatId: c.id, title: c.title, description: null, members: membersOf(store, c.id)}))
}

/**
 * Plans the rooms of every group chat. Sends only disco#info (and owner-list) lookups for
 * candidate addresses the store does not know, in parallel.
 * Fails with the store's UserErrors and connection errors.
 */
export async function planWorkspaceRooms(store: Store, repo: RoomRepository, session: XmppSession, request: PlanRequest): Promise<PlannedRooms> {
  const ownJid = (session.boundJid ?? '').split('/')[0]!.toLowerCase()
  const chats = groupChats(store, request.membersOf, request.publicChats)
  const stored = repo.rooms()
  const states = storedStates(stored)
  const addresses = new Map<string, AddressState>()
  for (let round = 0; round < 100; round++) {
    const outcome = planRooms({mucService: request.mucService, ownJid, chats, stored: states, addresses, publicChats: new Set(request.publicChats), withPassword: request.withPassword})
    if (outcome.kind === 'plan') return {plan: outcome.plan, stored}
    const probed = await Promise.all(outcome.addresses.map(async (a) => [a, await probeRoomOwnership(session, a, ownJid)] as const))
    for (const [address, state] of probed) addresses.set(address, state)
  }
  throw new UserError('ROOM_NO_ADDRESS', t('errors.rooms.noAddress'), {suggestions: [t('errors.rooms.noAddressFix')]})
}
