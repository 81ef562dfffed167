import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {EXAMPLES, ROOT} from '../contacts/helpers.js'

// `history export` as a person runs it: the built CLI (`npm run build` first; `npm test` does)
// in a child process, on a workspace made by `import` of the example exports.

const BIN = join(ROOT, 'bin', 'run.js')

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const childEnv: NodeJS.ProcessEnv = {...process.env, ...env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete childEnv[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}

let ws: string
let root: string
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xm-history-cmd-'))
  ws = join(root, 'ws')
  const imported = await run(['import', '-w', ws, ...EXAMPLES])
  if (imported.code !== 0) throw new Error(`import failed (is the CLI built? npm run build): ${imported.stderr}`)
}, 120_000)

describe('history export command', {timeout: 120_000}, () => {
  it('--json: the html archive of the example chats, in the language of LANG', async () => {
    const out = join(root, 'archive')
    const result = await run(['history', 'export', '-w', ws, '--out', out, '--json'], {LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: ''})
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as {format: string; open: string; chats: {id: number; messages: number; mediaShown: number}[]}
    expect(json.format).toBe('html')
    expect(json.open).toBe(join(out, 'index.html'))
    expect(json.chats.map((c) => c.id)).toEqual([1, 2, 3])
    expect(json.chats.reduce((s, c) => s + c.messages, 0)).toBe(68)
    expect(json.chats[2]?.mediaShown).toBe(2)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<html lang="fr">')
    expect(statSync(out).mode & 0o777).toBe(0o700)
  })

  it('pdf: the documents history upload sends, with the tool labels in place of the raw markers (issue 15)', async () => {
    const out = join(root, 'pdf')
    const result = await run(['history', 'export', '-w', ws, '--format', 'pdf', '--lang', 'fr', '--out', out, '--json'])
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as {format: string; chats: {id: number; files: string[]}[]}
    expect(json.format).toBe('pdf')
    expect(json.chats.map((c) => c.files)).toEqual([['1-historique-famille-dupont.pdf'], ['2-historique-maman.pdf'], ['3-historique-les-amis-du-jeudi.pdf']])
    expect(statSync(out).mode & 0o777).toBe(0o700)
    const family = execFileSync('pdftotext', ['-enc', 'UTF-8', join(out, '1-historique-famille-dupont.pdf'), '-'], {encoding: 'utf8'})
    expect(family).toContain('J\'apporte le dessert')
    expect(family).toContain('Média non inclus dans l’export')
    expect(family).toContain('Voir sur la carte')
    expect(family).not.toContain('<Ce message a été modifié>')
    expect(family).not.toContain('<Médias omis>')
    expect(family).not.toContain('maps.google.com')
    // The photo of the Thursday friends is inside their document.
    const images = execFileSync('pdfimages', ['-list', join(out, '3-historique-les-amis-du-jeudi.pdf')], {encoding: 'utf8'}).trim().split('\n').slice(2)
    expect(images.length).toBeGreaterThanOrEqual(1)
  })

  it('history upload of a one-to-one chat whose person has no address: says so and what to do, before any login', async () => {
    // Issue 15: it used to suggest `rooms create --chat 2`, which fails for a one-to-one chat.
    const result = await run(['history', 'upload', '-w', ws, '--chat', '2', '--json'])
    expect(result.code).toBe(2)
    const json = JSON.parse(result.stdout) as {error: {code: string; message: string; suggestions: string[]}}
    expect(json.error).toMatchObject({code: 'HISTORY_NO_ADDRESS', message: 'Maman has no XMPP address yet, so the history of chat 2 cannot be sent to them.'})
    expect(json.error.suggestions[0]).toMatch(/^Give their address: `xmpp-migrate contacts set \d+ --jid name@server`, then run this again\.$/)
    expect(json.error.suggestions.join(' ')).not.toContain('rooms create')
  })

  it('txt of one chat, with --lang en', async () => {
    const out = join(root, 'text')
    const result = await run(['history', 'export', '-w', ws, '--format', 'txt', '--chat', '2', '--lang', 'en', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^1 chat, 15 messages exported to /)
    expect(readFileSync(join(out, 'chat-2.txt'), 'utf8')).toMatch(/^Maman\n=====\n/)
    // In French, the console says it in French too (--lang is also the archive's language).
    const french = await run(['history', 'export', '-w', ws, '--format', 'txt', '--chat', '2', '--lang', 'fr', '--out', join(root, 'texte')])
    expect(french.code).toBe(0)
    expect(french.stdout).toMatch(/^1 discussion, 15 messages exportés dans .* \(1 fichier, 0,0 Mo\)\.$/m)
  })

  it('errors people can act on: unknown chat, xep0227 without --jid', async () => {
    const unknown = await run(['history', 'export', '-w', ws, '--chat', '42', '--out', join(root, 'x'), '--json'])
    expect(unknown.code).toBe(2)
    expect(JSON.parse(unknown.stdout)).toMatchObject({error: {code: 'CHAT_NOT_FOUND'}})
    const noJid = await run(['history', 'export', '-w', ws, '--format', 'xep0227', '--out', join(root, 'x.xml'), '--json'])
    expect(noJid.code).toBe(2)
    expect(JSON.parse(noJid.stdout)).toMatchObject({error: {code: 'HISTORY_JID_REQUIRED', suggestions: ['Add --jid name@server (your own XMPP address).']}})
  })
})
