import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import * as jsqr from 'jsqr'
import {PNG} from 'pngjs'
import {beforeAll, describe, expect, it, vi} from 'vitest'

import type {TestServer} from '../server/index.js'
import {useTestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// The commands run as a person runs them: the built CLI (`npm run build` first; `npm test` does)
// in a child process, stdin piped, `--json` parsed.

// Each spawn starts Node and oclif (about 1 s, several under a loaded CI): more room than 30 s.
vi.setConfig({testTimeout: 120_000})

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(ROOT, 'bin', 'run.js')
const jsQR = jsqr.default as unknown as typeof jsqr.default.default

interface Run {
  code: number | null
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

async function run(args: string[], options: {stdin?: string; env?: Record<string, string>} = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  Object.assign(env, options.env)
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  child.stdin.end(options.stdin ?? '')
  const code = await new Promise<number | null>((done) => child.on('close', done))
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(stdout) as Record<string, unknown>
  } catch {
    // not JSON output
  }
  return {code, stdout, stderr, json}
}

function conn(s: TestServer, ca = true): string[] {
  return ['--host', s.host, '--port', String(s.port), ...(ca ? ['--ca', s.caFile] : [])]
}

const EXISTING = {username: 'nora', password: 'Mot de passe: été 2024 à 10 €'}
const server = useTestServer({registration: 'open', accounts: [EXISTING]})

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'account', 'create.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests (npm test does).')
})

describe('account create', () => {
  it('generates a password, shows it once, stores credentials 0600 and the server summary', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${uniqueName('olga')}@${s.domain}`
    const created = await run(['account', 'create', jid, ...conn(s), '-w', ws, '--json'])
    expect(created.code, created.stderr).toBe(0)
    expect(created.json).toMatchObject({jid, passwordGenerated: true})
    const password = created.json.password as string
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/)
    const credentialsFile = join(ws, 'credentials.json')
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(credentialsFile, 'utf8'))).toMatchObject({jid, password, host: s.host, port: s.port})
    const info = JSON.parse(readFileSync(join(ws, 'server-info.json'), 'utf8')) as {muc: {jid: string}}
    expect(info.muc.jid).toBe(s.mucDomain)

    // show: no password unless asked.
    const shown = await run(['account', 'show', '-w', ws, '--json'])
    expect(shown.code).toBe(0)
    expect(shown.json).toMatchObject({jid, server: {muc: {jid: s.mucDomain}}})
    expect(shown.stdout + shown.stderr).not.toContain(password)
    const human = await run(['account', 'show', '-w', ws])
    expect(human.stdout).toContain(jid)
    expect(human.stdout + human.stderr).not.toContain(password)
    const asked = await run(['account', 'show', '-w', ws, '--password', '--json'])
    expect(asked.json.password).toBe(password)
  })

  it('with --password-stdin, never prints the chosen password', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${uniqueName('paul')}@${s.domain}`
    const password = 'Choisi: çà€ 42'
    for (const json of [true, false]) {
      const target = json ? jid : `${uniqueName('quinn')}@${s.domain}`
      const r = await run(['account', 'create', target, ...conn(s), '-w', ws, '--password-stdin', ...(json ? ['--json'] : [])], {stdin: `${password}\n`})
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout + r.stderr).not.toContain(password)
      if (json) expect(r.json).toMatchObject({jid, passwordGenerated: false})
    }
  })

  it('a taken name exits 2 with XMPP_USERNAME_TAKEN', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const r = await run(['account', 'create', `${EXISTING.username}@${s.domain}`, ...conn(s), '-w', ws, '--json'])
    expect(r.code).toBe(2)
    expect(r.json).toMatchObject({error: {code: 'XMPP_USERNAME_TAKEN'}})
    expect(existsSync(join(ws, 'credentials.json'))).toBe(false)
  })

  // Issue 14 item 5: the server registered the account, saving failed, the password was lost and
  // a retry said "already taken".
  it('when saving fails after registering: shows the password, leaves no temporary file, and the rerun finishes', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${uniqueName('rose')}@${s.domain}`
    // credentials.json cannot be written: a folder with something in it is in the way.
    mkdirSync(join(ws, 'credentials.json', 'in-the-way'), {recursive: true})
    const failed = await run(['account', 'create', jid, ...conn(s), '-w', ws])
    expect(failed.code, failed.stderr).toBe(2)
    expect(failed.stderr).toContain('ACCOUNT_CREATED_NOT_SAVED')
    expect(failed.stderr).toContain(join(ws, 'credentials.json'))
    const shown = /Its password is: (\S+)/.exec(failed.stderr)?.[1]
    expect(shown).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/)
    expect(readdirSync(ws).filter((f) => f.endsWith('.tmp'))).toEqual([])
    const pending = join(ws, 'account-pending.json')
    expect(statSync(pending).mode & 0o777).toBe(0o600)

    rmSync(join(ws, 'credentials.json'), {recursive: true})
    const again = await run(['account', 'create', jid, ...conn(s), '-w', ws, '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json).toMatchObject({jid, password: shown, passwordGenerated: true})
    expect(again.stderr).toContain('logged in with the password it kept')
    expect(JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8'))).toMatchObject({jid, password: shown})
    expect(existsSync(pending)).toBe(false)
  })

  it('when the password cannot be kept first (full disk, a folder in the way), the server is not asked', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const name = uniqueName('sam')
    mkdirSync(join(ws, 'account-pending.json', 'in-the-way'), {recursive: true})
    const failed = await run(['account', 'create', `${name}@${s.domain}`, ...conn(s), '-w', ws, '--json'])
    expect(failed.code).toBe(2)
    expect(failed.json).toMatchObject({error: {code: 'FILE_IS_FOLDER', message: expect.stringContaining('account-pending.json')}})
    // The name is still free: the server was not asked.
    rmSync(join(ws, 'account-pending.json'), {recursive: true})
    expect((await run(['account', 'create', `${name}@${s.domain}`, ...conn(s), '-w', ws, '--json'])).code).toBe(0)
  })
})

describe('account login', () => {
  it('checks a non-ASCII password from stdin, stores it 0600, prints it nowhere (even with DEBUG traffic)', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${EXISTING.username}@${s.domain}`
    const r = await run(['account', 'login', jid, ...conn(s), '-w', ws, '--password-stdin', '--json'], {stdin: EXISTING.password, env: {DEBUG: 'xmpp-migrate*'}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({jid, server: {domain: s.domain}})
    expect(r.stderr).toContain('<bind') // the debug traffic is there…
    const everything = r.stdout + r.stderr
    expect(everything).not.toContain(EXISTING.password) // …without the password,
    expect(everything).not.toContain(Buffer.from(`\u0000${EXISTING.username}\u0000${EXISTING.password}`).toString('base64')) // nor a PLAIN payload
    expect(statSync(join(ws, 'credentials.json')).mode & 0o777).toBe(0o600)
  })

  it('a wrong password exits 2 with XMPP_WRONG_PASSWORD and stores nothing', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const r = await run(['account', 'login', `${EXISTING.username}@${s.domain}`, ...conn(s), '-w', ws, '--password-stdin', '--json'], {stdin: 'wrong-guess'})
    expect(r.code).toBe(2)
    expect(r.json).toMatchObject({error: {code: 'XMPP_WRONG_PASSWORD'}})
    expect(r.stdout + r.stderr).not.toContain('wrong-guess')
    expect(existsSync(join(ws, 'credentials.json'))).toBe(false)
  })

  it('without the test CA the certificate is refused (exit 2, XMPP_TLS_UNTRUSTED naming --ca)', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const r = await run(['account', 'login', `${EXISTING.username}@${s.domain}`, ...conn(s, false), '-w', ws, '--password-stdin'], {stdin: EXISTING.password})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('XMPP_TLS_UNTRUSTED')
    expect(r.stderr).toContain('--ca')
    // The CA can also come from the environment.
    const viaEnv = await run(['account', 'login', `${EXISTING.username}@${s.domain}`, ...conn(s, false), '-w', ws, '--password-stdin', '--json'], {stdin: EXISTING.password, env: {XMPP_MIGRATE_CA: s.caFile}})
    expect(viaEnv.code, viaEnv.stderr).toBe(0)
  })
})

