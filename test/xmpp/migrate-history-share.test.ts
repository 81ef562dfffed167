import {writeFileSync} from 'node:fs'
import {request} from 'node:http'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {runInvitee} from '../helpers/invitee.js'
import {EXAMPLES, runCli, tempRoot} from '../migrate/helpers.js'
import {useTestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// Issue 15 from the guided flow: `migrate --history share` sends each one-to-one chat's history to
// its person, in their language, as PDF documents that open in one tap; read back by another
// client (python3-slixmpp), the link fetched as a phone would.

vi.setConfig({testTimeout: 240_000, hookTimeout: 120_000})
const PASSWORD = 'share-test-pw'
const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-share-'))
})
afterEach(() => cleanup())

function fetchHead(url: string): Promise<{status: number; type: string | undefined; bytes: number}> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let bytes = 0
      res.on('data', (d: Buffer) => (bytes += d.length))
      res.on('end', () => resolve({status: res.statusCode ?? 0, type: res.headers['content-type'], bytes}))
    })
      .on('error', reject)
      .end()
  })
}

describe('migrate --history share', () => {
  it('sends the one-to-one history to the person as PDF documents, in their language; a rerun sends nothing again', async () => {
    const s = server()
    const maman = `${uniqueName('maman')}@${s.domain}`
    const papa = `${uniqueName('papa')}@${s.domain}`
    await s.createAccount(maman.split('@')[0]!, PASSWORD)
    await s.createAccount(papa.split('@')[0]!, PASSWORD)
    const claire = `${uniqueName('claire')}@${s.domain}`
    const config = join(dir, 'migrate.json')
    writeFileSync(config, JSON.stringify({lang: 'fr', account: {jid: claire, action: 'create', host: s.host, port: s.port, ca: s.caFile}, contacts: {Maman: maman, Papa: papa}, otherContacts: 'skip', publicGroups: [], history: 'share'}))
    const ws = join(dir, 'ws')
    const first = await runCli(['migrate', ...EXAMPLES, '--yes', '--config', config, '-w', ws, '--json'])
    expect(first.code, first.stderr + first.stdout).toBe(0)
    const result = JSON.parse(first.stdout) as {steps: {step: string; state: string}[]; status: {next: string; historyShared: boolean}}
    expect(result.steps.find((st) => st.step === 'history')?.state).toBe('done')
    expect(result.status.historyShared).toBe(true)

    // Maman's app: the announcement and the documents, each with its link (XEP-0066).
    const app = await runInvitee(s, maman, PASSWORD, {wait: 2.5})
    const fromClaire = app.messages.filter((msg) => msg.from.split('/')[0] === claire.toLowerCase())
    expect(fromClaire.length).toBeGreaterThanOrEqual(2)
    expect(fromClaire[0]?.body).toMatch(/historique/i)
    const links = fromClaire.flatMap((msg) => (msg.url ? [msg.url] : []))
    expect(links.length).toBeGreaterThanOrEqual(1)
    for (const url of links) {
      expect(url).toMatch(/\.pdf$/)
      const got = await fetchHead(url)
      expect(got.status).toBe(200)
      expect(got.type).toMatch(/^application\/pdf/)
      expect(got.bytes).toBeGreaterThan(1000)
    }

    const second = await runCli(['migrate', '--yes', '--config', config, '-w', ws, '--json'])
    expect(second.code, second.stderr + second.stdout).toBe(0)
    expect((JSON.parse(second.stdout) as {steps: {step: string; state: string}[]}).steps.find((st) => st.step === 'history')?.state).toBe('already-done')
    expect((await runInvitee(s, maman, PASSWORD, {wait: 1.5})).messages).toEqual([])
  })
})
