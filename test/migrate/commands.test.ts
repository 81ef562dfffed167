import {existsSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {join} from 'node:path'

import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {EXAMPLES, runCli, tempRoot} from './helpers.js'

// `migrate` and `status` as a person runs them: the built CLI in a child process.

let dir: string
let cleanup: () => void
beforeAll(async () => {
  const help = await runCli(['migrate', '--help'])
  if (help.code !== 0) throw new Error(`The CLI is not built (run "npm run build" first): ${help.stderr}`)
})
beforeEach(() => {
  ;({dir, cleanup} = tempRoot())
})
afterEach(() => cleanup())

/** A loopback TCP listener that counts connections: a dry run must make none. */
async function countingListener(): Promise<{server: Server; port: number; connections: () => number}> {
  let count = 0
  const server = createServer((socket) => {
    count++
    socket.destroy()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {server, port: address.port, connections: () => count}
}

describe('migrate --dry-run on the bundled example', {timeout: 120_000}, () => {
  it('imports locally and prints the whole plan: 3 chats, 2 rooms with addresses, contacts, missing answers', async () => {
    const ws = join(dir, 'ws')
    const run = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws])
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout
    for (const chat of ['#1 Famille Dupont 🏡 [group]', '#2 Maman [direct]', '#3 Les amis du jeudi 🍷 [group]']) expect(out).toContain(chat)
    expect(out).toContain('You are: Claire (detected)')
    expect(out).toContain('[to create] famille-dupont@conference.example.org "Famille Dupont 🏡" (private)')
    expect(out).toContain('[to create] les-amis-du-jeudi@conference.example.org "Les amis du jeudi 🍷" (private)')
    expect(out).toMatch(/without an address yet: Papa, Mamie Jeanne, \+33 6 39 98 45 67, Maman/)
    expect(out).toContain('· Karim — no answer yet')
    expect(out).toContain('--jid NAME@SERVER --account create|login')
    expect(out).toContain('--history share|html|none')
    // No answers about contacts yet: nobody to invite.
    expect(out).toContain('Nobody to invite.')
    // Imported for real (local), nothing else written: no credentials, no server info.
    expect(existsSync(join(ws, 'store.sqlite'))).toBe(true)
    expect(existsSync(join(ws, 'credentials.json'))).toBe(false)
    expect(existsSync(join(ws, 'server-info.json'))).toBe(false)
  })

  it('with answers: --json plan with members, invitations, public room; no connection to the given host', async () => {
    const ws = join(dir, 'ws')
    const listener = await countingListener()
    try {
      const run = await runCli([
        'migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws, '--json',
        '--jid', 'claire@example.net', '--account', 'login', '--host', '127.0.0.1', '--port', String(listener.port),
        '--contact', 'Papa=papa@example.net', '--contact', 'Karim=skip', '--other-contacts', 'invite',
        '--public', 'Les amis du jeudi', '--history', 'none',
      ])
      expect(run.code, run.stderr).toBe(0)
      const result = JSON.parse(run.stdout) as {dryRun: boolean; plan: {account: unknown; missing: string[]; rooms: {mucService: string; rooms: {address: string; public: boolean; members: {jid: string}[]; pending: {name: string}[]}[]}; invitations: {name: string}[]; contacts: {name: string; outcome: string}[]; history: unknown}}
      expect(result.dryRun).toBe(true)
      expect(result.plan.missing).toEqual([])
      expect(result.plan.account).toEqual({jid: 'claire@example.net', action: 'login'})
      expect(result.plan.rooms.mucService).toBe('conference.example.net')
      const [famille, amis] = result.plan.rooms.rooms
      expect(famille).toMatchObject({address: 'famille-dupont@conference.example.net', public: false, members: [{jid: 'papa@example.net'}]})
      expect(amis).toMatchObject({address: 'les-amis-du-jeudi@conference.example.net', public: true, members: []})
      expect(result.plan.invitations.map((c) => c.name).sort()).toEqual(['+33 6 39 98 45 67', 'Inès', 'Maman', 'Mamie Jeanne'])
      expect(result.plan.contacts.find((c) => c.name === 'Karim')?.outcome).toBe('skip')
      expect(result.plan.history).toEqual({format: 'none'})
      expect((JSON.parse(run.stdout) as {steps: {step: string; state: string; detail: string}[]}).steps.find((st) => st.step === 'invitations')).toMatchObject({state: 'planned', detail: `Would write the invitation kit (5 people) to ${join(ws, 'invitations')}.`})
      expect(listener.connections()).toBe(0)
      // Nothing but the import was stored: Papa still has no address.
      const status = JSON.parse((await runCli(['status', '-w', ws, '--json'])).stdout) as {contacts: {withJid: number}}
      expect(status.contacts.withJid).toBe(0)
    } finally {
      listener.server.close()
    }
  })

  it('speaks French with --lang fr', async () => {
    const run = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', join(dir, 'ws'), '--lang', 'fr'])
    expect(run.code, run.stderr).toBe(0)
    // French typography: a narrow no-break space before the colon.
    expect(run.stdout).toContain('Étape 5/9\u202F: les salons')
    expect(run.stdout).toContain('Vous êtes\u202F: Claire (détecté)')
  })

  it('speaks French from the system locale (LANG=fr_FR.UTF-8)', async () => {
    const run = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', join(dir, 'ws')], {env: {LANG: 'fr_FR.UTF-8', LC_ALL: ''}})
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Étape 1/9')
  })
})

describe('migrate without answers', {timeout: 120_000}, () => {
  it('--yes: a missing answer is an error naming the flag, after the local import', async () => {
    const ws = join(dir, 'ws')
    const run = await runCli(['migrate', ...EXAMPLES, '--yes', '-w', ws, '--json'])
    expect(run.code).toBe(2)
    const error = (JSON.parse(run.stdout) as {error: {code: string; message: string; suggestions: string[]}}).error
    expect(error.code).toBe('MIGRATE_MISSING_ANSWER')
    expect(error.message).toMatch(/With --yes nothing is asked/)
    expect(error.suggestions.join(' ')).toContain('--jid NAME@SERVER --account create|login')
    expect(existsSync(join(ws, 'credentials.json'))).toBe(false)
  })

  it('stdin not a terminal, no --yes: the same error, never a hanging prompt', async () => {
    const run = await runCli(['migrate', ...EXAMPLES, '-w', join(dir, 'ws')])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Standard input is not a terminal')
    expect(run.stderr).toContain('--jid NAME@SERVER')
  })

  it('login without --password-stdin in a --yes run names --password-stdin', async () => {
    const listener = await countingListener()
    try {
      const run = await runCli(['migrate', ...EXAMPLES, '--yes', '-w', join(dir, 'ws'), '--jid', 'claire@example.net', '--account', 'login', '--host', '127.0.0.1', '--port', String(listener.port)])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('--password-stdin')
      expect(listener.connections()).toBe(0)
    } finally {
      listener.server.close()
    }
  })

  it('no export and nothing imported: MIGRATE_NO_EXPORTS', async () => {
    const run = await runCli(['migrate', '--dry-run', '--yes', '-w', join(dir, 'ws'), '--json'])
    expect(run.code).toBe(2)
    expect((JSON.parse(run.stdout) as {error: {code: string}}).error.code).toBe('MIGRATE_NO_EXPORTS')
  })

  it('a bad config file names the field', async () => {
    const {writeFileSync} = await import('node:fs')
    const config = join(dir, 'migrate.json')
    writeFileSync(config, JSON.stringify({account: {jid: 'a@b.c', action: 'login', password: 'x'}}))
    const run = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', join(dir, 'ws'), '--config', config, '--json'])
    expect(run.code).toBe(2)
    const error = (JSON.parse(run.stdout) as {error: {code: string; message: string}}).error
    expect(error.code).toBe('MIGRATE_BAD_CONFIG')
    expect(error.message).toContain('--password-stdin')
    expect(run.stdout).not.toContain('"x"')
  })
})

describe('status', {timeout: 120_000}, () => {
  it('on a workspace that does not exist: nothing imported, next is import, nothing created', async () => {
    const ws = join(dir, 'never')
    const run = await runCli(['status', '-w', ws, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({sources: [], chats: {total: 0, groups: 0}, account: null, rooms: {planned: 0, created: 0, reconciled: 0}, next: 'import'})
    expect(existsSync(ws)).toBe(false)
  })

  it('after the dry run: 3 sources, contacts, 2 rooms planned, next is the account', async () => {
    const ws = join(dir, 'ws')
    expect((await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws])).code).toBe(0)
    const run = await runCli(['status', '-w', ws, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const status = JSON.parse(run.stdout) as {sources: {source: string}[]; contacts: unknown; rooms: unknown; next: string}
    expect(status.sources.map((s) => s.source)).toEqual(['whatsapp', 'whatsapp', 'whatsapp'])
    expect(status.contacts).toEqual({total: 7, me: 'Claire', withJid: 0, toInvite: 0, skipped: 0, undecided: 6})
    expect(status.rooms).toEqual({planned: 2, created: 0, reconciled: 0})
    expect(status.next).toBe('account')
    const human = await runCli(['status', '-w', ws])
    expect(human.stdout).toContain('Rooms: 2 planned, 0 created, 0 complete')
    expect(human.stdout).toContain('Next step: your XMPP account')
  })

  it('a rerun of the dry run imports nothing new and says so', async () => {
    const ws = join(dir, 'ws')
    expect((await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws])).code).toBe(0)
    const again = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('✓ already done: 3 exports, 3 chats.')
    const noArgs = await runCli(['migrate', '--dry-run', '--yes', '-w', ws])
    expect(noArgs.stdout).toContain('✓ already done: 3 exports, 3 chats.')
  })
})
