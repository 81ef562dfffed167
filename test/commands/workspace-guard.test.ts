import {spawn, type ChildProcess} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {EXAMPLES} from '../contacts/helpers.js'

// Issue 14 items 7, 8, 10 as a person meets them: the built CLI (`npm run build` first; npm test
// does) in a child process.

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

async function run(args: string[]): Promise<{code: number | null; stdout: string; stderr: string; json: Record<string, unknown>}> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(stdout) as Record<string, unknown>
  } catch {
    // human output
  }
  return {code, stdout, stderr, json}
}

let root: string
let ws: string
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xm-guard-'))
  ws = join(root, 'ws')
  const imported = await run(['import', '-w', ws, ...EXAMPLES])
  expect(imported.code, imported.stderr).toBe(0)
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('issue 14', {timeout: 180_000}, () => {
  it('item 8: a command that changes the workspace waits for no one: WORKSPACE_BUSY naming the pid; a stale lock is taken over', async () => {
    // Another xmpp-migrate, alive, holding the lock.
    const other: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {stdio: 'ignore'})
    try {
      writeFileSync(join(ws, 'xmpp-migrate.lock'), JSON.stringify({pid: other.pid, host: hostname(), command: 'invite', since: new Date().toISOString()}))
      for (const args of [['import', ...EXAMPLES], ['invite'], ['rooms', 'create'], ['history', 'upload', '--chat', '1'], ['contacts', 'set', '1', '--language', 'fr']]) {
        const busy = await run([...args, '-w', ws, '--json'])
        expect(busy.code, args.join(' ')).toBe(2)
        expect(busy.json).toMatchObject({error: {code: 'WORKSPACE_BUSY', message: expect.stringContaining(`another xmpp-migrate (pid ${other.pid}`)}})
      }
      // Reading is not blocked.
      expect((await run(['chats', '-w', ws])).code).toBe(0)
    } finally {
      other.kill()
      await new Promise((done) => other.once('exit', done))
    }
    // Its process is gone: the lock is stale, taken over, and released at the end.
    const after = await run(['import', '-w', ws, '--json', ...EXAMPLES])
    expect(after.code, after.stdout).toBe(0)
    expect(() => readFileSync(join(ws, 'xmpp-migrate.lock'))).toThrow()
  })

  it('item 7: full disk, a store that is a folder, a workspace that is a file: clear errors with the path', async () => {
    const csv = await run(['contacts', 'export', '/dev/full', '-w', ws, '--json'])
    expect(csv.code).toBe(2)
    expect(csv.json).toMatchObject({error: {code: 'FILE_DISK_FULL', message: expect.stringContaining('/dev/full')}})

    const out = join(root, 'archive')
    mkdirSync(out)
    symlinkSync('/dev/full', join(out, 'index.html'))
    const history = await run(['history', 'export', '--out', out, '-w', ws])
    expect(history.code).toBe(2)
    expect(history.stderr).toContain('FILE_DISK_FULL')
    expect(history.stderr).toContain(join(out, 'index.html'))

    const broken = join(root, 'broken')
    mkdirSync(join(broken, 'store.sqlite'), {recursive: true})
    for (const args of [['chats'], ['status'], ['contacts']]) {
      const r = await run([...args, '-w', broken, '--json'])
      expect(r.code, `${args[0]}: ${r.stdout} ${r.stderr}`).toBe(2)
      expect(r.json).toMatchObject({error: {code: 'FILE_IS_FOLDER', message: expect.stringContaining(join(broken, 'store.sqlite'))}})
    }

    const file = join(root, 'passwd')
    writeFileSync(file, 'root:x:0:0::/root:/bin/sh\n')
    for (const args of [['import', EXAMPLES[0]!], ['chats'], ['contacts', 'export', join(root, 'c.csv')]]) {
      const r = await run([...args, '-w', file, '--json'])
      expect(r.code, `${args[0]}: ${r.stdout} ${r.stderr}`).toBe(2)
      expect(r.json).toMatchObject({error: {message: expect.stringContaining(file)}})
      expect((r.json.error as {code: string}).code).not.toBe('BUG')
    }
    expect(readFileSync(file, 'utf8')).toBe('root:x:0:0::/root:/bin/sh\n')
  })

  it('item 10: a workspace open to others is made private, with a warning', async () => {
    // A command that changes the workspace, and one that only reads it.
    for (const args of [['contacts'], ['chats']]) {
      chmodSync(ws, 0o777)
      const r = await run([...args, '-w', ws])
      expect(r.code).toBe(0)
      expect(r.stderr).toContain('was open to other users of this computer (mode 0777)')
      expect(statSync(ws).mode & 0o777).toBe(0o700)
    }
  })
})
