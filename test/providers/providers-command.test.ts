import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FIXTURE_FILE} from './helpers.js'

// `xmpp-migrate providers` as a person runs it: the built CLI (`npm run build` first; `npm test`
// does) in a child process, `--json` parsed.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(ROOT, 'bin', 'run.js')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = {...process.env, ...env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete childEnv[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xm-providers-cmd-'))
  const help = await run(['providers', '--help'])
  if (help.code !== 0) throw new Error(`The CLI is not built (run "npm run build" first): ${help.stderr}`)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

// Each run starts a Node process (about a second, more on a loaded machine): generous timeouts.
describe('providers command', {timeout: 120_000}, () => {
  it('--json lists the snapshot\'s providers with the data\'s own field names', async () => {
    const result = await run(['providers', '--json', '-w', join(dir, 'ws')])
    expect(result.code).toBe(0)
    const providers = JSON.parse(result.stdout) as Record<string, unknown>[]
    expect(providers).toHaveLength(29)
    for (const p of providers) {
      for (const field of ['jid', 'category', 'inBandRegistration', 'registrationWebPage', 'serverLocations']) expect(p).toHaveProperty(field)
    }
  })

  it('--lang fr --country FR --category A: only A, the French one first', async () => {
    const result = await run(['providers', '--json', '--lang', 'fr', '--country', 'FR', '--category', 'A', '-w', join(dir, 'ws')])
    const providers = JSON.parse(result.stdout) as {jid: string; category: string}[]
    expect(providers.length).toBeGreaterThan(0)
    expect(providers.every((p) => p.category === 'A')).toBe(true)
    expect(providers[0]?.jid).toBe('jabber.fr')
  })

  it('speaks French with --lang fr: the why of each provider', async () => {
    const result = await run(['providers', '--lang', 'fr', '--providers', FIXTURE_FILE, '-w', join(dir, 'ws')])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('9 fournisseurs')
    expect(result.stdout).toMatch(/ 1\. paid\.example {2}\(catégorie A\)\n {4}payant · compte créé dans l’application · historique gardé sans limite/)
    expect(result.stdout).toContain('https://web.example/inscription')
  })

  it('speaks the system language otherwise', async () => {
    const result = await run(['providers', '--providers', FIXTURE_FILE, '-w', join(dir, 'ws')], {LC_ALL: 'en_GB.UTF-8'})
    expect(result.stdout).toContain('9 providers')
    expect(result.stdout).toContain('history kept 1 year')
  })

  it('a bad --country or a broken list: a clear error and a stable code', async () => {
    const bad = await run(['providers', '--country', 'France', '--json', '-w', join(dir, 'ws')])
    expect(bad.code).not.toBe(0)
    expect(JSON.parse(bad.stdout)).toMatchObject({error: {code: 'PROVIDERS_BAD_FLAG'}})
    const broken = await run(['providers', '--providers', join(ROOT, 'package.json'), '-w', join(dir, 'ws')])
    expect(broken.code).not.toBe(0)
    expect(broken.stderr).toContain('is not a list of providers')
  })
  it('--providers URL: fetched once into the workspace, then used offline; --refresh fetches again', async () => {
    let status = 200
    let hits = 0
    const server = createServer((_req, res) => {
      hits++
      res.writeHead(status, {'content-type': 'application/json'})
      res.end(status === 200 ? readFileSync(FIXTURE_FILE) : 'down')
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/providers.json`
      const ws = join(dir, 'ws-url')
      const first = await run(['providers', '--providers', url, '--json', '-w', ws])
      expect(first.code).toBe(0)
      expect((JSON.parse(first.stdout) as unknown[]).length).toBe(9)
      expect(existsSync(join(ws, 'providers', 'list.json'))).toBe(true)
      status = 500
      const second = await run(['providers', '--providers', url, '--json', '-w', ws])
      expect(second.stdout).toBe(first.stdout)
      expect(hits).toBe(1)
      const refreshed = await run(['providers', '--providers', url, '--refresh', '--json', '-w', ws])
      expect(refreshed.code).not.toBe(0)
      expect(JSON.parse(refreshed.stdout)).toMatchObject({error: {code: 'PROVIDERS_FETCH_FAILED'}})
      expect(hits).toBe(2)
    } finally {
      await new Promise<void>((done) => server.close(() => done()))
    }
  })
})
