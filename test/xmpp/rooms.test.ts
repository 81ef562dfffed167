import {describe, expect, it, vi} from 'vitest'

import {createRoomsForWorkspace, planRoomsForWorkspace, type CreateRequest} from '../../src/rooms/workspace-rooms.js'
import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import type {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {listBookmarks} from '../../src/xmpp/bookmarks.js'
import {fillRoomConfig} from '../../src/xmpp/muc-config.js'
import {affiliationList, enterRoom, parseInvite, roomConfigForm, roomInfo, submitRoomConfig, type ReceivedInvite} from '../../src/xmpp/muc.js'
import {xml} from '../../src/xmpp/xml.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {workspaceWithGroups, type GroupFixture} from '../rooms/helpers.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// Rooms against the real server of this run (Prosody, or ejabberd with XMPP_TEST_SERVER=ejabberd):
// created, read back as the owner and as the members, rerun, interrupted and rerun.

vi.setConfig({testTimeout: 120_000, hookTimeout: 120_000})

const PASSWORD = 'rooms-test-pw'
const server = useTestServer({registration: 'open'})

/** A fresh set of accounts per test (the server lives for the whole file). */
async function people(s: TestServer, names: string[]): Promise<Record<string, string>> {
  const jids: Record<string, string> = {}
  for (const name of names) {
    const user = uniqueName(name)
    await s.createAccount(user, PASSWORD)
    jids[name] = `${user}@${s.domain}`
  }
  return jids
}

async function login(s: TestServer, jid: string): Promise<XmppSession> {
  return loginAccount(settingsFor(s, jid.split('@')[0]!), PASSWORD)
}

function request(s: TestServer, ownerJid: string, extra: Partial<CreateRequest> = {}): CreateRequest {
  return {publicChats: [], chatIds: [], dryRun: false, roomPassword: null, connection: {}, connect: () => login(s, ownerJid), ...extra}
}

/**
 * Logs in as `jid`, sends initial presence (offline messages come after it, RFC 6121 §4.2) and
 * collects the invitations received until `expected` arrived, then one more round trip so that
 * duplicates would have arrived too.
 */
async function receivedInvites(s: TestServer, jid: string, expected: number): Promise<ReceivedInvite[]> {
  const session = await login(s, jid)
  const invites: ReceivedInvite[] = []
  let wake: () => void = () => {}
  session.onStanza((stanza) => {
    const invite = parseInvite(stanza)
    if (invite) {
      invites.push(invite)
      wake()
    }
  })
  try {
    await session.send(xml('presence'))
    const deadline = Date.now() + 20_000
    while (invites.length < expected && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 250)
      })
    }
    await session.iq(xml('iq', {type: 'get', to: s.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
    return invites
  } finally {
    await session.close()
  }
}

/** What the server shows of a room, read as its owner. */
async function readBack(owner: XmppSession, room: string): Promise<{features: string[]; name: string | undefined; members: string[]}> {
  const info = await roomInfo(owner, room)
  if (info === null) throw new Error(`${room} does not exist`)
  const members = (await affiliationList(owner, room, 'member')).sort()
  return {features: info.features, name: info.identities.find((i) => i.category === 'conference')?.name, members}
}

function storedSteps(workspace: Workspace): unknown {
  const store = Store.open(workspace.storePath)
  const repo = RoomRepository.open(store)
  try {
    return [...repo.rooms().values()].map((r) => ({chatId: r.chatId, address: r.address, steps: Object.fromEntries([...r.steps].map(([k, v]) => [k, [...v].sort()]))}))
  } finally {
    repo.close()
    store.close()
  }
}

function groupsFor(tag: string, j: Record<string, string>): GroupFixture[] {
  return [
    {
      title: `Famille ${tag} 🏡`,
      people: [
        {name: 'Paul', jid: j.paul!},
        {name: 'Léa', jid: j.lea!, language: 'fr'},
        {name: 'Zoé', jid: j.zoe!, language: 'en'},
      ],
    },
    {
      title: `Amis ${tag}`,
      people: [
        {name: 'Paul', jid: j.paul!},
        {name: 'Léa', jid: j.lea!, language: 'fr'},
        {name: 'Tom', jid: null},
      ],
    },
  ]
}

describe('rooms create', () => {
  it('creates private rooms with every member, invitations and bookmarks; a rerun changes nothing', async () => {
    const s = server()
    const j = await people(s, ['marie', 'paul', 'lea', 'zoe'])
    const tag = uniqueName('t')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, groupsFor(tag, j))

    const plan = await planRoomsForWorkspace(workspace, request(s, j.marie!))
    expect(plan.mucService).toBe(s.mucDomain)
    expect(plan.rooms.map((r) => r.action)).toEqual(['create', 'create'])
    const famille = plan.rooms.find((r) => r.name.startsWith('Famille'))!
    const amis = plan.rooms.find((r) => r.name.startsWith('Amis'))!
    expect(famille.address).toBe(`famille-${tag}@${s.mucDomain}`)
    expect(amis.pending.map((p) => p.name)).toEqual(['Tom'])

    const events: string[] = []
    const first = await createRoomsForWorkspace(workspace, request(s, j.marie!, {onProgress: (e) => events.push(`${e.address} ${e.phase}`)}))
    expect(first.rooms.map((r) => [r.status, r.error?.message])).toEqual([
      ['done', undefined],
      ['done', undefined],
    ])
    expect(first.summary).toEqual({created: 2, updated: 0, unchanged: 0, failed: 0})
    expect(events).toContain(`${famille.address} done`)

    const owner = await login(s, j.marie!)
    let before: unknown
    try {
      const roomF = await readBack(owner, famille.address)
      expect(roomF.features).toEqual(expect.arrayContaining(['muc_persistent', 'muc_membersonly', 'muc_nonanonymous', 'muc_hidden']))
      expect(roomF.name).toBe(famille.name)
      expect(roomF.members).toEqual([j.lea!, j.paul!, j.zoe!].map((x) => x.toLowerCase()).sort())
      const roomA = await readBack(owner, amis.address)
      expect(roomA.members).toEqual([j.lea!, j.paul!].map((x) => x.toLowerCase()).sort())
      const bookmarks = await listBookmarks(owner)
      expect(bookmarks.map((b) => b.room).sort()).toEqual([amis.address, famille.address].sort())
      expect(bookmarks.find((b) => b.room === famille.address)).toMatchObject({name: famille.name, autojoin: true})
      before = {f: roomF, a: roomA, b: bookmarks}
    } finally {
      await owner.close()
    }

    // Paul reads his invitations: both rooms, both kinds, naming the group.
    const paulInvites = await receivedInvites(s, j.paul!, 4)
    expect(paulInvites.map((i) => `${i.kind} ${i.room}`).sort()).toEqual([`direct ${amis.address}`, `direct ${famille.address}`, `mediated ${amis.address}`, `mediated ${famille.address}`].sort())
    expect(paulInvites.every((i) => i.reason.includes('Marie'))).toBe(true)

    // A rerun: nothing to do, nothing sent, the same server state and store.
    const stepsBefore = storedSteps(workspace)
    const again = await createRoomsForWorkspace(workspace, request(s, j.marie!))
    expect(again.summary).toEqual({created: 0, updated: 0, unchanged: 2, failed: 0})
    expect(again.rooms.every((r) => r.done.length === 0)).toBe(true)
    expect(storedSteps(workspace)).toEqual(stepsBefore)
    const owner2 = await login(s, j.marie!)
    try {
      const after = {f: await readBack(owner2, famille.address), a: await readBack(owner2, amis.address), b: await listBookmarks(owner2)}
      expect(after).toEqual(before)
    } finally {
      await owner2.close()
    }
    // Léa logs in only now: exactly one invitation of each kind per room, in French.
    const leaInvites = await receivedInvites(s, j.lea!, 4)
    expect(leaInvites.map((i) => `${i.kind} ${i.room}`).sort()).toEqual([`direct ${amis.address}`, `direct ${famille.address}`, `mediated ${amis.address}`, `mediated ${famille.address}`].sort())
    expect(leaInvites.find((i) => i.kind === 'direct' && i.room === famille.address)?.reason).toContain(`«\u202F${famille.name}\u202F»`)
    const zoeInvites = await receivedInvites(s, j.zoe!, 2)
    expect(zoeInvites.find((i) => i.kind === 'direct')?.reason).toContain(`"${famille.name}"`)
  })

  it('a run stopped after a few steps, then rerun, ends as an uninterrupted run: no duplicate member, bookmark or invitation', async () => {
    const s = server()
    const j = await people(s, ['marie', 'paul', 'lea', 'zoe'])
    const tag = uniqueName('k')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, groupsFor(tag, j))
    // Stop right after the first invitations are recorded, and every room at its next step, as
    // a crash would.
    let crashing = false
    const crashed = await createRoomsForWorkspace(
      workspace,
      request(s, j.marie!, {
        afterStep: (_chat, step) => {
          if (crashing || step === 'invited') {
            crashing = true
            throw new Error('simulated crash')
          }
        },
      }),
    )
    expect(crashed.rooms.some((r) => r.status === 'failed')).toBe(true)
    const invitedSoFar = (storedSteps(workspace) as {steps: Record<string, string[]>}[]).flatMap((r) => r.steps.invited ?? [])
    // The first batch of invitations got through and was recorded, the rest not yet.
    expect(invitedSoFar.length).toBeGreaterThanOrEqual(1)
    expect(invitedSoFar).toContain(j.lea!.toLowerCase())
    const middle = await planRoomsForWorkspace(workspace, request(s, j.marie!))
    expect(middle.rooms.some((r) => r.action === 'update')).toBe(true)
    // Addresses are stable across the interruption.
    expect(middle.rooms.map((r) => r.address).sort()).toEqual(crashed.rooms.map((r) => r.address).sort())

    const resumed = await createRoomsForWorkspace(workspace, request(s, j.marie!))
    expect(resumed.rooms.map((r) => r.status)).toEqual(['done', 'done'])
    const final = await planRoomsForWorkspace(workspace, request(s, j.marie!))
    expect(final.rooms.map((r) => r.action)).toEqual(['unchanged', 'unchanged'])

    const owner = await login(s, j.marie!)
    try {
      for (const room of final.rooms) {
        const state = await readBack(owner, room.address)
        expect(state.features).toEqual(expect.arrayContaining(['muc_persistent', 'muc_membersonly', 'muc_nonanonymous', 'muc_hidden']))
        expect(state.members).toEqual(room.members.map((m) => m.jid).sort())
      }
      const bookmarks = await listBookmarks(owner)
      expect(bookmarks.map((b) => b.room).sort()).toEqual(final.rooms.map((r) => r.address).sort())
    } finally {
      await owner.close()
    }
    const leaInvites = await receivedInvites(s, j.lea!, 4)
    expect(leaInvites.map((i) => `${i.kind} ${i.room}`).sort()).toEqual(final.rooms.flatMap((r) => [`direct ${r.address}`, `mediated ${r.address}`]).sort())
  })

  it('never touches a room someone else owns: the plan picks the next address', async () => {
    const s = server()
    const j = await people(s, ['marie', 'paul', 'intrus'])
    const tag = uniqueName('o')
    const squatted = `famille-${tag}@${s.mucDomain}`
    const intruder = await login(s, j.intrus!)
    try {
      const entry = await enterRoom(intruder, squatted, 'intrus')
      expect(entry.created).toBe(true)
      // Make it a real, persistent room of the intruder (instant room, XEP-0045 §10.1.2, then persistent).
      await intruder.iq(xml('iq', {type: 'set', to: squatted}, xml('query', {xmlns: 'http://jabber.org/protocol/muc#owner'}, xml('x', {xmlns: 'jabber:x:data', type: 'submit'}))))
      const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, [{title: `Famille ${tag}`, people: [{name: 'Paul', jid: j.paul!}]}])
      const result = await createRoomsForWorkspace(workspace, request(s, j.marie!))
      expect(result.rooms[0]).toMatchObject({address: `famille-${tag}-2@${s.mucDomain}`, status: 'done'})
      // The intruder's room still has its owner and no member was added there.
      expect(await affiliationList(intruder, squatted, 'member')).toEqual([])
    } finally {
      await intruder.close()
    }
  })

  it('a room the server refuses fails with a message naming it; the other rooms go on', async () => {
    const s = server()
    const j = await people(s, ['marie', 'paul', 'intrus'])
    const tag = uniqueName('r')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, [
      {title: `Voisins ${tag}`, people: [{name: 'Paul', jid: j.paul!}]},
      {title: `Sport ${tag}`, people: [{name: 'Paul', jid: j.paul!}]},
    ])
    const plan = await planRoomsForWorkspace(workspace, request(s, j.marie!))
    const voisins = plan.rooms.find((r) => r.name.startsWith('Voisins'))!
    // Someone else takes Voisins' address as a members-only room after it was recorded as ours
    // (a store copied from elsewhere, a room lost and re-registered): entering it is refused.
    const intruder = await login(s, j.intrus!)
    try {
      await enterRoom(intruder, voisins.address, 'intrus')
      const form = fillRoomConfig(await roomConfigForm(intruder, voisins.address), {name: 'Not yours', description: '', public: false, password: null})
      await submitRoomConfig(intruder, voisins.address, form.values)
      const store = Store.open(workspace.storePath)
      const repo = RoomRepository.open(store)
      try {
        repo.reserve(voisins.chatId, voisins.address, voisins.name, false)
        repo.recordStep(voisins.chatId, 'created')
      } finally {
        repo.close()
        store.close()
      }
      const result = await createRoomsForWorkspace(workspace, request(s, j.marie!))
      const failed = result.rooms.find((r) => r.chatId === voisins.chatId)!
      expect(failed.status).toBe('failed')
      expect(failed.error?.code).toBe('ROOM_NOT_OURS')
      expect(failed.error?.message).toContain(voisins.address)
      expect(failed.error?.suggestions.length).toBeGreaterThan(0)
      expect(result.rooms.find((r) => r.chatId !== voisins.chatId)).toMatchObject({status: 'done'})
      expect(result.summary).toMatchObject({failed: 1, created: 1})
      // Nothing was changed in the intruder's room.
      expect(await affiliationList(intruder, voisins.address, 'member')).toEqual([])
      // As the message says: the next run picks another address for the group.
      const rerun = await createRoomsForWorkspace(workspace, request(s, j.marie!))
      expect(rerun.rooms.find((r) => r.chatId === voisins.chatId)).toMatchObject({address: `voisins-${tag}-2@${s.mucDomain}`, status: 'done'})
      expect(rerun.summary).toMatchObject({failed: 0, unchanged: 1})
    } finally {
      await intruder.close()
    }
  })

  it('makes --public chats open, listed, semi-anonymous rooms', async () => {
    const s = server()
    const j = await people(s, ['marie', 'paul'])
    const tag = uniqueName('p')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, [{title: `Club photo ${tag}`, people: [{name: 'Paul', jid: j.paul!}]}])
    const plan = await planRoomsForWorkspace(workspace, request(s, j.marie!))
    const chatId = plan.rooms[0]!.chatId
    const result = await createRoomsForWorkspace(workspace, request(s, j.marie!, {publicChats: [chatId]}))
    expect(result.rooms[0]).toMatchObject({status: 'done', public: true})
    const owner = await login(s, j.marie!)
    try {
      const info = await roomInfo(owner, result.rooms[0]!.address)
      expect(info?.features).toEqual(expect.arrayContaining(['muc_persistent', 'muc_open', 'muc_public', 'muc_semianonymous']))
    } finally {
      await owner.close()
    }
  })
})
