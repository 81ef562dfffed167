/**
 * The built CLI in a pseudo-terminal (util-linux `script` allocates it): standard input is a
 * TTY, so the real prompts run. `answer(question, keys)` waits for a question on the screen,
 * then types. The screen is kept without terminal control sequences, and with French narrow
 * no-break spaces as plain ones (the questions are written with plain spaces).
 */
import {spawn, spawnSync} from 'node:child_process'
import {setTimeout as sleep} from 'node:timers/promises'
import {stripVTControlCharacters} from 'node:util'

import {ROOT} from './helpers.js'

/** Whether `script` is there to make a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version']).status === 0

/** A run of the CLI in a pseudo-terminal. */
export interface TerminalRun {
  /** Waits (up to a minute) for `question` after the previous one, then types `keys`. */
  answer(question: string, keys: string[]): Promise<void>
  /** Everything shown so far. */
  readonly screen: string
  /** The exit code. */
  exited: Promise<number | null>
}

/**
 * Runs `./bin/run.js ...args` in a pseudo-terminal, in the English locale unless `--lang` says,
 * without the variables that would change the run (workspace, CA, language).
 */
export function inTerminal(args: string[]): TerminalRun {
  const quoted = ['./bin/run.js', ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm', LANG: 'C.UTF-8'}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_CA', 'XMPP_MIGRATE_LANG', 'LC_ALL', 'LC_MESSAGES']) delete env[name]
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
  let screen = ''
  let offset = 0
  child.stdout.on('data', (d: Buffer) => (screen += stripVTControlCharacters(d.toString('utf8')).replace(/\u202F/g, ' ')))
  const exited = new Promise<number | null>((done) => child.on('close', done))
  return {
    exited,
    get screen() {
      return screen
    },
    async answer(question: string, keys: string[]): Promise<void> {
      const giveUpAt = Date.now() + 60_000
      while (screen.indexOf(question, offset) < 0) {
        if (Date.now() > giveUpAt) throw new Error(`never asked "${question}":\n${screen.slice(-2500)}`)
        await sleep(20)
      }
      offset = screen.indexOf(question, offset) + question.length
      for (const key of keys) {
        child.stdin.write(key)
        await sleep(50)
      }
    },
  }
}
