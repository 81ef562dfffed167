import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

// Issue 14 item 4: escape sequences and bidi controls from chat data (names, texts, chat titles,
// file names) never reach the terminal through a command's human output or its error messages;
// `--json` keeps the data, escaped by JSON. Needs `npm run build` (npm test does).

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

// What a terminal would obey: C0 but tab/LF, DEL, C1, bidi controls.
// eslint-disable-next-line no-control-regex
const OBEYED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/

/**
 * Every C0 control but LF and CR (which end a line of the export), DEL, every C1, every bidi
 * control. NUL makes the importer call the file binary when it is in the first 8 KiB: the export
 * below starts with ordinary lines.
 */
const EVERY_CONTROL = [
  ...Array.from({length: 0x20}, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\n' && c !== '\r'),
  '\u007F',
  ...Array.from({length: 0x20}, (_, c) => String.fromCharCode(0x80 + c)),
  '\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069',
].join('')

let root: string
let ws: string
let exportPath: string

async function run(args: string[]): Promise<{code: number | null; out: string; stdout: string}> {
  const env: NodeJS.ProcessEnv = {...process.env, TZ: 'UTC'}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, out: stdout + stderr, stdout}
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xm-esc-'))
  ws = join(root, 'ws')
  exportPath = join(root, 'WhatsApp Chat with Fam\u001B]0;pwned\u0007ille\u001B[2J\u202E.txt')
  writeFileSync(
    exportPath,
    [
      ...Array.from({length: 300}, (_, i) => `01/03/2024, 07:${String(Math.floor(i / 10)).padStart(2, '0')} - Ali: message ordinaire numéro ${i}`),
      '01/03/2024, 08:00 - Eve\u001B[2J\u001B]8;;https://evil.example\u001B\\: salut',
      `01/03/2024, 08:01 - Bob\u202Egnp.exe\u009B31m: ${EVERY_CONTROL}`,
      `01/03/2024, 08:02 - Ali: ${EVERY_CONTROL} fin`,
      '',
    ].join('\n'),
  )
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('terminal escapes from chat data', {timeout: 180_000}, () => {
  it('every human printer neutralizes them; --json keeps them, escaped', async () => {
    const outputs: Record<string, string> = {}
    for (const args of [
      ['parse', exportPath],
      ['import', exportPath, '-w', ws],
      ['chats', '-w', ws],
      ['contacts', '-w', ws],
      ['rooms', 'plan', '-w', ws],
      ['invite', '-w', ws],
      ['parse', join(root, 'missing \u001B[2J\u001B]0;x\u0007.txt')],
    ]) {
      const r = await run(args)
      outputs[args.slice(0, 2).join(' ')] = r.out
      expect(r.out, `${args.join(' ')}: ${JSON.stringify(r.out)}`).not.toMatch(OBEYED)
    }
    // The data is still there, shown.
    expect(outputs[`parse ${exportPath}`]).toContain('Eve\u241B[2J')
    expect(outputs['chats -w']).toContain('Fam\u241B]0;pwned\u2407ille')
    expect(outputs['contacts -w']).toContain('gnp.exe<U+009B>31m')

    const json = await run(['parse', exportPath, '--json'])
    expect(json.code).toBe(0)
    expect(json.stdout).toContain('\\u001b[2J')
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('Eve\\u001b[2J')
  })
})
