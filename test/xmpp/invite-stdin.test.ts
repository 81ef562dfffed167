import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it, vi} from 'vitest'

import {loginAccount} from '../../src/xmpp/account.js'
import {testServerKind, useTestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// Issue 14 item 9: `account create --invite 'xmpp:…;preauth=TOKEN'` put the token in `ps` and the
// shell history. The link is now read from standard input (or asked on the terminal). The built
// CLI (`npm run build` first; npm test does) in a child process.

vi.setConfig({testTimeout: 120_000})
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

async function run(args: string[], stdin: string): Promise<{code: number | null; out: string; json: Record<string, unknown>}> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']})
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
    // human output
  }
  return {code, out: stdout + stderr, json}
}

describe('account create with an invitation', () => {
  // ejabberd 23.01 has no invitation tokens (XEP-0401).
  const server = testServerKind() === 'ejabberd' ? null : useTestServer({registration: 'invite-only'})

  it('refuses the link as a flag value, takes it from stdin (alone, or before the password)', async (ctx) => {
    const s = server?.()
    if (!s) return ctx.skip('ejabberd 23.01 has no invitation tokens')
    const conn = ['--host', s.host, '--port', String(s.port), '--ca', s.caFile]
    const link = await s.createAccountInvite()
    const token = /preauth=([^;&]+)/.exec(link)?.[1] ?? link

    const ws = join(mkdtempSync(join(tmpdir(), 'xm-inv-')), 'ws')
    const name = uniqueName('ines')
    const asFlag = await run(['account', 'create', `${name}@${s.domain}`, ...conn, '-w', ws, '--invite', link, '--json'], '')
    expect(asFlag.code).toBe(2)
    expect(asFlag.json).toMatchObject({error: {code: 'INVITE_AS_FLAG', suggestions: expect.arrayContaining([expect.stringContaining('--invite-stdin')])}})
    expect(asFlag.out).not.toContain(token)

    const piped = await run(['account', 'create', `${name}@${s.domain}`, ...conn, '-w', ws, '--invite-stdin', '--json'], `${link}\n`)
    expect(piped.code, piped.out).toBe(0)
    expect(piped.json).toMatchObject({jid: `${name}@${s.domain}`, usedInvite: true, passwordGenerated: true})
    expect(piped.out).not.toContain(token)

    const other = uniqueName('jules')
    const ws2 = join(mkdtempSync(join(tmpdir(), 'xm-inv-')), 'ws')
    const password = 'Mot de passe: forêt 7'
    const both = await run(['account', 'create', `${other}@${s.domain}`, ...conn, '-w', ws2, '--invite-stdin', '--password-stdin', '--json'], `${await s.createAccountInvite()}\n${password}\n`)
    expect(both.code, both.out).toBe(0)
    expect(both.json).toMatchObject({usedInvite: true, passwordGenerated: false})
    expect(both.out).not.toContain(password)
    await (await loginAccount(settingsFor(s, other), password)).close()
  })
})