describe('account qr', () => {
  it('writes a 0600 PNG holding the Conversations account JSON, with a warning, password not in stdout', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${EXISTING.username}@${s.domain}`
    expect((await run(['account', 'login', jid, ...conn(s), '-w', ws, '--password-stdin'], {stdin: EXISTING.password})).code).toBe(0)
    const out = join(ws, 'account-qr.png')
    const r = await run(['account', 'qr', '-w', ws, '--out', out, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({jid, png: out})
    expect(r.stderr).toMatch(/contains your password/)
    expect(r.stdout).not.toContain(EXISTING.password)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const png = PNG.sync.read(readFileSync(out))
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(JSON.parse(decoded?.data ?? '{}')).toEqual({protocol: 'xmpp', address: jid, password: EXISTING.password})
  })

  it('issue 14: a full disk gives FILE_DISK_FULL naming the file, not a bare errno', async () => {
    const s = server()
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const jid = `${EXISTING.username}@${s.domain}`
    expect((await run(['account', 'login', jid, ...conn(s), '-w', ws, '--password-stdin'], {stdin: EXISTING.password})).code).toBe(0)
    // /dev/full answers every write with ENOSPC.
    const r = await run(['account', 'qr', '-w', ws, '--out', '/dev/full'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('FILE_DISK_FULL')
    expect(r.stderr).toContain('/dev/full')
    expect(r.stderr).toContain('the disk is full')
  })

  it('without a stored account: NO_ACCOUNT', async () => {
    const ws = join(mkdtempSync(join(tmpdir(), 'xm-cli-')), 'ws')
    const r = await run(['account', 'qr', '-w', ws, '--json'])
    expect(r.code).toBe(2)
    expect(r.json).toMatchObject({error: {code: 'NO_ACCOUNT'}})
  })
})
