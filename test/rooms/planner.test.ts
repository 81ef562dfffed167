import {describe, expect, it} from 'vitest'

import {configSignature, planRooms, type PlanInput} from '../../src/rooms/planner.js'
import type {AddressState, ChatMember, RoomSourceChat, RoomsPlan, StoredRoomState} from '../../src/rooms/types.js'

const MUC = 'conference.example.test'
const OWN = 'marie@example.test'

let nextContact = 1
function member(name: string, jid: string | null, extra: Partial<ChatMember> = {}): ChatMember {
  return {contactId: nextContact++, name, jid, language: null, isMe: false, invite: false, phone: null, ...extra}
}

const me = member('Marie', OWN, {isMe: true})
const paul = member('Paul', 'Paul@Example.test')
const lea = member('Léa', 'lea@example.test', {language: 'fr'})
const tom = member('Tom', null, {phone: '+33612345678'})

function chat(chatId: number, title: string, members: ChatMember[] = [me, paul, lea, tom]): RoomSourceChat {
  return {chatId, title, description: null, members}
}

/** Plans like the service does: probing unknown addresses against `server` until done. */
function planAgainst(input: Omit<PlanInput, 'addresses'>, server: ReadonlyMap<string, AddressState>): {plan: RoomsPlan; probes: string[][]} {
  const addresses = new Map<string, AddressState>()
  const probes: string[][] = []
  for (let i = 0; i < 20; i++) {
    const outcome = planRooms({...input, addresses})
    if (outcome.kind === 'plan') return {plan: outcome.plan, probes}
    probes.push(outcome.addresses)
    for (const a of outcome.addresses) addresses.set(a, server.get(a) ?? 'free')
  }
  throw new Error('planning did not converge')
}

const base = {mucService: MUC, ownJid: `${OWN}/phone`, stored: new Map<number, StoredRoomState>(), publicChats: new Set<number>()}

