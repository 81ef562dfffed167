import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {listContacts} from '../../src/contacts/index.js'
import {loadCredentials} from '../../src/credentials/credentials-file.js'
import {runMigration} from '../../src/migrate/migrate-service.js'
import {InquirerAsker} from '../../src/migrate/prompts.js'
import {readStatus} from '../../src/migrate/status.js'
import {Store} from '../../src/store/index.js'
import {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {affiliationList} from '../../src/xmpp/muc.js'
import {EXAMPLES, ROOT, tempRoot} from '../migrate/helpers.js'
import {KEY, PromptDriver} from '../migrate/prompt-driver.js'
import {useTestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// A real interactive migration against the server of this run, driven through the prompts:
// contacts answered one by one, rooms confirmed, then read back from the server.

vi.setConfig({testTimeout: 120_000, hookTimeout: 120_000})

const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-live-'))
})
afterEach(() => cleanup())

describe('migrate, interactive, against the real server', () => {
  it('answers contacts one by one, confirms the rooms; the server has them with the chosen members', async () => {
    const s = server()
    const karim = `${uniqueName('karim')}@${s.domain}`
    await s.createAccount(karim.split('@')[0]!, 'pw')
    const claire = `${uniqueName('claire')}@${s.domain}`
    const workspace = new Workspace(join(dir, 'ws'))
    const driver = new PromptDriver()
    const lines: string[] = []
    const running = runMigration(workspace, {
      exports: EXAMPLES.map((e) => join(ROOT, e)),
      // The account (and how to reach the test server) comes from flags; everything else is asked.
      answers: {contacts: new Map(), account: {jid: claire, action: 'create', host: s.host, port: s.port, ca: s.caFile}},
      lang: 'en',
      dryRun: false,
      asker: new InquirerAsker({input: driver.input, output: driver.output}),
      log: (line) => lines.push(line),
      note: () => {},
      passwordStdin: false,
      timeoutSeconds: 15,
    })
    await driver.answer('Show the QR code that adds this account to Conversations', [KEY.enter])
    await driver.answer('How do you want to go about it?', [KEY.enter])
    // Contacts in id order: Papa, Mamie Jeanne, +33…, Maman, Inès, Karim.
    await driver.answer('Papa (', [KEY.down, KEY.enter]) // invite
    await driver.answer('Mamie Jeanne (', [KEY.down, KEY.down, KEY.enter]) // skip
    // Known only by a number: a name may be given (issue 16); Enter keeps the number.
    await driver.answer('+33 6 39 98 45 67 is known only by a phone number', [KEY.enter])
    await driver.answer('+33 6 39 98 45 67 (', [KEY.down, KEY.down, KEY.enter])
    await driver.answer('Maman (', [KEY.down, KEY.enter])
    await driver.answer('Inès (', [KEY.down, KEY.down, KEY.enter])
    await driver.answer('Karim (', [KEY.enter]) // I know the address
    await driver.answer('XMPP address of Karim:', [...karim, KEY.enter])
    await driver.answer('Which groups should become public rooms', [KEY.enter])
    await driver.answer('Create these rooms now?', [KEY.enter])
    // Share (the server has file upload), the HTML archive, nothing: nothing.
    await driver.answer('What about the history?', [KEY.down, KEY.down, KEY.enter])
    const result = await running

    expect(result.failed).toBe(false)
    expect(result.steps.find((st) => st.step === 'rooms')?.state).toBe('done')
    const store = Store.open(workspace.storePath)
    try {
      const byName = new Map(listContacts(store).map((c) => [c.name, c]))
      expect(byName.get('Karim')?.jid).toBe(karim.toLowerCase())
      expect(byName.get('Papa')?.invite).toBe(true)
      expect(byName.get('Maman')?.invite).toBe(true)
    } finally {
      store.close()
    }
    expect(readStatus(workspace).contacts).toEqual({total: 7, me: 'Claire', withJid: 1, toInvite: 2, skipped: 3, undecided: 0})

    const stored = loadCredentials(workspace)
    if (stored === null) throw new Error('no credentials stored')
    const session = await loginAccount({jid: claire, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, stored.password)
    try {
      expect(await affiliationList(session, `les-amis-du-jeudi@${s.mucDomain}`, 'member')).toEqual([karim.toLowerCase()])
      expect(await affiliationList(session, `famille-dupont@${s.mucDomain}`, 'member')).toEqual([])
    } finally {
      await session.close()
    }
  })
})
