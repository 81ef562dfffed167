import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {listContacts} from '../../src/contacts/index.js'
import {loadCredentials} from '../../src/credentials/credentials-file.js'
import type {MigrateRequest} from '../../src/migrate/migrate-service.js'
import {runMigration} from '../../src/migrate/migrate-service.js'
import {InquirerAsker} from '../../src/migrate/prompts.js'
import {readStatus} from '../../src/migrate/status.js'
import {Store} from '../../src/store/index.js'
import {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {roomInfo} from '../../src/xmpp/muc.js'
import {EXAMPLES, ROOT, tempRoot} from '../migrate/helpers.js'
import {KEY, PromptDriver} from '../migrate/prompt-driver.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// Issue 16: a "no" in the guided flow stops what depends on it, says so, and a rerun asks
// again. Driven through the real prompts, against the server of this run, read back from it.

vi.setConfig({testTimeout: 240_000, hookTimeout: 120_000})

const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-undo-'))
})
afterEach(() => cleanup())

function request(s: TestServer, jid: string, driver: PromptDriver, lines: string[], exports: string[], extra: Partial<MigrateRequest['answers']> = {}): MigrateRequest {
  return {
    exports,
    answers: {contacts: new Map(), account: {jid, action: 'create', host: s.host, port: s.port, ca: s.caFile}, ...extra},
    lang: 'en',
    dryRun: false,
    asker: new InquirerAsker({input: driver.input, output: driver.output}),
    log: (line) => lines.push(line),
    note: () => {},
    passwordStdin: false,
    timeoutSeconds: 20,
  }
}

async function roomExists(s: TestServer, workspace: Workspace, jid: string, room: string): Promise<boolean> {
  const stored = loadCredentials(workspace)
  if (stored === null) throw new Error('no credentials stored')
  const session = await loginAccount({jid, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 20_000}, stored.password)
  try {
    return (await roomInfo(session, room)) !== null
  } finally {
    await session.close()
  }
}

describe('migrate: a no stops what depends on it', () => {
  it('"No" to the rooms: no room, no invitation, no arrival, no history shared; the rerun asks again', async () => {
    const s = server()
    const claire = `${uniqueName('claire')}@${s.domain}`
    const workspace = new Workspace(join(dir, 'ws'))
    const famille = `famille-dupont@${s.mucDomain}`
    let driver = new PromptDriver()
    const lines: string[] = []
    const first = runMigration(workspace, request(s, claire, driver, lines, EXAMPLES.map((e) => join(ROOT, e)), {otherContacts: 'invite', history: 'share'}))
    await driver.answer('Show the QR code that adds this account to Conversations', [KEY.enter])
    await driver.answer('Which groups should become public rooms', [KEY.enter])
    await driver.answer('Create these rooms now?', ['n', KEY.enter])
    const result = await first
    const state = (step: string): string | undefined => result.steps.find((st) => st.step === step)?.state
    expect([state('rooms'), state('invitations'), state('arrivals'), state('history')]).toEqual(['skipped', 'skipped', 'skipped', 'skipped'])
    expect(result.steps.find((st) => st.step === 'invitations')?.detail).toContain('the rooms were not created (you answered no)')
    expect(lines.join('\n')).toContain('it asks again')
    // Nothing of what depends on the rooms happened: no room on the server, no kit.
    expect(await roomExists(s, workspace, claire, famille)).toBe(false)
    expect(existsSync(workspace.path('invitations'))).toBe(false)
    expect(readStatus(workspace).rooms.created).toBe(0)
    expect(readStatus(workspace).invitations.kitDir).toBeNull()

    // The rerun asks again; this time yes.
    driver = new PromptDriver()
    const again = await (async () => {
      const running = runMigration(workspace, request(s, claire, driver, [], [], {otherContacts: 'invite', history: 'none'}))
      await driver.answer('Which groups should become public rooms', [KEY.enter])
      await driver.answer('Create these rooms now?', [KEY.enter])
      return running
    })()
    expect(again.steps.find((st) => st.step === 'rooms')?.state).toBe('done')
    expect(again.steps.find((st) => st.step === 'invitations')?.state).toBe('done')
    expect(await roomExists(s, workspace, claire, famille)).toBe(true)
  })

  it('the spreadsheet not filled in: the rooms wait; the rerun asks again, and a number gets a name one by one', async () => {
    const s = server()
    const claire = `${uniqueName('claire')}@${s.domain}`
    const workspace = new Workspace(join(dir, 'ws'))
    let driver = new PromptDriver()
    const lines: string[] = []
    const first = runMigration(workspace, request(s, claire, driver, lines, EXAMPLES.map((e) => join(ROOT, e)), {history: 'none'}))
    await driver.answer('Show the QR code that adds this account to Conversations', [KEY.enter])
    await driver.answer('How do you want to go about it?', [KEY.down, KEY.enter]) // with a spreadsheet
    await driver.answer('File filled in and saved?', ['n', KEY.enter])
    const result = await first
    expect(result.steps.find((st) => st.step === 'rooms')?.state).toBe('skipped')
    expect(result.steps.find((st) => st.step === 'rooms')?.detail).toContain('6 contacts have no answer yet')
    expect(result.steps.find((st) => st.step === 'invitations')?.state).toBe('skipped')
    expect(driver.screen).not.toContain('Create these rooms now?')
    // (The first test's Famille Dupont room holds the plain address on this server: counted from the workspace.)
    expect(readStatus(workspace).rooms.created).toBe(0)

    // Rerun: asked again; one by one this time, and "+33 …" gets a name.
    driver = new PromptDriver()
    const running = runMigration(workspace, request(s, claire, driver, [], [], {history: 'none'}))
    await driver.answer('How do you want to go about it?', [KEY.enter])
    await driver.answer('Papa (', [KEY.down, KEY.enter]) // invite
    await driver.answer('Mamie Jeanne (', [KEY.down, KEY.down, KEY.enter]) // skip
    await driver.answer('+33 6 39 98 45 67 is known only by a phone number', [...'Cousine Lou', KEY.enter])
    await driver.answer('Cousine Lou (', [KEY.down, KEY.enter]) // invite
    await driver.answer('Maman (', [KEY.down, KEY.enter])
    await driver.answer('Inès (', [KEY.down, KEY.down, KEY.enter])
    await driver.answer('Karim (', [KEY.down, KEY.down, KEY.enter])
    await driver.answer('Which groups should become public rooms', [KEY.enter])
    await driver.answer('Create these rooms now?', [KEY.enter])
    const second = await running
    expect(second.steps.find((st) => st.step === 'rooms')?.state).toBe('done')
    const store = Store.open(workspace.storePath)
    try {
      const lou = listContacts(store).find((c) => c.name === 'Cousine Lou')
      expect(lou).toMatchObject({invite: true, jid: null})
      expect(lou?.phone).toBeTruthy()
    } finally {
      store.close()
    }
    const famille = second.plan.rooms.rooms.find((r) => r.name.startsWith('Famille Dupont'))!.address
    expect(await roomExists(s, workspace, claire, famille)).toBe(true)
  })
})
