import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {setConsoleLanguage} from '../../src/i18n/index.js'
import {runMigration} from '../../src/migrate/migrate-service.js'
import {InquirerAsker} from '../../src/migrate/prompts.js'
import {Workspace} from '../../src/workspace.js'
import {EXAMPLES, ROOT, tempRoot} from './helpers.js'
import {KEY, PromptDriver} from './prompt-driver.js'

// The guided flow driven through its real prompts (a dry run: no server needed).

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-prompts-'))
})
afterEach(() => cleanup())

describe('migrate, interactive dry run', {timeout: 60_000}, () => {
  it('asks the account, the contacts, the public groups and the history, and plans with the answers', async () => {
    const driver = new PromptDriver()
    const lines: string[] = []
    const workspace = new Workspace(join(dir, 'ws'))
    const running = runMigration(workspace, {
      exports: EXAMPLES.map((e) => join(ROOT, e)),
      answers: {contacts: new Map()},
      lang: 'en',
      dryRun: true,
      asker: new InquirerAsker({input: driver.input, output: driver.output}),
      log: (line) => lines.push(line),
      note: () => {},
      passwordStdin: false,
    })
    // Account: "No, create one" is the second choice.
    await driver.answer('Do you already have an XMPP account?', [KEY.down, KEY.enter])
    // Issue 12: public servers that fit are proposed; "another server" is the last choice.
    await driver.answer('Which server should your account be on?', [KEY.up, KEY.enter])
    await driver.answer('Name of the server (for example chat.example.org):', [...'not a server', KEY.enter])
    // Refused by validation: asked again after a correction.
    await driver.answer('Name of the server (for example chat.example.org):', ['\u0008'.repeat(20), ...'chat.example.org', KEY.enter])
    await driver.answer('Your name on chat.example.org (the part before the @):', [...'claire', KEY.enter])
    await driver.answer('How do you want to go about it?', [KEY.down, KEY.down, KEY.enter])
    // Public groups: tick the second group (Les amis du jeudi).
    await driver.answer('Which groups should become public rooms', [KEY.down, KEY.space, KEY.enter])
    await driver.answer('What about the history?', [KEY.enter])
    await driver.answer('Archive folder:', [KEY.enter])
    const result = await running

    expect(result.plan.account).toEqual({jid: 'claire@chat.example.org', action: 'create'})
    expect(result.plan.rooms.rooms.map((r) => [r.address, r.public])).toEqual([
      ['famille-dupont@conference.chat.example.org', false],
      ['les-amis-du-jeudi@conference.chat.example.org', true],
    ])
    expect(result.plan.history).toEqual({format: 'html', dir: workspace.path('history')})
    expect(result.plan.missing).toEqual([])
    // "Invite them all" (third choice) is shown in the plan, not stored (a dry run).
    expect(result.plan.invitations.map((c) => c.name)).toEqual(['Papa', 'Mamie Jeanne', '+33 6 39 98 45 67', 'Maman', 'Inès', 'Karim'])
    expect(lines).toContain('Would create the account claire@chat.example.org.')
    // Public providers that fit were proposed before anything was asked about the server.
    expect(lines).toContain('Public servers that suit you (free, the account is created in the app):')
    expect(lines.filter((l) => l.startsWith('  · ') && / — free · /.test(l)).length).toBeGreaterThanOrEqual(3)
  })

  // Issue 13: in French, the prompts' own hints are French too (the asker follows the console language).
  it('in French, the prompts show French hints', async () => {
    const driver = new PromptDriver()
    const workspace = new Workspace(join(dir, 'ws'))
    setConsoleLanguage('fr')
    try {
      const running = runMigration(workspace, {
        exports: EXAMPLES.map((e) => join(ROOT, e)),
        answers: {contacts: new Map()},
        lang: 'fr',
        dryRun: true,
        asker: new InquirerAsker({input: driver.input, output: driver.output}),
        log: () => {},
        note: () => {},
        passwordStdin: false,
      })
      // Question prefixes only: the flow's punctuation is its own.
      await driver.answer('Avez-vous déjà un compte XMPP', [KEY.down, KEY.enter])
      await driver.answer('Sur quel serveur créer votre compte', [KEY.up, KEY.enter])
      await driver.answer('Nom du serveur', [...'chat.example.org', KEY.enter])
      await driver.answer('Votre nom sur chat.example.org', [...'claire', KEY.enter])
      await driver.answer('Comment voulez-vous procéder', [KEY.down, KEY.down, KEY.enter])
      await driver.answer('Quels groupes doivent devenir des salons publics', [KEY.down, KEY.space, KEY.enter])
      await driver.answer('historique', [KEY.enter])
      await driver.answer('Dossier de l', [KEY.enter])
      const result = await running
      expect(result.plan.rooms.rooms.map((r) => r.public)).toEqual([false, true])
      expect(driver.screen).toContain('↑↓ naviguer • ⏎ choisir')
      expect(driver.screen).toContain('↑↓ naviguer • espace choisir • t tout • i inverser • ⏎ valider')
      expect(driver.screen).not.toMatch(/navigate|submit/)
    } finally {
      setConsoleLanguage('en')
    }
  })
})
