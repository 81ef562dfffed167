import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {EXAMPLES, tempRoot} from './helpers.js'
import {KEY} from './prompt-driver.js'
import {hasScript, inTerminal} from './pseudo-terminal.js'

// The built CLI in a pseudo-terminal (util-linux `script` allocates it): standard input is a
// TTY, so the real prompts run on the process's own stdin/stderr, with the import's progress bar.

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-pty-'))
})
afterEach(() => cleanup())

describe.skipIf(!hasScript)('migrate in a pseudo-terminal', {timeout: 60_000}, () => {
  it('asks on the terminal and prints the plan built from the answers', async () => {
    const run = inTerminal(['migrate', ...EXAMPLES, '--dry-run', '-w', join(dir, 'ws'), '--lang', 'fr'])
    const answer = run.answer.bind(run)
    await answer('Avez-vous déjà un compte XMPP ?', [KEY.down, KEY.enter])
    await answer('Sur quel serveur créer votre compte ?', [KEY.up, KEY.enter])
    await answer('Nom du serveur (par exemple chat.example.org) :', [...'chat.example.org', KEY.enter])
    await answer('Votre nom sur chat.example.org (la partie avant le @) :', [...'claire', KEY.enter])
    await answer('Comment voulez-vous procéder ?', [KEY.down, KEY.down, KEY.down, KEY.enter])
    await answer('salons publics', [KEY.enter])
    await answer('Que faire de l’historique ?', [KEY.down, KEY.enter])
    expect(await run.exited).toBe(0)
    expect(run.screen).toContain('Créerait le compte claire@chat.example.org.')
    expect(run.screen).toContain('famille-dupont@conference.chat.example.org « Famille Dupont 🏡 » (privé)')
    expect(run.screen).toContain('Historique laissé de côté')
    expect(run.screen).toContain('Import [')
  })
})
