import {spawn} from 'node:child_process'
import {join} from 'node:path'

import {describe, expect, it, vi} from 'vitest'

import {createRoomsForWorkspace, planRoomsForWorkspace, type CreateRequest} from '../../src/rooms/workspace-rooms.js'
import type {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {listBookmarks} from '../../src/xmpp/bookmarks.js'
import {affiliationList, parseInvite, roomInfo, type ReceivedInvite} from '../../src/xmpp/muc.js'
import {xml} from '../../src/xmpp/xml.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// A real crash: `rooms create` in a child process killed with SIGKILL right after a given step
// was committed (its XMPP stream dropped without a goodbye), then resumed.

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

const PASSWORD = 'rooms-kill-pw'
const server = useTestServer({registration: 'open'})

/** Runs the child until it reports step `stopAfter`, then SIGKILLs it; resolves with its output. */
async function runAndKill(s: TestServer, workspace: Workspace, jid: string, stopAfter: number | string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../rooms/rooms-kill-child.ts'), workspace.dir, jid, s.host, String(s.port), s.caFile, String(stopAfter)], {
    env: {...process.env, ROOMS_TEST_PASSWORD: PASSWORD},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8')
    if (typeof stopAfter === 'number' ? out.includes(`step ${stopAfter} `) : new RegExp(`^step \\d+ \\d+ ${stopAfter} `, 'm').test(out)) child.kill('SIGKILL')
  })
  const end = await exited
  expect(end, `child ended without being killed:\n${out}\n${err}`).toBe('SIGKILL')
  return out
}

async function invitesOf(s: TestServer, jid: string, expected: number): Promise<ReceivedInvite[]> {
  const session = await loginAccount(settingsFor(s, jid.split('@')[0]!), PASSWORD)
  const invites: ReceivedInvite[] = []
  session.onStanza((stanza) => {
    const invite = parseInvite(stanza)
    if (invite) invites.push(invite)
  })
  try {
    await session.send(xml('presence'))
    const deadline = Date.now() + 20_000
    while (invites.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
    await session.iq(xml('iq', {type: 'get', to: s.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
    return invites
  } finally {
    await session.close()
  }
}

describe('rooms create killed with SIGKILL', () => {
  it('resumes after kills at two points and ends complete, without duplicates', async () => {
    const s = server()
    const j: Record<string, string> = {}
    for (const name of ['marie', 'paul', 'lea', 'zoe']) {
      const user = uniqueName(name)
      await s.createAccount(user, PASSWORD)
      j[name] = `${user}@${s.domain}`
    }
    const tag = uniqueName('x')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, [
      {title: `Famille ${tag}`, people: [{name: 'Paul', jid: j.paul!}, {name: 'Léa', jid: j.lea!}, {name: 'Zoé', jid: j.zoe!}]},
      {title: `Amis ${tag}`, people: [{name: 'Paul', jid: j.paul!}, {name: 'Léa', jid: j.lea!}]},
    ])
    // Killed right after the first room was created (before it was configured), then right
    // after the first batch of invitations was recorded.
    const firstOut = await runAndKill(s, workspace, j.marie!, 1)
    expect(firstOut).toMatch(/step 1 \d+ created/)
    const secondOut = await runAndKill(s, workspace, j.marie!, 'invited')
    expect(secondOut).toMatch(/^step \d+ \d+ invited /m)

    const request: CreateRequest = {
      publicChats: [],
      chatIds: [],
      dryRun: false,
      roomPassword: null,
      connection: {},
      connect: () => loginAccount(settingsFor(s, j.marie!.split('@')[0]!), PASSWORD),
    }
    const resumed = await createRoomsForWorkspace(workspace, request)
    expect(resumed.rooms.map((r) => [r.status, r.error?.message])).toEqual([
      ['done', undefined],
      ['done', undefined],
    ])
    const plan = await planRoomsForWorkspace(workspace, request)
    expect(plan.rooms.map((r) => r.action)).toEqual(['unchanged', 'unchanged'])

    const owner = await loginAccount(settingsFor(s, j.marie!.split('@')[0]!), PASSWORD)
    try {
      for (const room of plan.rooms) {
        const info = await roomInfo(owner, room.address)
        expect(info?.features).toEqual(expect.arrayContaining(['muc_persistent', 'muc_membersonly', 'muc_nonanonymous', 'muc_hidden']))
        expect((await affiliationList(owner, room.address, 'member')).sort()).toEqual(room.members.map((m) => m.jid).sort())
      }
      expect((await listBookmarks(owner)).map((b) => b.room).sort()).toEqual(plan.rooms.map((r) => r.address).sort())
    } finally {
      await owner.close()
    }
    const lea = await invitesOf(s, j.lea!, 4)
    expect(lea.map((i) => `${i.kind} ${i.room}`).sort()).toEqual(plan.rooms.flatMap((r) => [`direct ${r.address}`, `mediated ${r.address}`]).sort())
  })
})
