import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import * as jsqr from 'jsqr'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

// Issue 16, the command layer: one output convention (--out/-o, a default in the workspace),
// "did you mean" for contact names, `account qr` in a pipe without colour codes and what each
// app needs; issue 13: their texts in English and French. Runs the built bin.

// jsqr is CommonJS whose types declare an ES default export; under NodeNext the callable is `.default`.
const jsQR = jsqr.default as unknown as typeof jsqr.default.default

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const EXAMPLE = join(ROOT, 'fixtures', 'example')
const PASSWORD = 'never-shown-9Xq'

let root: string
let ws: string

async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const env: NodeJS.ProcessEnv = {...process.env, LANG: 'C.UTF-8', TZ: 'UTC', ...extraEnv}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_LANG', 'LC_ALL', 'LC_MESSAGES', 'DEBUG', 'NO_COLOR', 'FORCE_COLOR']) if (!(name in extraEnv)) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}

/**
 * Reads back the plain-character QR code (light modules as blocks: █ both halves light, ▀ the
 * top one, ▄ the bottom one) as an image, and decodes it.
 */
function decodeTextQr(text: string): string | null {
  const rows = text.split('\n').filter((line) => /^[ █▀▄]+$/.test(line) && line.includes('█'))
  const width = Math.max(...rows.map((r) => [...r].length))
  const scale = 4
  const height = rows.length * 2
  const data = new Uint8ClampedArray(width * scale * height * scale * 4)
  rows.forEach((row, y) => {
    ;[...row.padEnd(width, ' ')].forEach((ch, x) => {
      const halves = [ch === '█' || ch === '▀', ch === '█' || ch === '▄']
      halves.forEach((light, half) => {
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = (((y * 2 + half) * scale + dy) * width * scale + x * scale + dx) * 4
            data.fill(light ? 255 : 0, i, i + 3)
            data[i + 3] = 255
          }
      })
    })
  })
  return jsQR(data, width * scale, height * scale, {inversionAttempts: 'attemptBoth'})?.data ?? null
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xm-out-'))
  ws = join(root, 'ws')
  const files = readdirSync(EXAMPLE).map((f) => join(EXAMPLE, f))
  const imported = await run(['import', ...files, '-w', ws])
  expect(imported.code, imported.stderr).toBe(0)
  writeFileSync(join(ws, 'credentials.json'), `${JSON.stringify({version: 1, jid: 'claire@example.org', password: PASSWORD, verifiedAt: '2026-12-06T10:00:00.000Z'})}\n`)
  chmodSync(join(ws, 'credentials.json'), 0o600)
}, 120_000)
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('output flags, names, QR code (issue 16)', {timeout: 180_000}, () => {
  it('contacts export: --out/-o, a default in the workspace, the positional file still works, two files refused', async () => {
    const byDefault = await run(['contacts', 'export', '-w', ws])
    expect(byDefault.code, byDefault.stderr).toBe(0)
    expect(existsSync(join(ws, 'contacts.csv'))).toBe(true)
    expect(byDefault.stdout).toContain(`7 contacts written to ${join(ws, 'contacts.csv')}.`)

    const short = await run(['contacts', 'export', '-o', 'short.csv', '-w', ws])
    expect(short.code, short.stderr).toBe(0)
    expect(existsSync(join(root, 'short.csv'))).toBe(true)

    const positional = await run(['contacts', 'export', 'old-script.csv', '-w', ws, '--lang', 'fr'])
    expect(positional.code, positional.stderr).toBe(0)
    expect(existsSync(join(root, 'old-script.csv'))).toBe(true)
    expect(positional.stdout).toContain('7 contacts écrits dans')

    const both = await run(['contacts', 'export', 'a.csv', '--out', 'b.csv', '--json', '-w', ws])
    expect(both.code).toBe(2)
    expect((JSON.parse(both.stdout) as {error: {code: string}}).error.code).toBe('USAGE_TWO_OUTPUTS')
    expect(existsSync(join(root, 'a.csv')) || existsSync(join(root, 'b.csv'))).toBe(false)
  })

  it('history export writes into the workspace without --out', async () => {
    const r = await run(['history', 'export', '--format', 'txt', '-w', ws])
    expect(r.code, r.stderr).toBe(0)
    expect(readdirSync(join(ws, 'history-txt')).length).toBeGreaterThan(0)
    expect(r.stdout).toContain(`3 chats, 68 messages exported to ${join(ws, 'history-txt')}`)
    const fr = await run(['history', 'export', '--format', 'json', '-o', 'archive-json', '-w', ws, '--lang', 'fr'])
    expect(fr.code, fr.stderr).toBe(0)
    expect(fr.stdout).toContain('3 discussions, 68 messages exportés dans')
  })

  it('chats reads in French with --lang fr (headers, kinds), in English otherwise', async () => {
    const fr = await run(['chats', '--lang', 'fr', '-w', ws])
    expect(fr.code, fr.stderr).toBe(0)
    expect(fr.stdout.split('\n')[0]).toMatch(/^N°\s+TITRE\s+TYPE\s+PERSONNES\s+MESSAGES\s+DÉBUT\s+FIN$/)
    expect(fr.stdout).toMatch(/Maman\s+à deux/)
    const en = await run(['chats', '-w', ws])
    expect(en.stdout.split('\n')[0]).toMatch(/^ID\s+TITLE\s+KIND\s+PEOPLE\s+MESSAGES\s+FIRST\s+LAST$/)
    expect(en.stdout).toMatch(/Maman\s+one-to-one/)
  })

  it('contacts set with a misspelt name suggests the nearest names of the book', async () => {
    const r = await run(['contacts', 'set', 'Mamy', '--jid', 'jeanne@example.org', '--json', '-w', ws])
    expect(r.code).toBe(2)
    const error = (JSON.parse(r.stdout) as {error: {code: string; suggestions: string[]}}).error
    expect(error.code).toBe('CONTACT_NOT_FOUND')
    expect(error.suggestions[0]).toBe('Did you mean "Maman" or "Mamie Jeanne"?')
    const fr = await run(['contacts', 'set', 'Mamie Jeane', '--jid', 'jeanne@example.org', '--json', '--lang', 'fr', '-w', ws])
    expect((JSON.parse(fr.stdout) as {error: {suggestions: string[]}}).error.suggestions[0]).toBe('Vouliez-vous dire «\u202FMamie Jeanne\u202F»\u202F?')
    const far = await run(['contacts', 'set', 'Zorglub', '--jid', 'z@example.org', '--json', '-w', ws])
    expect((JSON.parse(far.stdout) as {error: {suggestions: string[]}}).error.suggestions.join(' ')).not.toContain('Did you mean')
  })

  it('account qr | cat: no colour codes in the pipe, a code that still scans, what Conversations and the other apps need, no password', async () => {
    const r = await run(['account', 'qr', '-w', ws])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toContain('\u001B')
    expect(r.stdout).not.toContain('\u241B')
    expect(decodeTextQr(r.stdout)).toBe(JSON.stringify({protocol: 'xmpp', address: 'claire@example.org', password: PASSWORD}))
    expect(r.stdout).toContain('Conversations (Android) reads this code only on its first screen')
    expect(r.stdout).toContain('Monal, Gajim, Dino and other apps: add an existing account with the address claire@example.org')
    expect(r.stdout).toContain('xmpp-migrate account show --password')
    expect(r.stdout).toContain(join(ws, 'credentials.json'))
    expect(r.stdout + r.stderr).not.toContain(PASSWORD)

    const json = await run(['account', 'qr', '--json', '--lang', 'fr', '-w', ws])
    const result = JSON.parse(json.stdout) as {jid: string; instructions: string[]; warning: string}
    expect(result.jid).toBe('claire@example.org')
    expect(result.instructions[0]).toContain('Conversations (Android) ne lit ce code que sur son premier écran')
    expect(json.stdout).not.toContain(PASSWORD)

    const show = await run(['account', 'show', '-w', ws])
    expect(show.stdout).not.toContain(PASSWORD)
    expect(show.stdout).toContain('Password: not shown (xmpp-migrate account show --password shows it')
    const shown = await run(['account', 'show', '--password', '-w', ws])
    expect(shown.stdout).toContain(`Password: ${PASSWORD}`)
  })

  const hasScript = spawnSync('script', ['--version']).status === 0
  it.skipIf(!hasScript)('account qr on a terminal: colours, except with NO_COLOR', async () => {
    const onTerminal = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const command = `'${process.execPath}' '${BIN}' account qr -w '${ws}'`
      const child = spawn('script', ['-qfec', command, '/dev/null'], {env: {...process.env, LANG: 'C.UTF-8', TERM: 'xterm', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
      await new Promise((done) => child.on('close', done))
      return out
    }
    const coloured = await onTerminal({})
    expect(coloured).toContain('\u001B[47m')
    expect(coloured).not.toContain('\u241B')
    const plain = await onTerminal({NO_COLOR: '1'})
    expect(plain).toContain('Conversations')
    expect(plain).not.toMatch(/\u001B\[\d+m/)
  })
})
