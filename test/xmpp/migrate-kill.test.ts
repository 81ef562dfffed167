import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {listBookmarks} from '../../src/xmpp/bookmarks.js'
import {affiliationList, roomInfo} from '../../src/xmpp/muc.js'
import {getRoster} from '../../src/xmpp/roster.js'
import {EXAMPLES, ROOT, runCli, tempRoot} from '../migrate/helpers.js'
import {startTestServer, type TestServer} from '../server/index.js'

// Kill-and-rerun (issue 9): the migration is SIGKILLed at several points, run again, and its end
// state (store and server, read back) must be the one of an uninterrupted run, with no duplicate
// room, member, bookmark or recorded step. Each case has its own server, so that room addresses
// are comparable (a second run on the same server would see the first run's rooms as others').

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

let dir: string
let cleanup: () => void
let server: TestServer | undefined
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-kill-'))
})
afterEach(async () => {
  await server?.stop()
  server = undefined
  cleanup()
})

async function setUp(): Promise<{s: TestServer; config: string; ws: string; papa: string; karim: string; claire: string}> {
  const s = await startTestServer({registration: 'open', accounts: [{username: 'papa', password: 'pw'}, {username: 'karim', password: 'pw'}]})
  server = s
  const papa = `papa@${s.domain}`
  const karim = `karim@${s.domain}`
  const claire = `claire@${s.domain}`
  const config = join(dir, 'migrate.json')
  writeFileSync(
    config,
    JSON.stringify({account: {jid: claire, action: 'create', host: s.host, port: s.port, ca: s.caFile}, contacts: {Papa: papa, Karim: karim}, otherContacts: 'invite', history: 'none'}),
  )
  return {s, config, ws: join(dir, 'ws'), papa, karim, claire}
}

/** Runs the child that kills itself at `point`; resolves once it died of SIGKILL. */
async function runKilled(ws: string, config: string, point: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/migrate/migrate-kill-child.ts'), ws, config, point], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')))
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, sig) => done(sig)))
  expect(signal, out).toBe('SIGKILL')
  expect(out).toContain(`killed at ${point}`)
  return out
}

/** The end state: the store's rooms and steps, the contacts' counts, the server's rooms, members, owners, bookmarks. */
async function endState(s: TestServer, ws: string): Promise<unknown> {
  const store = Store.open(join(ws, 'store.sqlite'))
  let rooms: {chatId: number; address: string; steps: Record<string, string[]>}[]
  try {
    const repo = RoomRepository.open(store)
    try {
      rooms = [...repo.rooms().values()].map((r) => ({chatId: r.chatId, address: r.address, steps: Object.fromEntries([...r.steps].map(([k, v]) => [k, [...v].sort()]))}))
    } finally {
      repo.close()
    }
  } finally {
    store.close()
  }
  const status = JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as Record<string, unknown>
  const credentials = JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {jid: string; password: string}
  const session = await loginAccount({jid: credentials.jid, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, credentials.password)
  try {
    const onServer = []
    for (const local of ['famille-dupont', 'famille-dupont-2', 'les-amis-du-jeudi', 'les-amis-du-jeudi-2']) {
      const address = `${local}@${s.mucDomain}`
      const info = await roomInfo(session, address)
      onServer.push({address, exists: info !== null, ...(info === null ? {} : {members: await affiliationList(session, address, 'member'), owners: await affiliationList(session, address, 'owner')})})
    }
    const bookmarks = (await listBookmarks(session)).map((b) => b.room).sort()
    const roster = (await getRoster(session)).map((i) => i.jid).sort()
    const invitations = status.invitations as {roomInvitations: number; kitDir: string | null}
    const kitDir = invitations.kitDir === null ? null : relative(ws, invitations.kitDir)
    return {rooms, contacts: status.contacts, roomsStatus: status.rooms, invitations: {...invitations, kitDir}, roster, chats: status.chats, sourcePaths: (status.sources as {path: string}[]).map((x) => x.path), onServer, bookmarks}
  } finally {
    await session.close()
  }
}

describe('migrate killed with SIGKILL, then run again', () => {
  let reference: unknown

  it('an uninterrupted run gives the reference end state', async () => {
    const {s, config, ws, papa, karim, claire} = await setUp()
    const run = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws])
    expect(run.code, run.stderr).toBe(0)
    reference = await endState(s, ws)
    expect(reference).toMatchObject({
      onServer: [
        {address: `famille-dupont@${s.mucDomain}`, exists: true, members: [papa], owners: [claire]},
        {address: `famille-dupont-2@${s.mucDomain}`, exists: false},
        {address: `les-amis-du-jeudi@${s.mucDomain}`, exists: true, members: [karim], owners: [claire]},
        {address: `les-amis-du-jeudi-2@${s.mucDomain}`, exists: false},
      ],
      bookmarks: [`famille-dupont@${s.mucDomain}`, `les-amis-du-jeudi@${s.mucDomain}`],
      roomsStatus: {planned: 2, created: 2, reconciled: 2},
      invitations: {roomInvitations: 2, kitDir: 'invitations'},
      roster: [karim, papa],
    })
  })

  for (const point of ['import', 'room-created', 'members', 'invitations']) {
    it(`killed at ${point}: the rerun ends in the reference state`, async () => {
      expect(reference, 'the reference test runs first').toBeDefined()
      const {s, config, ws} = await setUp()
      await runKilled(ws, config, point)
      // The kill landed where it should: the work before it is kept, the work after it is not done.
      const between = JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as {sources: unknown[]; rooms: {created: number; reconciled: number}}
      if (point === 'import') expect(between.sources).toHaveLength(1)
      else if (point === 'invitations') expect(between.rooms).toMatchObject({created: 2, reconciled: 2})
      else {
        // Rooms are created in parallel: the other room may be as far as this one.
        expect(between.rooms.created).toBeGreaterThanOrEqual(1)
        expect(between.rooms.reconciled).toBe(0)
      }
      const rerun = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws])
      expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0)
      expect(await endState(s, ws)).toEqual(reference)
    })
  }
})
