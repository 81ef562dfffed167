import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {ROOT, runCli, tempRoot} from './helpers.js'
import {KEY} from './prompt-driver.js'
import {hasScript, inTerminal} from './pseudo-terminal.js'

// Issue 16: `migrate` with no export and nothing imported, in a pseudo-terminal (util-linux
// `script`): the how-to per app, then the question where the exports are; a wrong path is said
// and asked again; a folder gives the exports it holds. Without a terminal: the error, with the
// same how-to.

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-undo-pty-'))
})
afterEach(() => cleanup())

describe.skipIf(!hasScript)('migrate without exports, in a pseudo-terminal', {timeout: 120_000}, () => {
  it('says how to export, asks where the exports are, survives a wrong path, takes a folder', async () => {
    const run = inTerminal(['migrate', '--dry-run', '-w', join(dir, 'ws')])
    await run.answer('Where is an export?', [...join(dir, 'nowhere.txt'), KEY.enter])
    await run.answer('Nothing at', [])
    // Correct it: erase, then the bundled example's folder (three exports).
    await run.answer('Where is an export?', ['\u0008'.repeat(200), ...join(ROOT, 'fixtures/example'), KEY.enter])
    await run.answer('3 exports to import', [])
    await run.answer('Another one (empty when that is all):', [KEY.enter])
    await run.answer('Do you already have an XMPP account?', [KEY.down, KEY.enter])
    await run.answer('Which server should your account be on?', [KEY.up, KEY.enter])
    await run.answer('Name of the server (for example chat.example.org):', [...'chat.example.org', KEY.enter])
    await run.answer('Your name on chat.example.org (the part before the @):', [...'claire', KEY.enter])
    await run.answer('How do you want to go about it?', [KEY.down, KEY.down, KEY.enter])
    await run.answer('public rooms', [KEY.enter])
    await run.answer('What about the history?', [KEY.down, KEY.enter])
    expect(await run.exited).toBe(0)
    const screen = run.screen
    expect(screen).toContain('WhatsApp on Android: open the chat')
    expect(screen).toContain('Telegram Desktop: Settings → Advanced → Export Telegram data')
    expect(screen).toContain('Signal on Android')
    expect(screen).toContain('Famille Dupont')
    // Step 2 on a brand-new workspace: done now, not "already done".
    const step2 = screen.slice(screen.indexOf('Step 2/'), screen.indexOf('Step 3/'))
    expect(step2).not.toContain('already done')
  })

  it('without a terminal: the error, with the same how-to, in the person\'s language', async () => {
    const run = await runCli(['migrate', '--yes', '-w', join(dir, 'ws2'), '--lang', 'fr'])
    expect(run.code).toBe(2)
    const text = (run.stdout + run.stderr).replace(/\u202F/g, ' ')
    expect(text).toContain('MIGRATE_NO_EXPORTS')
    expect(text).toContain('Rien n’est encore importé dans cet espace de travail')
    expect(text).toContain('WhatsApp sur Android : ouvrez la discussion')
    expect(text).toContain('Telegram Desktop : Paramètres → Avancés')
  })
})
