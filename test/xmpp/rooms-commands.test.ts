import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {beforeAll, describe, expect, it, vi} from 'vitest'

import {loginAccount} from '../../src/xmpp/account.js'
import {roomInfo} from '../../src/xmpp/muc.js'
import {useTestServer} from '../server/index.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// `rooms plan` and `rooms create` as a person runs them: the built CLI (`npm run build` first;
// `npm test` does) in a child process, `--json` parsed, progress on stderr.

vi.setConfig({testTimeout: 120_000})

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(ROOT, 'bin', 'run.js')
const PASSWORD = 'rooms-cli-pw'
const server = useTestServer({registration: 'open'})

interface Run {
  code: number | null
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

async function run(args: string[], stdin = '', extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  Object.assign(env, extraEnv)
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  child.stdin.end(stdin)
  const code = await new Promise<number | null>((done) => child.on('close', done))
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(stdout) as Record<string, unknown>
  } catch {
    // not JSON output
  }
  return {code, stdout, stderr, json}
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'rooms', 'create.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests (npm test does).')
})

describe('rooms commands', () => {
  it('plan, dry run, create, rerun', async () => {
    const s = server()
    const j: Record<string, string> = {}
    for (const name of ['marie', 'paul', 'lea']) {
      const user = uniqueName(name)
      await s.createAccount(user, PASSWORD)
      j[name] = `${user}@${s.domain}`
    }
    const tag = uniqueName('c')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: j.marie!}, [{title: `Cousins ${tag}`, people: [{name: 'Paul', jid: j.paul!}, {name: 'Léa', jid: j.lea!}, {name: 'Tom', jid: null}]}])
    const ws = workspace.dir
    const login = await run(['account', 'login', j.marie!, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '-w', ws, '--password-stdin', '--json'], PASSWORD)
    expect(login.code, login.stderr).toBe(0)

    const plan = await run(['rooms', 'plan', '-w', ws, '--json'])
    expect(plan.code, plan.stderr).toBe(0)
    const address = `cousins-${tag}@${s.mucDomain}`
    expect(plan.json).toMatchObject({account: j.marie!.toLowerCase(), mucService: s.mucDomain, rooms: [{address, action: 'create', pending: [{name: 'Tom'}]}]})

    const human = await run(['rooms', 'plan', '-w', ws])
    expect(human.stdout).toContain(`[to create] ${address}`)
    expect(human.stdout).toContain('without an XMPP address yet: Tom')

    const dry = await run(['rooms', 'create', '-w', ws, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.json).toMatchObject({dryRun: true, rooms: [{address, status: 'planned'}]})
    const owner = await loginAccount(settingsFor(s, j.marie!.split('@')[0]!), PASSWORD)
    try {
      expect(await roomInfo(owner, address)).toBeNull()
    } finally {
      await owner.close()
    }

    const created = await run(['rooms', 'create', '-w', ws, '--json'])
    expect(created.code, created.stderr).toBe(0)
    expect(created.json).toMatchObject({dryRun: false, summary: {created: 1, failed: 0}, rooms: [{address, status: 'done', members: 2, pending: 1}]})
    expect(created.stderr).toContain(`${address}: done`)

    const again = await run(['rooms', 'create', '-w', ws])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('0 created, 0 updated, 1 unchanged, 0 failed.')
  })

  it('refuses --public for a chat that does not exist, with a code', async () => {
    const s = server()
    const user = uniqueName('nina')
    await s.createAccount(user, PASSWORD)
    const workspace = await workspaceWithGroups({name: 'Nina', jid: `${user}@${s.domain}`}, [{title: `Club ${user}`, people: [{name: 'Paul', jid: null}, {name: 'Léa', jid: null}]}])
    expect((await run(['account', 'login', `${user}@${s.domain}`, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '-w', workspace.dir, '--password-stdin'], PASSWORD)).code).toBe(0)
    const r = await run(['rooms', 'plan', '-w', workspace.dir, '--public', '999', '--json'])
    expect(r.code).toBe(2)
    expect(r.json).toMatchObject({error: {code: 'CHAT_NOT_FOUND'}})
  })
  it('issue 14: the DEBUG traffic log never shows the room password (join, direct invitation)', async () => {
    const s = server()
    const owner = uniqueName('olga')
    const paul = uniqueName('paul')
    for (const user of [owner, paul]) await s.createAccount(user, PASSWORD)
    const workspace = await workspaceWithGroups({name: 'Olga', jid: `${owner}@${s.domain}`}, [{title: `Public ${owner}`, people: [{name: 'Paul', jid: `${paul}@${s.domain}`}]}])
    const ws = workspace.dir
    expect((await run(['account', 'login', `${owner}@${s.domain}`, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '-w', ws, '--password-stdin'], PASSWORD)).code).toBe(0)
    const plan = await run(['rooms', 'plan', '-w', ws, '--json'])
    const chatId = (plan.json.rooms as {chatId: number}[])[0]!.chatId
    const roomPassword = 'Salle-secrète-9431'
    const created = await run(['rooms', 'create', '-w', ws, '--public', String(chatId), '--room-password-stdin'], roomPassword, {DEBUG: 'xmpp-migrate*'})
    expect(created.code, created.stderr).toBe(0)
    expect(created.stderr).toContain('xmpp -> <presence') // the traffic was logged…
    expect(created.stderr).toContain("xmlns=\"jabber:x:conference\"") // …the direct invitation too…
    expect(created.stdout + created.stderr).not.toContain(roomPassword) // …without the password
  })
  it('issue 14: a group title and a member name holding characters XML forbids: the room is made, a rerun changes nothing', async () => {
    const s = server()
    const owner = uniqueName('ugo')
    const paul = uniqueName('paul')
    for (const user of [owner, paul]) await s.createAccount(user, PASSWORD)
    // ESC is what chat data holds; one BEL more would make this tiny export look binary.
    const title = `Famille \u001B[31mRouge\u001B]0;x\u0007 ${owner}`
    const workspace = await workspaceWithGroups({name: 'Ugo', jid: `${owner}@${s.domain}`}, [{title, people: [{name: 'Paul\u001B[2J', jid: `${paul}@${s.domain}`}]}])
    const ws = workspace.dir
    expect((await run(['account', 'login', `${owner}@${s.domain}`, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '-w', ws, '--password-stdin'], PASSWORD)).code).toBe(0)
    const created = await run(['rooms', 'create', '-w', ws, '--json'])
    expect(created.code, created.stdout + created.stderr).toBe(0)
    expect(created.json).toMatchObject({summary: {created: 1, failed: 0}})
    const address = (created.json.rooms as {address: string}[])[0]!.address
    const again = await run(['rooms', 'create', '-w', ws, '--json'])
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.json).toMatchObject({summary: {created: 0, failed: 0}})
    const session = await loginAccount(settingsFor(s, owner), PASSWORD)
    try {
      const name = (await roomInfo(session, address))?.identities[0]?.name ?? ''
      expect(name).toContain('Rouge')
      expect(name).not.toMatch(/[\u0000-\u0008\u001B]/)
    } finally {
      await session.close()
    }
  })
})
