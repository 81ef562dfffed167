import {candidateAddress, roomLocalPart} from './room-slug.js'
import type {AddressState, PendingParticipant, PlannedMember, RoomConfigWish, RoomPlan, RoomSourceChat, RoomsPlan, StoredRoomState} from './types.js'

/** Inputs of {@link planRooms}. */
export interface PlanInput {
  /** The MUC service (discovered, or `--muc-service`). */
  mucService: string
  /** The person's own bare JID (never a member: the owner). */
  ownJid: string
  /** The group chats, any order. */
  chats: RoomSourceChat[]
  /** What the store remembers, by chat id. */
  stored: ReadonlyMap<number, StoredRoomState>
  /** Known states of addresses on the service (lowercase); an address missing here is unknown. */
  addresses: ReadonlyMap<string, AddressState>
  /** Chat ids to make public rooms (`--public`). */
  publicChats: ReadonlySet<number>
  /** true when a password will be set on public rooms. */
  withPassword?: boolean
}

/** Result of {@link planRooms}: a plan, or the addresses to look up first. */
export type PlanOutcome =
  | {kind: 'plan'; plan: RoomsPlan}
  /** Probe these addresses (disco#info, owner list), add them to `addresses`, plan again. */
  | {kind: 'probe'; addresses: string[]}

/** How many candidate addresses to ask about at once for one chat. */
const PROBE_BATCH = 3

/**
 * The configuration signature stored once a configuration is applied: a rerun reconfigures
 * only when it changes. The password itself is never part of it (the store holds no secret).
 */
export function configSignature(wish: RoomConfigWish): string {
  return JSON.stringify({name: wish.name, description: wish.description, public: wish.public, password: wish.password !== null})
}

/**
 * Plans the rooms of group chats (pure). Addresses: a chat keeps the address stored for it
 * (the plan is stable across runs) unless it was never created and someone else took it
 * meanwhile; a new chat gets the first of `base`, `base-2`, `base-3`, … that no other planned
 * room uses and that is free or already ours (ours: adopted and reconciled). When a needed
 * address's state is unknown, returns `probe` with the addresses to look up.
 */
export function planRooms(input: PlanInput): PlanOutcome {
  const service = input.mucService.toLowerCase()
  const own = bareLower(input.ownJid)
  const chats = [...input.chats].sort((a, b) => a.chatId - b.chatId)
  const taken = new Set<string>()
  const chosen = new Map<number, {address: string; adopted: boolean; newAddress: boolean}>()
  const unknown = new Set<string>()

  // Rooms the store knows keep their address: reserve them first so no new chat takes them.
  for (const chat of chats) {
    const stored = input.stored.get(chat.chatId)
    if (!stored) continue
    const address = stored.address.toLowerCase()
    if (stored.created) {
      chosen.set(chat.chatId, {address, adopted: false, newAddress: false})
      taken.add(address)
      continue
    }
    const state = input.addresses.get(address)
    if (state === undefined) unknown.add(address)
    else if (state !== 'other') {
      chosen.set(chat.chatId, {address, adopted: state === 'mine', newAddress: false})
      taken.add(address)
    }
  }
  if (unknown.size > 0) return {kind: 'probe', addresses: [...unknown].sort()}

  for (const chat of chats) {
    if (chosen.has(chat.chatId)) continue
    const base = roomLocalPart(chat.title, chat.chatId)
    for (let n = 1; ; n++) {
      const address = candidateAddress(base, n, service)
      if (taken.has(address)) continue
      const state = input.addresses.get(address)
      if (state === undefined) {
        // Ask about a few candidates at once: a busy name usually has `-2` busy too.
        for (let k = n; k < n + PROBE_BATCH; k++) {
          const next = candidateAddress(base, k, service)
          if (!taken.has(next) && !input.addresses.has(next)) unknown.add(next)
        }
        break
      }
      if (state === 'other') continue
      chosen.set(chat.chatId, {address, adopted: state === 'mine', newAddress: true})
      taken.add(address)
      break
    }
  }
  if (unknown.size > 0) return {kind: 'probe', addresses: [...unknown].sort()}

  const rooms: RoomPlan[] = chats.map((chat) => {
    const choice = chosen.get(chat.chatId)
    if (!choice) throw new Error(`planRooms: no address for chat ${chat.chatId}`) // i18n-ignore: a bug (every chat is given an address above)
    return planRoom(chat, choice, input, own)
  })
  return {kind: 'plan', plan: {mucService: service, rooms}}
}

function planRoom(chat: RoomSourceChat, choice: {address: string; adopted: boolean; newAddress: boolean}, input: PlanInput, own: string): RoomPlan {
  const members: PlannedMember[] = []
  const pending: PendingParticipant[] = []
  const seen = new Set<string>([own])
  for (const m of chat.members) {
    if (m.isMe) continue
    if (m.jid === null || m.jid.trim() === '') {
      pending.push({contactId: m.contactId, name: m.name, phone: m.phone})
      continue
    }
    const jid = bareLower(m.jid)
    if (seen.has(jid)) continue
    seen.add(jid)
    members.push({contactId: m.contactId, name: m.name, jid, language: m.language, ...(m.tone ? {tone: m.tone} : {})})
  }
  members.sort((a, b) => (a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0))
  const isPublic = input.publicChats.has(chat.chatId)
  const description = chat.description ?? ''
  const signature = configSignature({name: chat.title, description, public: isPublic, password: isPublic && input.withPassword ? '' : null})
  const stored = input.stored.get(chat.chatId)
  const base = {chatId: chat.chatId, address: choice.address, name: chat.title, description, public: isPublic, members, pending, newAddress: choice.newAddress}
  if (!stored?.created && !choice.adopted) {
    return {...base, action: 'create', changes: ['create', 'configure', ...members.map((m) => `member ${m.jid}`), ...members.map((m) => `invite ${m.jid}`), 'bookmark']}
  }
  const known = stored?.created ? stored : undefined
  const changes: string[] = []
  if (known?.configSignature !== signature) changes.push('configure')
  for (const m of members) if (!known?.affiliated.has(m.jid)) changes.push(`member ${m.jid}`)
  for (const m of members) if (!known?.invited.has(m.jid)) changes.push(`invite ${m.jid}`)
  if (!known?.bookmarked) changes.push('bookmark')
  return {...base, action: changes.length === 0 ? 'unchanged' : 'update', changes}
}

/** A JID without resource, lowercase (the comparisons here are on bare JIDs). */
export function bareLower(jid: string): string {
  return (jid.split('/')[0] ?? jid).trim().toLowerCase()
}
