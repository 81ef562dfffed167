import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {loginAccount} from '../../src/xmpp/account.js'
import {listBookmarks} from '../../src/xmpp/bookmarks.js'
import {affiliationList, roomInfo} from '../../src/xmpp/muc.js'
import {getRoster} from '../../src/xmpp/roster.js'
import {EXAMPLES, runCli, tempRoot} from '../migrate/helpers.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {familyConfig, type FamilyConfig} from './helpers/family.js'

// The whole non-interactive migration of the bundled example (`migrate --yes --config`) against
// the real server of this run, checked by reading the server back; then a rerun that must
// change nothing.

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

const PASSWORD = 'migrate-test-pw'
const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-e2e-'))
})
afterEach(() => cleanup())

/** Papa and Karim already use XMPP; the config answers everything (see familyConfig). */
async function setUp(s: TestServer): Promise<FamilyConfig> {
  return familyConfig(s, dir, PASSWORD)
}

interface ServerState {
  rooms: {address: string; exists: boolean; name: string | undefined; members: string[]; owners: string[]}[]
  bookmarks: string[]
  roster: string[]
}

/** What the server holds for Claire, read back as her. */
async function readServer(s: TestServer, ws: string, addresses: string[]): Promise<ServerState> {
  const stored = JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {jid: string; password: string}
  const session = await loginAccount({jid: stored.jid, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, stored.password)
  try {
    const rooms = []
    for (const address of addresses) {
      const info = await roomInfo(session, address)
      rooms.push({
        address,
        exists: info !== null,
        name: info?.identities.find((i) => i.category === 'conference')?.name,
        members: info === null ? [] : (await affiliationList(session, address, 'member')).sort(),
        owners: info === null ? [] : (await affiliationList(session, address, 'owner')).sort(),
      })
    }
    const bookmarks = (await listBookmarks(session)).map((b) => b.room).sort()
    const roster = (await getRoster(session)).map((i) => i.jid).sort()
    return {rooms, bookmarks, roster}
  } finally {
    await session.close()
  }
}

describe('migrate --yes --config against the real server', () => {
  it('moves the bundled example: account, rooms with their members, history; a rerun changes nothing', async () => {
    const s = server()
    const {config, claire, papa, karim, ws} = await setUp(s)
    const args = ['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws, '--json']
    const first = await runCli(args)
    expect(first.code, first.stderr + first.stdout).toBe(0)
    const result = JSON.parse(first.stdout) as {steps: {step: string; state: string}[]; status: Record<string, unknown>; plan: {rooms: {rooms: {address: string}[]}}}
    expect(result.steps.map((st) => [st.step, st.state])).toEqual([
      ['import', 'done'],
      // Detected in the exports of this very run: done now, not "already done" (issue 16).
      ['me', 'done'],
      ['account', 'done'],
      ['contacts', 'done'],
      ['rooms', 'done'],
      ['invitations', 'done'],
      ['arrivals', 'planned'],
      ['history', 'done'],
    ])
    // The password is generated, stored 0600, and never printed.
    const credentials = join(ws, 'credentials.json')
    expect(statSync(credentials).mode & 0o777).toBe(0o600)
    const password = (JSON.parse(readFileSync(credentials, 'utf8')) as {password: string}).password
    expect(first.stdout + first.stderr).not.toContain(password)

    const addresses = result.plan.rooms.rooms.map((r) => r.address)
    expect(addresses).toEqual([`famille-dupont@${s.mucDomain}`, `les-amis-du-jeudi@${s.mucDomain}`])
    const state = await readServer(s, ws, addresses)
    expect(state.rooms).toEqual([
      {address: addresses[0], exists: true, name: 'Famille Dupont 🏡', members: [papa.toLowerCase()], owners: [claire.toLowerCase()]},
      {address: addresses[1], exists: true, name: 'Les amis du jeudi 🍷', members: [karim.toLowerCase()], owners: [claire.toLowerCase()]},
    ])
    expect(state.bookmarks).toEqual(addresses)
    // The people with an address are in Claire's contacts, once each.
    expect(state.roster).toEqual([karim, papa].map((j) => j.toLowerCase()).sort())

    const status = JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as Record<string, unknown>
    expect(status).toMatchObject({
      account: claire.toLowerCase(),
      contacts: {total: 7, me: 'Claire', withJid: 2, toInvite: 3, skipped: 1, undecided: 0},
      rooms: {planned: 2, created: 2, reconciled: 2},
      invitations: {roomInvitations: 2, kitDir: join(ws, 'invitations')},
      // Issue 20: not done while the three people invited have not arrived.
      arrivals: {seated: 0, waiting: ['Mamie Jeanne', '+33 6 39 98 45 67', 'Maman'], unidentified: []},
      next: 'arrivals',
    })
    expect(existsSync(join(dir, 'archive', 'index.html'))).toBe(true)
    expect(existsSync(join(ws, 'invitations', 'index.html'))).toBe(true)
    // The kit names where each person's message is; the links (secret tokens) are not printed.
    expect(first.stdout).not.toMatch(/preauth=/)

    // Rerun: everything shown as done, nothing duplicated on the server.
    const second = await runCli(args)
    expect(second.code, second.stderr + second.stdout).toBe(0)
    const again = JSON.parse(second.stdout) as {steps: {step: string; state: string}[]}
    expect(again.steps.map((st) => [st.step, st.state])).toEqual([
      ['import', 'already-done'],
      ['me', 'already-done'],
      ['account', 'already-done'],
      ['contacts', 'already-done'],
      ['rooms', 'already-done'],
      ['invitations', 'already-done'],
      ['arrivals', 'planned'],
      ['history', 'already-done'],
    ])
    expect(await readServer(s, ws, addresses)).toEqual(state)
    // The same, but for when the exports were last (re)imported: the rerun imported them again, adding nothing.
    const withoutTimes = (st: Record<string, unknown>) => ({...st, sources: (st.sources as {importedAt: string}[]).map(({importedAt: _, ...rest}) => rest)})
    expect(withoutTimes(JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as Record<string, unknown>)).toEqual(withoutTimes(status))
  })

  it('an account registered by a run killed before saving it is logged into, not registered again', async () => {
    const s = server()
    const {config, claire, ws} = await setUp(s)
    // What a kill between the registration and the saved credentials leaves: the account on the
    // server, its password in the pending file (0600), no credentials.json.
    await s.createAccount(claire.split('@')[0]!, 'pending-pw')
    mkdirSync(ws, {recursive: true, mode: 0o700})
    writeFileSync(join(ws, 'account-pending.json'), JSON.stringify({jid: claire, password: 'pending-pw'}), {mode: 0o600})
    const run = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws, '--json'])
    expect(run.code, run.stderr + run.stdout).toBe(0)
    expect((JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {password: string}).password).toBe('pending-pw')
    expect(existsSync(join(ws, 'account-pending.json'))).toBe(false)
  })
})
