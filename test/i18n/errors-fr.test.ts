/**
 * Issue 13: errors and their suggestions come from the catalogue, in the console language.
 * In-process, with setConsoleLanguage (reset after each test: the suite runs in English), and
 * through the built CLI with `--lang fr` and with `LANG=fr_FR.UTF-8`. The English wording is
 * asserted by the existing tests of each area.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {translateFileError, UserError} from '../../src/errors/index.js'
import {setConsoleLanguage} from '../../src/i18n/index.js'
import {openWhatsAppExport} from '../../src/importers/whatsapp/index.js'
import {roomFailure} from '../../src/rooms/room-errors.js'
import {parseAccountJid} from '../../src/xmpp/account-jid.js'
import {translateConnectError} from '../../src/xmpp/errors.js'
import {registrationError} from '../../src/xmpp/registration.js'
import {XmppRequestError} from '../../src/xmpp/XmppRequestError.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const NNBSP = '\u202F'

function caught(work: () => unknown): UserError {
  try {
    work()
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('no error')
}

describe('errors in French (issue 13), in-process', () => {
  afterEach(() => setConsoleLanguage('en'))

  it('an address that is not one: message and suggestion in French, the code unchanged', () => {
    setConsoleLanguage('fr')
    const error = caught(() => parseAccountJid('papa'))
    expect(error.code).toBe('XMPP_INVALID_JID')
    expect(error.message).toBe(`«${NNBSP}papa${NNBSP}» n’est pas une adresse XMPP valide${NNBSP}: il n’y a pas de «${NNBSP}@${NNBSP}» (nom@serveur).`)
    expect(error.suggestions[0]).toContain('Une adresse XMPP ressemble à une adresse e-mail')
    setConsoleLanguage('en')
    expect(caught(() => parseAccountJid('papa')).message).toBe('"papa" is not a valid XMPP address: it has no "@" (name@server).')
  })

  it('a username taken, a server that refuses the connection, a full disk, a refused room', () => {
    setConsoleLanguage('fr')
    const taken = registrationError(new XmppRequestError('conflict', '', 'cancel', ''), {account: 'mamie@example.org', domain: 'example.org', stage: 'submit', invite: false, captcha: false}) as UserError
    expect(taken.code).toBe('XMPP_USERNAME_TAKEN')
    expect(taken.message).toBe('L’adresse mamie@example.org est déjà prise.')
    expect(taken.suggestions.join('\n')).toContain('Choisissez un autre nom')

    const refused = translateConnectError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}), {domain: 'example.org', endpoint: {host: 'xmpp.example.org', port: 5222, directTls: false, source: 'srv'}}) as UserError
    expect(refused.code).toBe('XMPP_CONNECTION_REFUSED')
    expect(refused.message).toBe('Le serveur XMPP de example.org a refusé la connexion sur xmpp.example.org:5222 (ECONNREFUSED).')

    const full = translateFileError(Object.assign(new Error('ENOSPC'), {code: 'ENOSPC'}), '/tmp/ws/contacts.csv', 'Écriture du fichier des contacts') as UserError
    expect(full.code).toBe('FILE_DISK_FULL')
    expect(full.message).toBe(`Écriture du fichier des contacts impossible${NNBSP}: /tmp/ws/contacts.csv${NNBSP}: le disque est plein.`)

    const room = roomFailure(new XmppRequestError('forbidden', 'Not allowed', 'auth', ''), 'famille@conference.example.org', 'configure')
    expect(room.message).toBe(`Le serveur a refusé sa configuration pour famille@conference.example.org (forbidden). Le serveur a répondu${NNBSP}: «${NNBSP}Not allowed${NNBSP}».`)
  })

  it('an importer error (a file that is no export) reads in French', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-fr-'))
    try {
      writeFileSync(join(dir, 'notes.txt'), 'hello\n')
      setConsoleLanguage('fr')
      const error = await openWhatsAppExport(join(dir, 'notes.txt')).then(
        () => null,
        (e: unknown) => e as UserError,
      )
      expect(error?.code).toBe('WA_NOT_AN_EXPORT')
      expect(error?.message).toContain('n’est pas un export de discussion WhatsApp')
      expect(error?.suggestions[0]).toContain('Exporter la discussion')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

interface Run {
  code: number | null
  stderr: string
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = {...process.env, ...env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete childEnv[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stdout.resume()
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  // oclif wraps long lines and indents them with " ›   ": joined again to read the sentences.
  return {code, stderr: stderr.replace(/ *\n ›\s+/g, ' ')}
}

// Each run starts a Node process (a second or more on a loaded machine): generous timeouts.
describe('errors in French (issue 13), through the built CLI', {timeout: 120_000}, () => {
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xm-fr-cli-'))
    const imported = await run(['import', join(ROOT, 'fixtures/example/Discussion WhatsApp avec Maman.txt'), '-w', join(dir, 'ws')])
    if (imported.code !== 0) throw new Error(`The CLI is not built or the import failed (run "npm run build" first): ${imported.stderr}`)
  }, 300_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('--lang fr: "No contact is called" reads in French, with its suggestions and its code', async () => {
    const result = await run(['contacts', 'set', 'Personne', '--name', 'X', '-w', join(dir, 'ws'), '--lang', 'fr'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Aucun contact ne s’appelle «${NNBSP}Personne${NNBSP}».`)
    expect(result.stderr).toContain('pour voir chaque contact avec son numéro')
    expect(result.stderr).toContain('CONTACT_NOT_FOUND')
    expect(result.stderr).not.toContain('No contact is called')
  })

  it('LANG=fr_FR.UTF-8: an invalid address and an export that is not one read in French', async () => {
    const jid = await run(['account', 'login', 'papa', '--password-stdin', '-w', join(dir, 'ws')], {LANG: 'fr_FR.UTF-8'})
    expect(jid.code).toBe(2)
    expect(jid.stderr).toContain('n’est pas une adresse XMPP valide')
    writeFileSync(join(dir, 'notes.txt'), 'hello\n')
    const notExport = await run(['import', join(dir, 'notes.txt'), '-w', join(dir, 'ws')], {LANG: 'fr_FR.UTF-8'})
    expect(notExport.code).toBe(2)
    expect(notExport.stderr).toContain('n’est pas un export de discussion WhatsApp')
    expect(notExport.stderr).toContain('WA_NOT_AN_EXPORT')
  })
})
