import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

// Issue 16, the command layer: a usage error is one small error object with --json, a short
// message without, exit 2 every time, in the console's language; a mistyped command or flag
// gets "did you mean". Runs the built bin (npm test builds first).

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

let root: string
let ws: string

async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const env: NodeJS.ProcessEnv = {...process.env, LANG: 'C.UTF-8', TZ: 'UTC', ...extraEnv}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_LANG', 'LC_ALL', 'LC_MESSAGES', 'DEBUG']) if (!(name in extraEnv)) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}

/** oclif's error output unwrapped (it wraps at the terminal's width, 80 in a pipe). */
function flat(stderr: string): string {
  return stderr.replace(/ *\n ›\s+/g, ' ')
}

/** The one error object of `--json`, checked for its shape. */
function jsonError(stdout: string): {code: string; message: string; suggestions: string[]} {
  const parsed = JSON.parse(stdout) as {error: {name: string; code: string; message: string; suggestions: string[]}}
  expect(Object.keys(parsed)).toEqual(['error'])
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message', 'name', 'suggestions'])
  return parsed.error
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xm-usage-'))
  ws = join(root, 'ws')
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('usage errors (issue 16)', {timeout: 180_000}, () => {
  it('--json with a flag error prints one small error object and exits 2 (not oclif\'s parser state with exit 1)', async () => {
    const unknown = await run(['chats', '--bogus', '--json', '-w', ws])
    expect(unknown.code).toBe(2)
    expect(unknown.stdout.length).toBeLessThan(1000)
    expect(unknown.stdout).not.toContain('pjson')
    const error = jsonError(unknown.stdout)
    expect(error.code).toBe('USAGE_UNKNOWN_FLAG')
    expect(error.message).toBe('xmpp-migrate chats has no flag --bogus.')
    expect(error.suggestions).toContain('Every flag and argument: xmpp-migrate chats --help')

    for (const [args, code, message] of [
      [['history', 'export', '--format', 'doc', '--json', '-w', ws], 'USAGE_BAD_VALUE', '--format doc is not one of the choices: give html, pdf, json, txt or xep0227.'],
      [['rooms', 'create', '--port', 'abc', '--json', '-w', ws], 'USAGE_BAD_VALUE', '--port takes a whole number, not "abc".'],
      [['rooms', 'create', '--port', '0', '--json', '-w', ws], 'USAGE_BAD_VALUE', '--port takes a number of at least 1, not 0.'],
      [['providers', '--refresh', '--json', '-w', ws], 'USAGE_FLAG_CONFLICT', '--refresh goes with --providers.'],
      [['contacts', 'set', '--json', '-w', ws], 'USAGE_MISSING_ARGUMENT', 'xmpp-migrate contacts set needs <contact>.'],
      [['chats', '--lang', 'tlh', '--json', '-w', ws], 'USAGE_BAD_LANG', '"tlh" is not a language xmpp-migrate speaks: give one of en, fr.'],
    ] as const) {
      const r = await run([...args])
      expect(r.code, args.join(' ')).toBe(2)
      const e = jsonError(r.stdout)
      expect(e.code, args.join(' ')).toBe(code)
      expect(e.message, args.join(' ')).toBe(message)
    }
  })

  it('without --json: a short message, its code and exit 2, no usage dump', async () => {
    const r = await run(['chats', '--wokspace', 'x'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(flat(r.stderr)).toContain('xmpp-migrate chats has no flag --wokspace.')
    expect(r.stderr).toContain('Did you mean --workspace?')
    expect(r.stderr).toContain('Code: USAGE_UNKNOWN_FLAG')
    expect(r.stderr).not.toContain('USAGE\n')
    expect(r.stderr.split('\n').length).toBeLessThan(8)
  })

  it('speaks French with --lang fr (before or after the error), and with LANG=fr_FR.UTF-8', async () => {
    const r = await run(['chats', '--bogus', '--lang', 'fr', '-w', ws])
    expect(r.code).toBe(2)
    expect(flat(r.stderr)).toContain('Erreur\u202F: xmpp-migrate chats n’a pas d’option --bogus.')
    expect(r.stderr).toContain('Essayez ceci\u202F:')
    expect(r.stderr).toContain('Code\u202F: USAGE_UNKNOWN_FLAG')
    const env = await run(['history', 'export', '--format', 'doc', '-w', ws], {LANG: 'fr_FR.UTF-8'})
    expect(env.code).toBe(2)
    expect(flat(env.stderr)).toContain('--format doc ne fait pas partie des choix\u202F: indiquez html, pdf, json, txt ou xep0227.')
  })

  it('a French workspace gets its usage errors in French, unless --lang says otherwise', async () => {
    const wsFr = join(root, 'ws-fr')
    const maman = join(import.meta.dirname, '..', '..', 'fixtures', 'example', 'Discussion WhatsApp avec Maman.txt')
    expect((await run(['import', maman, '-w', wsFr])).code).toBe(0)
    expect((await run(['contacts', '--default-language', 'fr', '-w', wsFr])).code).toBe(0)
    const fr = await run(['chats', '--bogus', '-w', wsFr])
    expect(fr.code).toBe(2)
    expect(flat(fr.stderr)).toContain('xmpp-migrate chats n’a pas d’option --bogus.')
    const en = await run(['chats', '--bogus', '--lang', 'en', '-w', wsFr])
    expect(flat(en.stderr)).toContain('xmpp-migrate chats has no flag --bogus.')
    const typo = await run(['chat', '-w', wsFr])
    expect(flat(typo.stderr)).toContain('Vouliez-vous dire\u202F: xmpp-migrate chats')
  })

  it('a mistyped command: "did you mean", exit 2, also as JSON and in French', async () => {
    const r = await run(['chat'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('xmpp-migrate has no command "chat".')
    expect(r.stderr).toContain('Did you mean: xmpp-migrate chats')
    expect(r.stderr).toContain('Code: USAGE_UNKNOWN_COMMAND')

    const json = await run(['chat', '--json'])
    expect(json.code).toBe(2)
    const e = jsonError(json.stdout)
    expect(e.code).toBe('USAGE_UNKNOWN_COMMAND')
    expect(e.suggestions[0]).toBe('Did you mean: xmpp-migrate chats')

    const sub = await run(['contacts', 'sett', 'Mamie'])
    expect(sub.code).toBe(2)
    expect(sub.stderr).toContain('Did you mean: xmpp-migrate contacts set')
    expect(sub.stderr).not.toContain('contacts me')

    const fr = await run(['histoire', 'export', '--lang', 'fr'])
    expect(fr.code).toBe(2)
    expect(flat(fr.stderr)).toContain('xmpp-migrate n’a pas de commande «\u202Fhistoire export\u202F».')
    expect(fr.stderr).toContain('Vouliez-vous dire\u202F: xmpp-migrate history export')

    const far = await run(['zzzzzz'])
    expect(far.code).toBe(2)
    expect(far.stderr).not.toContain('Did you mean')
    expect(far.stderr).toContain('Every command: xmpp-migrate --help')
  })

  it('--lang is one global flag: status takes it, a language without a catalogue is refused, providers still ranks by any language', async () => {
    const status = await run(['status', '--lang', 'fr', '-w', ws])
    expect(status.code).toBe(0)
    const bad = await run(['status', '--lang', 'xx', '-w', ws])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('USAGE_BAD_LANG')
    const providers = await run(['providers', '--lang', 'de', '--json', '-w', ws])
    expect(providers.code).toBe(0)
    expect(Array.isArray(JSON.parse(providers.stdout))).toBe(true)
  })
})
