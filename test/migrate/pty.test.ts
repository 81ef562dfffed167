import {spawn, spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {stripVTControlCharacters} from 'node:util'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {EXAMPLES, ROOT, tempRoot} from './helpers.js'
import {KEY} from './prompt-driver.js'

// The built CLI in a pseudo-terminal (util-linux `script` allocates it): standard input is a
// TTY, so the real prompts run on the process's own stdin/stderr, with the import's progress bar.

const hasScript = spawnSync('script', ['--version']).status === 0

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-pty-'))
})
afterEach(() => cleanup())

describe.skipIf(!hasScript)('migrate in a pseudo-terminal', {timeout: 60_000}, () => {
  it('asks on the terminal and prints the plan built from the answers', async () => {
    const quoted = ['./bin/run.js', 'migrate', ...EXAMPLES, '--dry-run', '-w', join(dir, 'ws'), '--lang', 'fr'].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
    const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm'}
    delete env.XMPP_MIGRATE_WORKSPACE
    const child = spawn('script', ['-qfec', quoted, '/dev/null'], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
    let screen = ''
    let offset = 0
    // French typography puts narrow no-break spaces before : and ?; the questions below are typed with plain ones.
    child.stdout.on('data', (d: Buffer) => (screen += stripVTControlCharacters(d.toString('utf8')).replace(/\u202F/g, ' ')))
    const exited = new Promise<number | null>((done) => child.on('close', done))
    const answer = async (question: string, keys: string[]): Promise<void> => {
      const giveUpAt = Date.now() + 30_000
      while (screen.indexOf(question, offset) < 0) {
        if (Date.now() > giveUpAt) throw new Error(`never asked "${question}":\n${screen.slice(-1500)}`)
        await sleep(20)
      }
      offset = screen.indexOf(question, offset) + question.length
      for (const key of keys) {
        child.stdin.write(key)
        await sleep(50)
      }
    }
    await answer('Avez-vous déjà un compte XMPP ?', [KEY.down, KEY.enter])
    await answer('Sur quel serveur créer votre compte ?', [KEY.up, KEY.enter])
    await answer('Nom du serveur (par exemple chat.example.org) :', [...'chat.example.org', KEY.enter])
    await answer('Votre nom sur chat.example.org (la partie avant le @) :', [...'claire', KEY.enter])
    await answer('Comment voulez-vous procéder ?', [KEY.down, KEY.down, KEY.down, KEY.enter])
    await answer('salons publics', [KEY.enter])
    await answer('Que faire de l’historique ?', [KEY.down, KEY.enter])
    expect(await exited).toBe(0)
    expect(screen).toContain('Créerait le compte claire@chat.example.org.')
    expect(screen).toContain('famille-dupont@conference.chat.example.org « Famille Dupont 🏡 » (privé)')
    expect(screen).toContain('Historique laissé de côté')
    expect(screen).toContain('Import [')
  })
})
