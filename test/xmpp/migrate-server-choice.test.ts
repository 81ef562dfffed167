import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {loadCredentials} from '../../src/credentials/credentials-file.js'
import {runMigration} from '../../src/migrate/migrate-service.js'
import {InquirerAsker} from '../../src/migrate/prompts.js'
import {Workspace} from '../../src/workspace.js'
import {EXAMPLES, ROOT, tempRoot} from '../migrate/helpers.js'
import {KEY, PromptDriver} from '../migrate/prompt-driver.js'
import {testServerKind, useTestServer} from '../server/index.js'

// Issue 12: the guided flow checks the chosen server live and refuses one that cannot register
// before asking for a name; on one that can, it asks the name and creates the account.

vi.setConfig({testTimeout: 120_000, hookTimeout: 120_000})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-server-choice-'))
})
afterEach(() => cleanup())

function start(workspace: Workspace, driver: PromptDriver, server: {host: string; port: number; caFile: string}, lines: string[]) {
  return runMigration(workspace, {
    exports: EXAMPLES.map((e) => join(ROOT, e)),
    // Only how to reach the test server comes from flags (as --host/--port/--ca would); the server
    // and the name are chosen in the prompts.
    answers: {contacts: new Map(), account: {jid: '', action: 'create', host: server.host, port: server.port, ca: server.caFile}, otherContacts: 'skip', history: 'none', publicGroups: []},
    lang: 'en',
    dryRun: false,
    asker: new InquirerAsker({input: driver.input, output: driver.output}),
    log: (line) => lines.push(line),
    note: () => {},
    passwordStdin: false,
    timeoutSeconds: 15,
  })
}

describe('migrate: choosing the server of a new account', () => {
  // ejabberd 23.01 checks the name before its access rule (a malformed name gets jid-malformed,
  // open or not), so whether it lets newcomers in cannot be told without registering: there the
  // refusal comes from the registration itself (XMPP_REGISTRATION_CLOSED), after the name.
  describe.skipIf(testServerKind() !== 'prosody')('a server that does not let anyone register', () => {
    const server = useTestServer({registration: 'closed'})
    it('says so and asks for another server, never for a name', async () => {
      const s = server()
      const driver = new PromptDriver()
      const lines: string[] = []
      const running = start(new Workspace(join(dir, 'ws')), driver, s, lines)
      running.catch(() => {})
      await driver.answer('Which server should your account be on?', [KEY.up, KEY.enter])
      await driver.answer('Name of the server (for example chat.example.org):', [...s.domain, KEY.enter])
      // Asked again: the name was never asked.
      await driver.answer('Which server should your account be on?', ['\u0003'])
      await expect(running).rejects.toMatchObject({name: 'ExitPromptError'})
      expect(lines).toContain(`An account cannot be created on ${s.domain} from here.`)
      expect(driver.screen).not.toContain('Your name on')
    })
  })

  describe('a server with open registration', () => {
    const server = useTestServer({registration: 'open'})
    it('asks the name after the check, and creates the account', async () => {
      const s = server()
      const driver = new PromptDriver()
      const lines: string[] = []
      const workspace = new Workspace(join(dir, 'ws'))
      const running = start(workspace, driver, s, lines)
      // A server that cannot be reached as typed (here: its certificate does not name it): the
      // reason is said and the server asked again, the run goes on.
      await driver.answer('Which server should your account be on?', [KEY.up, KEY.enter])
      await driver.answer('Name of the server (for example chat.example.org):', [...'wrong.example', KEY.enter])
      await driver.answer('Which server should your account be on?', [KEY.up, KEY.enter])
      await driver.answer('Name of the server (for example chat.example.org):', [...s.domain, KEY.enter])
      await driver.answer(`Your name on ${s.domain} (the part before the @):`, [...`claire${process.pid}`, KEY.enter])
      await driver.answer('Show the QR code that adds this account to Conversations', [KEY.enter])
      await driver.answer('Create these rooms now?', [KEY.enter])
      const result = await running
      expect(result.steps.find((st) => st.step === 'account')?.state).toBe('done')
      expect(loadCredentials(workspace)?.jid).toBe(`claire${process.pid}@${s.domain}`)
      expect(lines.some((l) => l.includes('wrong.example'))).toBe(true)
    })
  })
})
