import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {loginAccount} from '../../src/xmpp/account.js'
import {affiliationList} from '../../src/xmpp/muc.js'
import {getRoster} from '../../src/xmpp/roster.js'
import {runInvitee} from '../helpers/invitee.js'
import {EXAMPLES, ROOT, runCli, tempRoot} from '../migrate/helpers.js'
import {testServerKind, useTestServer, type TestServer} from '../server/index.js'
import {familyConfig, type FamilyConfig} from './helpers/family.js'
import {uniqueName} from './helpers/settings.js'

// Issue 20, "Everyone arrives": a family where only the organizer has XMPP. After the first
// `migrate`, each relative uses their link the way an app does (played by python3-slixmpp, not
// by the project's code), and the next `migrate` seats them in their rooms: member, invited
// (mediated and direct), both contacts approved. Read back from the server, from both sides.

vi.setConfig({testTimeout: 300_000, hookTimeout: 120_000})

const PASSWORD = 'arrivals-test-pw'
const kind = testServerKind()
// Open registration: a newcomer can create an account in the app. Claire is not an admin, so
// Prosody's contact invitations cannot create accounts (allow_user_invites = false).
const ADMIN = {username: 'orga', password: 'orga-admin-pw'}
const server = useTestServer({registration: 'open', accounts: [{...ADMIN, admin: true}]})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-arrivals-'))
})
afterEach(() => cleanup())

interface Ledger {
  personal: Record<string, {token: string; username: string; server?: string | null}>
}

interface MigrateJson {
  steps: {step: string; state: string; detail: string}[]
  status: {next: string; arrivals: {seated: number; waiting: string[]; unidentified: {jid: string; assign: string}[]}; roomPeople: {name: string; address: string | null; in: string[]; waiting: string[]}[]}
  plan: {rooms: {rooms: {address: string; name: string}[]}}
}

/** The bundled example's family in French, everyone else invited (see familyConfig). */
async function setUp(s: TestServer, extra: Record<string, unknown> = {}): Promise<FamilyConfig> {
  return familyConfig(s, dir, PASSWORD, {lang: 'fr', ...extra})
}

async function migrate(config: string, ws: string, extra: string[] = []): Promise<MigrateJson> {
  const run = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws, '--json', ...extra])
  expect(run.code, run.stderr + run.stdout).toBe(0)
  return JSON.parse(run.stdout) as MigrateJson
}

function ledger(ws: string): Ledger {
  return JSON.parse(readFileSync(join(ws, 'invitations.json'), 'utf8')) as Ledger
}

/** The contact ids of the book by name (from `contacts --json`). */
async function contactIds(ws: string): Promise<Map<string, number>> {
  const run = await runCli(['contacts', '-w', ws, '--json'])
  const parsed = JSON.parse(run.stdout) as {contacts: {id: number; name: string}[]}
  return new Map(parsed.contacts.map((c) => [c.name, c.id]))
}

