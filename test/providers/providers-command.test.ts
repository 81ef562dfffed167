import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
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
})
