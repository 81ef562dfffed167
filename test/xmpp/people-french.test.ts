import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {runInvitee} from '../helpers/invitee.js'
import {EXAMPLES, runCli, tempRoot} from '../migrate/helpers.js'
import {useTestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// Issue 13: what relatives receive, in a French workspace. The guided flow run in French leaves
// French as the workspace language; each member's app (python3-slixmpp, not the project's code)
// gets the room invitation in French, with "tu" by default and "vous" for whom the organizer
// said so (`contacts set --tone vous`). The kit pages of the people invited are French too.

vi.setConfig({testTimeout: 240_000, hookTimeout: 120_000})
const PASSWORD = 'people-fr-pw'
const NNBSP = '\u202F'
const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-people-fr-'))
})
afterEach(() => cleanup())

describe('French texts a member receives over XMPP', () => {
  it('the room invitation reaches each member in French, in the tone the organizer uses with them', async () => {
    const s = server()
    const maman = `${uniqueName('maman')}@${s.domain}`
    const papa = `${uniqueName('papa')}@${s.domain}`
    await s.createAccount(maman.split('@')[0]!, PASSWORD)
    await s.createAccount(papa.split('@')[0]!, PASSWORD)
    const claire = `${uniqueName('claire')}@${s.domain}`
    const ws = join(dir, 'ws')

    // The organizer says "vous" to Papa (before the flow; the workspace has no language yet).
    const imported = await runCli(['import', ...EXAMPLES, '-w', ws])
    expect(imported.code, imported.stderr).toBe(0)
    const tone = await runCli(['contacts', 'set', 'Papa', '--tone', 'vous', '-w', ws, '--json'])
    expect(tone.code, tone.stderr).toBe(0)
    expect((JSON.parse(tone.stdout) as {contact: {tone: string | null}; language: string | null})).toMatchObject({contact: {tone: 'vous'}, language: null})

    const config = join(dir, 'migrate.json')
    writeFileSync(
      config,
      JSON.stringify({lang: 'fr', account: {jid: claire, action: 'create', host: s.host, port: s.port, ca: s.caFile}, contacts: {Maman: maman, Papa: papa}, otherContacts: 'invite', publicGroups: [], history: 'none'}),
    )
    const run = await runCli(['migrate', '--yes', '--config', config, '-w', ws, '--json'])
    expect(run.code, run.stderr + run.stdout).toBe(0)

    // The flow in French left French as the workspace language (for contacts without their own).
    const book = await runCli(['contacts', '-w', ws, '--json'])
    expect((JSON.parse(book.stdout) as {language: string | null}).language).toBe('fr')

    const group = `«${NNBSP}Famille Dupont 🏡${NNBSP}»`
    const mamanApp = await runInvitee(s, maman, PASSWORD, {wait: 2})
    const toMaman = mamanApp.invites.filter((i) => i.room.startsWith('famille-dupont'))
    expect(toMaman.map((i) => i.kind).sort()).toEqual(['direct', 'mediated'])
    for (const invite of toMaman) {
      expect(invite.reason).toBe(`Claire t’invite à rejoindre le groupe ${group} (il remplace le groupe du même nom sur WhatsApp ou Signal).`)
    }
    const papaApp = await runInvitee(s, papa, PASSWORD, {wait: 2})
    const toPapa = papaApp.invites.filter((i) => i.room.startsWith('famille-dupont'))
    expect(toPapa.length).toBeGreaterThanOrEqual(1)
    for (const invite of toPapa) {
      expect(invite.reason).toBe(`Claire vous invite à rejoindre le groupe ${group} (il remplace le groupe du même nom sur WhatsApp ou Signal).`)
    }

    // The people invited (no account yet) get a French kit page, "tu" by default.
    const result = JSON.parse(run.stdout) as {steps: {step: string; state: string}[]}
    expect(result.steps.find((st) => st.step === 'invitations')?.state).toBe('done')
    const kitDir = join(ws, 'invitations')
    const index = readFileSync(join(kitDir, 'index.html'), 'utf8')
    const page = /href="([^"]*mamie-jeanne[^"]*invitation\.html)"/.exec(index)?.[1]
    expect(page).toBeDefined()
    const mamie = readFileSync(join(kitDir, page!), 'utf8')
    expect(mamie).toContain('<html lang="fr">')
    expect(mamie).toContain('Bonjour Mamie Jeanne,')
    expect(mamie).toContain('Claire t’invite sur XMPP')
    expect(mamie).not.toMatch(/\bUTC\b(?!\+|-)/)
  })
})