/** Claire's view: her roster, and the members of a room. */
async function claireSees(s: TestServer, ws: string, room: string): Promise<{roster: Map<string, string>; members: string[]}> {
  const stored = JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {jid: string; password: string}
  const session = await loginAccount({jid: stored.jid, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, stored.password)
  try {
    const roster = new Map((await getRoster(session)).map((i) => [i.jid, i.subscription]))
    return {roster, members: (await affiliationList(session, room, 'member')).sort()}
  } finally {
    await session.close()
  }
}

describe('arrivals: everyone ends up in their rooms', () => {
  it('newcomers with open registration: the token of their link, elimination, an answer; unidentified ones are listed, never guessed', async () => {
    const s = server()
    const {config, claire, papa, ws} = await setUp(s)

    // 1. First run: rooms, invitations; nobody has arrived yet, so the migration is not done.
    const first = await migrate(config, ws)
    expect(first.steps.find((st) => st.step === 'arrivals')?.state).toBe('planned')
    expect(first.status.next).toBe('arrivals')
    expect(first.status.arrivals.waiting.sort()).toEqual(['+33 6 39 98 45 67', 'Maman', 'Mamie Jeanne'])
    const famille = first.plan.rooms.rooms.find((r) => r.name.startsWith('Famille'))!.address
    const ids = await contactIds(ws)
    const personal = ledger(ws).personal
    const mamie = personal[String(ids.get('Mamie Jeanne'))]!
    expect(mamie.token).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(mamie.server).toBe(s.domain)
    // Her message says what will really happen: create the account in the app, then the link.
    const message = readFileSync(join(ws, 'invitations', readFileSync(join(ws, 'invitations', 'index.html'), 'utf8').match(/href="([^"]*mamie[^"]*\/invitation\.html)"/)![1]!.replace('invitation.html', 'message.txt')), 'utf8')
    // A relative: "tu" unless the organizer said "vous" (issue 13).
    expect(message).toContain(`crée ton compte sur le serveur ${s.domain}`)
    expect(message).toContain(`Comme nom, tape\u202F: ${mamie.username}`)
    expect(message).toContain(`https://xmpp.link/#xmpp:${claire.toLowerCase()}?roster;name=Claire;preauth=${mamie.token}`)

    // 2. Mamie registers (another name than suggested) and opens her link: the token comes back.
    //    Maman and "+33…" register under names of their own and add Claire by hand: no evidence.
    const mamieJid = `${uniqueName('jeanne')}@${s.domain}`
    const mamanJid = `${uniqueName('maman')}@${s.domain}`
    const otherJid = `${uniqueName('numero')}@${s.domain}`
    expect((await runInvitee(s, mamieJid, PASSWORD, {register: true, subscribeTo: claire, subscribeToken: mamie.token})).errors).toEqual([])
    expect((await runInvitee(s, mamanJid, PASSWORD, {register: true, subscribeTo: claire})).errors).toEqual([])
    expect((await runInvitee(s, otherJid, PASSWORD, {register: true, subscribeTo: claire})).errors).toEqual([])

    // 3. Rerun: Mamie is recognised by her token and seated; the two others are listed, not guessed.
    const second = await migrate(config, ws)
    const arrivals = second.steps.find((st) => st.step === 'arrivals')
    if (kind === 'prosody') {
      // Prosody keeps a request that waited while Claire was offline whole, token included.
      expect(second.status.arrivals.waiting.sort()).toEqual(['+33 6 39 98 45 67', 'Maman'])
      expect(second.status.arrivals.unidentified.map((u) => u.jid).sort()).toEqual([mamanJid, otherJid].map((j) => j.toLowerCase()).sort())
      expect(second.status.arrivals.unidentified[0]?.assign).toMatch(/^xmpp-migrate arrivals --arrival "NOM=/)
      expect(second.status.roomPeople.find((r) => r.address === famille)?.in.sort()).toEqual(['Mamie Jeanne', 'Papa'])
      expect(arrivals?.state).toBe('planned')
      // Mamie's app (next time it is online): Claire approved her request and asked back (the app
      // accepts), and both invitations to the family room are waiting for her.
      const mamieApp = await runInvitee(s, mamieJid, PASSWORD, {wait: 2})
      expect(mamieApp.roster[claire.toLowerCase()]?.subscription).toBe('both')
      const seen = await claireSees(s, ws, famille)
      expect(seen.members).toEqual([mamieJid, papa].map((j) => j.toLowerCase()).sort())
      // Her request is approved ('from'); Claire's own request completes on a later login (see 5).
      expect(['from', 'both']).toContain(seen.roster.get(mamieJid.toLowerCase()))
      // Nobody unidentified got in: neither member nor approved.
      expect(seen.roster.get(mamanJid.toLowerCase())).toBeUndefined()
      expect(mamieApp.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
      expect(mamieApp.invites.find((i) => i.kind === 'direct')?.reason).toMatch(/^Claire t’invite à rejoindre le groupe/)
    } else {
      // ejabberd 23.01 hands a request that waited while Claire was offline over without its
      // token: all three are listed for Claire to say who they are.
      expect(second.status.arrivals.unidentified.map((u) => u.jid).sort()).toEqual([mamieJid, mamanJid, otherJid].map((j) => j.toLowerCase()).sort())
      const third = await migrate(config, ws, ['--arrival', `Mamie Jeanne=${mamieJid}`])
      expect(third.status.arrivals.waiting.sort()).toEqual(['+33 6 39 98 45 67', 'Maman'])
    }

    // 4. Claire says who Maman is: seated; "+33…" is then the only one left: elimination.
    const fourth = await migrate(config, ws, ['--arrival', `Maman=${mamanJid}`])
    expect(fourth.status.arrivals.waiting).toEqual([])
    expect(fourth.status.arrivals.unidentified).toEqual([])
    expect(fourth.status.next).toBe('done')
    expect(fourth.steps.find((st) => st.step === 'arrivals')?.state).toBe('done')
    const mamanApp = await runInvitee(s, mamanJid, PASSWORD, {wait: 2})
    expect(mamanApp.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
    const otherApp = await runInvitee(s, otherJid, PASSWORD, {wait: 2})
    expect(otherApp.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
    if (kind === 'ejabberd') await runInvitee(s, mamieJid, PASSWORD, {wait: 1.5})
    const seen = await claireSees(s, ws, famille)
    expect(seen.members).toEqual([mamieJid, mamanJid, otherJid, papa].map((j) => j.toLowerCase()).sort())

    // 5. A rerun changes nothing. Each relative sees Claire (their request approved, hers approved
    // by their app). On her side, Prosody 0.12.3 loses the approval its server makes for a
    // relative who is offline at that moment (mod_presence reads Claire's own online roster,
    // research §14): her request stays pending there; seated while their app is online (the
    // `--watch` test) both sides are 'both'.
    const fifth = await migrate(config, ws)
    expect(fifth.steps.find((st) => st.step === 'arrivals')?.state).toBe('already-done')
    for (const jid of [mamieJid, mamanJid, otherJid]) expect((await runInvitee(s, jid, PASSWORD, {wait: 1.5})).roster[claire.toLowerCase()]?.subscription).toBe('both')
    const after = await claireSees(s, ws, famille)
    expect(after.members).toEqual(seen.members)
    for (const jid of [mamieJid, mamanJid, otherJid]) expect(after.roster.get(jid.toLowerCase())).toBe(kind === 'prosody' ? 'from' : 'both')
    const again = await runInvitee(s, mamanJid, PASSWORD, {wait: 1.5})
    expect(again.invites).toEqual([])
    const sixth = await migrate(config, ws)
    expect(sixth.status.next).toBe('done')

    // Claire's phone shows the rooms whichever store its app reads (issue 20 §4: ejabberd 23.01
    // keeps XEP-0402 and the legacy bookmarks apart).
    const stored = JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {jid: string; password: string}
    const phone = await runInvitee(s, stored.jid, stored.password, {readBookmarks: true, wait: 0.5})
    const rooms = first.plan.rooms.rooms.map((r) => r.address).sort()
    expect(phone.bookmarks).toEqual({legacy: rooms, pep: rooms})
  })

  it.skipIf(kind !== 'prosody')('an administrator organizer: the link creates the account; the suggested name and elimination identify the newcomers the server adds', async () => {
    const s = server()
    const {config, papa, ws} = await setUp(s, {account: {jid: `${ADMIN.username}@${s.domain}`, action: 'login', host: s.host, port: s.port, ca: s.caFile}})
    const run = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws, '--json', '--password-stdin'], {stdin: ADMIN.password})
    expect(run.code, run.stderr + run.stdout).toBe(0)
    const first = JSON.parse(run.stdout) as MigrateJson
    const famille = first.plan.rooms.rooms.find((r) => r.name.startsWith('Famille'))!.address
    const kit = JSON.parse(readFileSync(join(ws, 'invitations.json'), 'utf8')) as Ledger & {contacts: Record<string, {kind: string; uri: string}>}
    const ids = await contactIds(ws)
    const tokenOf = (name: string): string => /preauth=([A-Za-z0-9_-]+)/.exec(kit.contacts[String(ids.get(name))]!.uri)![1]!
    // An administrator's contact invitations create accounts (ibr=y).
    for (const name of ['Mamie Jeanne', 'Maman', '+33 6 39 98 45 67']) expect(kit.contacts[String(ids.get(name))]?.uri).toMatch(/;ibr=y$/)
    const suggested = (name: string): string => kit.personal[String(ids.get(name))]!.username
    // What an app does with the link: XEP-0445 token, then XEP-0077, with the name the page
    // suggested (Mamie, Maman) or another one ("+33…").
    const mamieJid = `${suggested('Mamie Jeanne')}@${s.domain}`
    const mamanJid = `${suggested('Maman')}@${s.domain}`
    const otherJid = `${uniqueName('portable')}@${s.domain}`
    for (const [jid, name] of [[mamieJid, 'Mamie Jeanne'], [mamanJid, 'Maman'], [otherJid, '+33 6 39 98 45 67']] as const) {
      const app = await runInvitee(s, jid, PASSWORD, {register: true, token: tokenOf(name)})
      expect(app.errors).toEqual([])
      // Prosody made both contacts at registration (mod_invites_register).
      expect(app.roster[`${ADMIN.username}@${s.domain}`]?.subscription).toBe('both')
    }
    const rerun = await runCli(['migrate', '--yes', '--config', config, '-w', ws, '--json', '--password-stdin'], {stdin: ADMIN.password})
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0)
    const second = JSON.parse(rerun.stdout) as MigrateJson
    expect(second.status.arrivals).toEqual({seated: 3, waiting: [], unidentified: []})
    expect(second.status.next).toBe('done')
    const status = JSON.parse((await runCli(['arrivals', '-w', ws, '--json', '--password-stdin'], {stdin: ADMIN.password})).stdout) as {alreadySeated: {name: string; jid: string}[]; complete: boolean}
    expect(status.complete).toBe(true)
    expect(status.alreadySeated.map((a) => [a.name, a.jid]).sort()).toEqual([['+33 6 39 98 45 67', otherJid], ['Mamie Jeanne', mamieJid], ['Maman', mamanJid]].sort())
    const store = JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as MigrateJson['status']
    expect(store.roomPeople.find((r) => r.address === famille)?.in.sort()).toEqual(['+33 6 39 98 45 67', 'Maman', 'Mamie Jeanne', 'Papa'])
    for (const jid of [mamieJid, otherJid]) {
      const app = await runInvitee(s, jid, PASSWORD, {wait: 2})
      expect(app.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
    }
    const members = (await claireSeesAs(s, `${ADMIN.username}@${s.domain}`, ADMIN.password, famille)).members
    expect(members).toEqual([mamieJid, mamanJid, otherJid, papa].map((j) => j.toLowerCase()).sort())
  })

  it('arrivals --watch seats a relative within seconds, while their app is open: member, invited, both contacts', async () => {
    const s = server()
    const {config, claire, ws} = await setUp(s)
    const first = await migrate(config, ws)
    const famille = first.plan.rooms.rooms.find((r) => r.name.startsWith('Famille'))!.address
    const ids = await contactIds(ws)
    const mamie = ledger(ws).personal[String(ids.get('Mamie Jeanne'))]!

    const watcher = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'arrivals', '--watch', '--json', '-w', ws], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    let err = ''
    watcher.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    watcher.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    const exited = new Promise<number | null>((done) => watcher.on('close', done))
    try {
      // Watching: wait until it says so, then Mamie creates her account and opens her link, and
      // keeps her app open a few seconds (as someone who just scanned the code does).
      for (let i = 0; i < 300 && !/arrivées|arrivals/i.test(err); i++) await new Promise((r) => setTimeout(r, 100))
      const mamieJid = `${uniqueName('jeanne')}@${s.domain}`
      const app = await runInvitee(s, mamieJid, PASSWORD, {register: true, subscribeTo: claire, subscribeToken: mamie.token, wait: 8})
      expect(app.errors).toEqual([])
      // Seated while her app was open: both invitations arrived live, and Claire's request was
      // approved by the app, so both sides see each other.
      expect(app.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
      expect(app.roster[claire.toLowerCase()]?.subscription).toBe('both')
      const seen = await claireSees(s, ws, famille)
      expect(seen.members).toContain(mamieJid.toLowerCase())
      expect(seen.roster.get(mamieJid.toLowerCase())).toBe('both')
    } finally {
      watcher.kill('SIGINT')
    }
    expect(await exited, err).toBe(0)
    const report = JSON.parse(out) as {seated: unknown[]; waiting: {name: string}[]; complete: boolean}
    expect(report.complete).toBe(false)
    expect(report.waiting.map((w) => w.name).sort()).toEqual(['+33 6 39 98 45 67', 'Maman'])
  })
})

describe.skipIf(kind !== 'prosody')('arrivals --watch after a network loss', () => {
  it('reconnects by itself and still seats the next relative', async () => {
    const s = server()
    const {config, claire, ws} = await setUp(s)
    const first = await migrate(config, ws)
    const famille = first.plan.rooms.rooms.find((r) => r.name.startsWith('Famille'))!.address
    const ids = await contactIds(ws)
    const maman = ledger(ws).personal[String(ids.get('Maman'))]!
    const watcher = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'arrivals', '--watch', '--json', '-w', ws, '--lang', 'en'], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
    let err = ''
    watcher.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    const exited = new Promise<number | null>((done) => watcher.on('close', done))
    try {
      for (let i = 0; i < 300 && !/Waiting for arrivals/.test(err); i++) await new Promise((r) => setTimeout(r, 100))
      await new Promise((r) => setTimeout(r, 1000))
      // The server drops the watcher's connection (as a network loss would).
      await (s as unknown as {closeSessions(jid: string): Promise<void>}).closeSessions(claire.toLowerCase())
      for (let i = 0; i < 300 && !/Connection lost/.test(err); i++) await new Promise((r) => setTimeout(r, 100))
      expect(err).toMatch(/Connection lost; trying again in \d+ s\./)
      const mamanJid = `${uniqueName('maman')}@${s.domain}`
      // Online for a while: the watcher comes back within its first pause (1 s) and seats her.
      const app = await runInvitee(s, mamanJid, PASSWORD, {register: true, subscribeTo: claire, subscribeToken: maman.token, wait: 8})
      expect(app.invites.filter((i) => i.room === famille).map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
    } finally {
      watcher.kill('SIGINT')
    }
    expect(await exited, err).toBe(0)
  })
})

/** What `jid` sees: its roster and a room's members. */
async function claireSeesAs(s: TestServer, jid: string, password: string, room: string): Promise<{members: string[]}> {
  const session = await loginAccount({jid, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, password)
  try {
    return {members: (await affiliationList(session, room, 'member')).sort()}
  } finally {
    await session.close()
  }
}
