import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {checkServerRegistration} from '../../src/providers/providers-service.js'
import {parseProviderList} from '../../src/providers/provider-list.js'
import {createAccount} from '../../src/xmpp/account.js'
import {checkRegistration} from '../../src/xmpp/registration-check.js'
import {testServerKind, useTestServer, type TestServer} from '../server/index.js'
import {noQuestions, settingsFor, uniqueName} from './helpers/settings.js'

// The live check of a server's registration (stream features + XEP-0077 form), against the test
// server with registration open, closed and invite-only. It must never create an account.

const captchaDir = mkdtempSync(join(tmpdir(), 'xm-captcha-'))

function connection(s: TestServer): {host: string; port: number; caFile: string; timeoutMs: number} {
  return {host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}
}

describe('registration check, open server', () => {
  const server = useTestServer({registration: 'open'})

  it('says in-app: the stream feature and a form asking only a name and a password', async () => {
    const s = server()
    const check = await checkRegistration(s.domain, connection(s))
    expect(check).toMatchObject({domain: s.domain, verdict: 'in-app', streamFeature: true, captcha: false, askedFields: []})
    // Prosody's open test server also loads mod_invites_register (tokens accepted, not required).
    if (s.kind === 'prosody') expect(check).toMatchObject({acceptsInvitations: true, mayRequireInvitation: true})
    else expect(check).toMatchObject({acceptsInvitations: false, mayRequireInvitation: false})
  })

  it('submits nothing: only the form is asked for (a submit could create an account or use up a throttle)', async () => {
    const s = server()
    const out: string[] = []
    await checkRegistration(s.domain, connection(s), {log: (direction, text) => direction === 'out' && out.push(text)})
    const registerIqs = out.filter((text) => text.includes('jabber:iq:register'))
    expect(registerIqs).toHaveLength(1)
    expect(registerIqs[0]).toMatch(/type="get"/)
    expect(out.some((text) => /<auth |<preauth /.test(text))).toBe(false)
    // And the server still lets a person register right after.
    const {session} = await createAccount(settingsFor(s, uniqueName('after-check')), {password: 'after-Check-1', ask: noQuestions, captchaDir})
    await session.close()
  })

  it('the service adds the list\'s entry when the server is listed, nothing when it is not', async () => {
    const s = server()
    const notListed = await checkServerRegistration(s.domain, connection(s))
    expect(notListed.verdict).toBe('in-app')
    expect(notListed).not.toHaveProperty('listed')
    const list = parseProviderList(JSON.stringify([{jid: s.domain, category: 'B', inBandRegistration: false}]), {kind: 'file', location: 'inline'})
    const listed = await checkServerRegistration(s.domain, connection(s), {list})
    // The list says no in-band registration; the live check says what the server does now.
    expect(listed).toMatchObject({verdict: 'in-app', listed: {jid: s.domain, inBandRegistration: false}})
  })

  it('`providers check DOMAIN --json` (the built CLI) gives the same verdict; without --json, the advice', async () => {
    const s = server()
    const flags = ['--host', s.host, '--port', String(s.port), '--ca', s.caFile]
    const json = await runCli(['providers', 'check', s.domain, ...flags, '--json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({domain: s.domain, verdict: 'in-app', streamFeature: true})
    const human = await runCli(['providers', 'check', s.domain, ...flags, '--lang', 'fr'])
    expect(human.stdout).toContain(`${s.domain} permet de créer le compte ici même.`)
  }, 120_000)

  it('an unknown domain on this server is a connection error, not a verdict', async () => {
    const s = server()
    const error = await checkRegistration('nowhere.example.test', connection(s)).catch((e: unknown) => e)
    expect(error).toMatchObject({code: expect.stringMatching(/^XMPP_(HOST_UNKNOWN|TLS_UNTRUSTED)$/)})
  })
})

describe('registration check, closed server', () => {
  const server = useTestServer({registration: 'closed'})

  it('Prosody: closed (no stream feature, the form refused); ejabberd: only a submit would tell', async () => {
    const s = server()
    const check = await checkRegistration(s.domain, connection(s))
    if (s.kind === 'prosody') {
      expect(check).toMatchObject({verdict: 'closed', streamFeature: false, acceptsInvitations: false, mayRequireInvitation: false})
    } else {
      // ejabberd 23.01 applies mod_register's access rule only to the submitted form: the stream
      // feature and the form look open. The check submits nothing, so it cannot know.
      expect(check).toMatchObject({verdict: 'in-app', streamFeature: true, acceptsInvitations: false})
    }
  })
})

describe('registration check, invite-only server', () => {
  const kind = testServerKind()
  // ejabberd 23.01 has no invitation tokens: its 'invite-only' test server is closed (tested above).
  const server = kind === 'ejabberd' ? null : useTestServer({registration: 'invite-only'})

  it('says the server takes invitations and may require one (Prosody shows no more before a submit)', async (ctx) => {
    const s = server?.()
    if (!s) return ctx.skip('ejabberd 23.01 has no invitation tokens (XEP-0401)')
    const check = await checkRegistration(s.domain, connection(s))
    expect(check).toMatchObject({acceptsInvitations: true, mayRequireInvitation: true, verdict: 'in-app'})
  })
})

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/run.js')

/** Runs the built CLI (`npm run build` first; `npm test` does). */
async function runCli(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}
