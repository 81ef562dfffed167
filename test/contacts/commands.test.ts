import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {EXAMPLES, ROOT, tempWorkspace} from './helpers.js'

// The commands as a person runs them: the built CLI (`npm run build` first; `npm test` does) in a
// child process, `--json` parsed.

const BIN = join(ROOT, 'bin', 'run.js')

interface Run {
  code: number | null
  stdout: string
  stderr: string
  json: Record<string, unknown>
}

async function run(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  let json: Record<string, unknown> = {}
  if (args.includes('--json')) json = JSON.parse(stdout) as Record<string, unknown>
  return {code, stdout, stderr, json}
}

let ws: string
let root: string
let cleanup: () => void
beforeAll(async () => {
  const help = await run(['contacts', '--help'])
  if (help.code !== 0) throw new Error(`The CLI is not built (run "npm run build" first): ${help.stderr}`)
})
beforeEach(() => {
  const temp = tempWorkspace()
  ;({root, cleanup} = temp)
  ws = temp.workspace.dir
})
afterEach(() => cleanup())

// Each run starts a Node process (about a second, more on a loaded machine): generous timeouts.
describe('contacts commands', {timeout: 120_000}, () => {
  it('contacts --json: an empty book before any import, then the example book with me', async () => {
    const empty = await run(['contacts', '-w', ws, '--json'])
    expect(empty.code).toBe(0)
    expect(empty.json).toMatchObject({contacts: [], me: {status: 'none'}})

    // `import` rebuilds the book itself: the 7 people are created there, not by `contacts`.
    const imported = await run(['import', '-w', ws, '--json', ...EXAMPLES])
    expect(imported.code).toBe(0)
    expect(imported.json).toMatchObject({contacts: {contacts: 7, created: 7, me: 'sure'}})
    const listed = await run(['contacts', '-w', ws, '--json', '--region', 'fr', '--default-language', 'Français'])
    expect(listed.code).toBe(0)
    expect(listed.json).toMatchObject({region: 'FR', regionSaved: true, language: 'fr', me: {status: 'sure', contactId: 2}, refresh: {created: 0}})
    const contacts = listed.json.contacts as {id: number; name: string; status: string; chats: {title: string}[]}[]
    expect(contacts.map((c) => [c.id, c.name, c.status])).toEqual([
      [1, 'Papa', 'no-jid'],
      [2, 'Claire', 'me'],
      [3, 'Mamie Jeanne', 'no-jid'],
      [4, '+33 6 39 98 45 67', 'no-jid'],
      [5, 'Maman', 'no-jid'],
      [6, 'Inès', 'no-jid'],
      [7, 'Karim', 'no-jid'],
    ])
    // --lang wins; the workspace's language (French, set just above) is the console's otherwise (issue 13).
    const human = await run(['contacts', '-w', ws, '--lang', 'en'])
    expect(human.stdout).toContain('You are Claire (contact 2).')
    const french = await run(['contacts', '-w', ws])
    expect(french.stdout).toMatch(/^ID +NOM +TÉLÉPHONE +JID +LANGUE +CONVERSATIONS +STATUT$/m)
    expect(french.stdout).toMatch(/^5 +Maman +- +- +- +Famille Dupont 🏡, Maman +sans JID$/m)
    expect(french.stdout).toContain('Vous êtes Claire (contact 2). La seule personne présente dans toutes les conversations WhatsApp exportées.')
    const again = await run(['contacts', '-w', ws, '--json', '--region', 'DE'])
    expect(again.json).toMatchObject({region: 'DE', regionSaved: false, language: 'fr'}) // the flag wins for this run; FR stays the default
    const stored = await run(['contacts', '-w', ws, '--json'])
    expect(stored.json).toMatchObject({region: 'FR', language: 'fr'})
    const badLanguage = await run(['contacts', '-w', ws, '--json', '--default-language', 'de'])
    expect(badLanguage.json).toMatchObject({error: {code: 'CONTACTS_BAD_LANGUAGE'}})
    expect(human.stdout).toMatch(/^5 +Maman +- +- +- +Famille Dupont 🏡, Maman +no JID$/m)
  })

  it('set, me, export, import --json: typed results, errors with codes, bad rows with lines and exit code 1', async () => {
    expect((await run(['import', '-w', ws, ...EXAMPLES])).code).toBe(0)

    const set = await run(['contacts', 'set', 'maman', '--jid', 'Maman@Chat.Example.org', '--language', 'fr', '--invite', '-w', ws, '--json'])
    expect(set.code).toBe(0)
    expect(set.json).toMatchObject({changed: ['jid', 'language', 'invite'], contact: {id: 5, jid: 'maman@chat.example.org', language: 'fr', invite: true, status: 'has-jid'}})

    const unknown = await run(['contacts', 'set', 'Tonton', '--jid', 'x@example.org', '-w', ws, '--json'])
    expect(unknown.code).toBe(2)
    expect(unknown.json).toMatchObject({error: {code: 'CONTACT_NOT_FOUND'}})
    const badJid = await run(['contacts', 'set', '1', '--jid', 'papa@maison', '-w', ws, '--json'])
    expect(badJid.json).toMatchObject({error: {code: 'CONTACTS_BAD_JID'}})
    const taken = await run(['contacts', 'set', '1', '--jid', 'maman@chat.example.org', '-w', ws, '--json'])
    expect(taken.json).toMatchObject({error: {code: 'CONTACTS_DUPLICATE_JID'}})

    const me = await run(['contacts', 'me', '-w', ws, '--json'])
    expect(me.json).toMatchObject({me: {status: 'sure', contactId: 2}, contact: {name: 'Claire', isMe: true}})
    const setMe = await run(['contacts', 'me', 'Karim', '-w', ws, '--json'])
    expect(setMe.json).toMatchObject({changed: ['me'], me: {status: 'set', contactId: 7}, contact: {name: 'Karim', status: 'me'}})

    const file = join(root, 'contacts.csv')
    const exported = await run(['contacts', 'export', file, '-w', ws, '--json'])
    expect(exported.json).toMatchObject({file, contacts: 7})

    const imported = await run(['contacts', 'import', join(ROOT, 'fixtures/contacts/libreoffice-semicolon.csv'), '-w', ws, '--json'])
    expect(imported.code).toBe(1)
    expect(imported.json).toMatchObject({format: 'csv', rows: 7, updated: [4, 6]})
    expect((imported.json.errors as {line: number; code: string}[]).map((e) => [e.line, e.code])).toEqual([
      [6, 'CONTACTS_BAD_JID'],
      [7, 'CONTACTS_BAD_LANGUAGE'],
      [8, 'CONTACTS_UNKNOWN_ID'],
    ])
    const human = await run(['contacts', 'import', join(ROOT, 'fixtures/contacts/libreoffice-semicolon.csv'), '-w', ws])
    expect(human.stdout).toMatch(/^  line 6: "papa@@chat.example.org" is not a valid XMPP address: .*\[CONTACTS_BAD_JID\]$/m)

    const vcf = join(root, 'a.vcf')
    writeFileSync(vcf, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Papa\r\nIMPP;X-SERVICE-TYPE=Jabber:xmpp:papa@chat.example.org\r\nEND:VCARD\r\n')
    const card = await run(['contacts', 'import', vcf, '-w', ws, '--json'])
    expect(card.code).toBe(0)
    expect(card.json).toMatchObject({format: 'vcard', updated: [1], errors: []})

    const fromChats = await run(['contacts', 'import', '--from-chats', '-w', ws, '--json'])
    expect(fromChats.json).toMatchObject({format: 'vcard', rows: 0})
    const none = await run(['contacts', 'import', '-w', ws, '--json'])
    expect(none.json).toMatchObject({error: {code: 'CONTACTS_NO_FILE'}})
  })

  it('refuses commands that need imported chats, with a code', async () => {
    const result = await run(['contacts', 'export', join(root, 'x.csv'), '-w', ws, '--json'])
    expect(result.code).toBe(2)
    expect(result.json).toMatchObject({error: {code: 'CONTACTS_NOTHING_IMPORTED'}})
  })
})