describe('planRooms', () => {
  it('plans one private room per group: address from the title, members with a JID, me excluded, pending without', () => {
    const {plan} = planAgainst({...base, chats: [chat(1, 'Famille 🏡 Dupont')]}, new Map())
    expect(plan.mucService).toBe(MUC)
    expect(plan.rooms).toHaveLength(1)
    const room = plan.rooms[0]!
    expect(room).toMatchObject({chatId: 1, address: `famille-dupont@${MUC}`, name: 'Famille 🏡 Dupont', public: false, action: 'create', newAddress: true})
    expect(room.members.map((m) => m.jid)).toEqual(['lea@example.test', 'paul@example.test'])
    expect(room.members.find((m) => m.jid === 'lea@example.test')?.language).toBe('fr')
    expect(room.pending).toEqual([{contactId: tom.contactId, name: 'Tom', phone: '+33612345678'}])
    expect(room.changes).toContain('configure')
    expect(room.changes).toContain('bookmark')
  })

  it('asks before choosing: unknown addresses are returned to probe, a few candidates at once', () => {
    const outcome = planRooms({...base, chats: [chat(1, 'Famille')], addresses: new Map()})
    expect(outcome).toEqual({kind: 'probe', addresses: [`famille-2@${MUC}`, `famille-3@${MUC}`, `famille@${MUC}`]})
  })

  it('resolves collisions between planned rooms and with rooms of others by -2, -3', () => {
    const server = new Map<string, AddressState>([[`famille@${MUC}`, 'other']])
    const {plan} = planAgainst({...base, chats: [chat(2, 'Famille'), chat(1, 'famille!'), chat(3, 'FAMILLE')]}, server)
    expect(plan.rooms.map((r) => [r.chatId, r.address])).toEqual([
      [1, `famille-2@${MUC}`],
      [2, `famille-3@${MUC}`],
      [3, `famille-4@${MUC}`],
    ])
  })

  it('adopts an existing room that is ours (update, not create)', () => {
    const server = new Map<string, AddressState>([[`boulot@${MUC}`, 'mine']])
    const {plan} = planAgainst({...base, chats: [chat(1, 'Boulot')]}, server)
    expect(plan.rooms[0]).toMatchObject({address: `boulot@${MUC}`, action: 'update'})
  })

  it('falls back to group-<id> for titles without letters', () => {
    const {plan} = planAgainst({...base, chats: [chat(9, '🎉🎉')]}, new Map())
    expect(plan.rooms[0]!.address).toBe(`group-9@${MUC}`)
  })

  it('is stable: a created room keeps its stored address even if the title changed, without probing it', () => {
    const stored = new Map<number, StoredRoomState>([
      [1, {chatId: 1, address: `famille@${MUC}`, created: true, configSignature: null, affiliated: new Set(), invited: new Set(), bookmarked: false}],
    ])
    const {plan, probes} = planAgainst({...base, stored, chats: [chat(1, 'Famille Dupont (new title)'), chat(2, 'Famille')]}, new Map())
    expect(plan.rooms[0]).toMatchObject({address: `famille@${MUC}`, newAddress: false, action: 'update'})
    expect(plan.rooms[1]!.address).toBe(`famille-2@${MUC}`)
    expect(probes.flat()).not.toContain(`famille@${MUC}`)
  })

  it('moves a reserved but never created address taken meanwhile by someone else', () => {
    const stored = new Map<number, StoredRoomState>([
      [1, {chatId: 1, address: `famille@${MUC}`, created: false, configSignature: null, affiliated: new Set(), invited: new Set(), bookmarked: false}],
    ])
    const server = new Map<string, AddressState>([[`famille@${MUC}`, 'other']])
    const {plan} = planAgainst({...base, stored, chats: [chat(1, 'Famille')]}, server)
    expect(plan.rooms[0]).toMatchObject({address: `famille-2@${MUC}`, newAddress: true, action: 'create'})
  })

  it('says unchanged when every step is recorded, and lists what is missing otherwise', () => {
    const signature = configSignature({name: 'Famille', description: '', public: false, password: null})
    const done: StoredRoomState = {
      chatId: 1,
      address: `famille@${MUC}`,
      created: true,
      configSignature: signature,
      affiliated: new Set(['paul@example.test', 'lea@example.test']),
      invited: new Set(['paul@example.test', 'lea@example.test']),
      bookmarked: true,
    }
    const unchanged = planAgainst({...base, stored: new Map([[1, done]]), chats: [chat(1, 'Famille')]}, new Map())
    expect(unchanged.plan.rooms[0]).toMatchObject({action: 'unchanged', changes: []})

    const newcomer = member('Zoé', 'zoe@example.test')
    const grown = planAgainst({...base, stored: new Map([[1, done]]), chats: [chat(1, 'Famille', [me, paul, lea, newcomer])]}, new Map())
    expect(grown.plan.rooms[0]).toMatchObject({action: 'update', changes: ['member zoe@example.test', 'invite zoe@example.test']})

    const renamed = planAgainst({...base, stored: new Map([[1, done]]), chats: [chat(1, 'La famille')]}, new Map())
    expect(renamed.plan.rooms[0]).toMatchObject({action: 'update', changes: ['configure'], address: `famille@${MUC}`})
  })

  it('plans public rooms from --public, and a changed kind reconfigures', () => {
    const {plan} = planAgainst({...base, publicChats: new Set([2]), chats: [chat(1, 'Famille'), chat(2, 'Club photo')]}, new Map())
    expect(plan.rooms.map((r) => [r.chatId, r.public])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(configSignature({name: 'a', description: '', public: true, password: null})).not.toBe(configSignature({name: 'a', description: '', public: false, password: null}))
    // The password itself never enters the stored signature.
    expect(configSignature({name: 'a', description: '', public: true, password: 'secret'})).not.toContain('secret')
  })

  it('never makes the owner a member, even when the contact book did not flag them, and merges duplicate JIDs', () => {
    const meUnflagged = member('Marie (other phone)', 'MARIE@example.test')
    const paulAgain = member('Paulo', 'paul@example.test/laptop')
    const {plan} = planAgainst({...base, chats: [chat(1, 'X', [meUnflagged, paul, paulAgain])]}, new Map())
    expect(plan.rooms[0]!.members.map((m) => m.jid)).toEqual(['paul@example.test'])
  })

  it('gives the same plan for the chats in any order', () => {
    const chats = [chat(1, 'Famille'), chat(2, 'Famille'), chat(3, 'Amis')]
    const server = new Map<string, AddressState>([[`amis@${MUC}`, 'other']])
    const a = planAgainst({...base, chats}, server).plan
    const b = planAgainst({...base, chats: [...chats].reverse()}, server).plan
    expect(b).toEqual(a)
  })
})
