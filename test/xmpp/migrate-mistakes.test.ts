import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {nameVariants} from '../../src/migrate/steps/account.js'
import {EXAMPLES, runCli, tempRoot} from '../migrate/helpers.js'
import {KEY} from '../migrate/prompt-driver.js'
import {hasScript, inTerminal} from '../migrate/pseudo-terminal.js'
import {useTestServer} from '../server/index.js'
import {uniqueName} from './helpers/settings.js'

// Issue 16: the guided flow survives ordinary mistakes, in a pseudo-terminal (util-linux
// `script`), the built CLI against the server of this run: a name already taken, a wrong
// password, a misspelled contact address; and what it tells to run keeps --host/--port/--ca.

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

const server = useTestServer({registration: 'open'})

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({dir, cleanup} = tempRoot('xm-migrate-mistakes-'))
})
afterEach(() => cleanup())

describe.skipIf(!hasScript)('migrate forgives ordinary mistakes (issue 16), in a terminal, against the real server', () => {
  it('a taken name → another proposed and chosen; a misspelled address → reported, corrected; hints keep --host/--port/--ca', async () => {
    const s = server()
    const taken = uniqueName('claire')
    await s.createAccount(taken, 'someone-else-pw')
    const karim = `${uniqueName('karim')}@${s.domain}`
    await s.createAccount(karim.split('@')[0]!, 'pw')
    const papaLocal = uniqueName('papa')
    const ws = join(dir, 'ws')
    const connection = ['--host', s.host, '--port', String(s.port), '--ca', s.caFile]
    const term = inTerminal(['migrate', ...EXAMPLES, '-w', ws, ...connection, '--jid', `${taken}@${s.domain}`, '--account', 'create', '--contact', `Papa=${papaLocal}@exmaple.test`, '--contact', `Karim=${karim}`, '--other-contacts', 'invite', '--history', 'none', '--timeout', '30'])
    await term.answer(`The name ${taken}@${s.domain} is already taken.`, [])
    await term.answer(`Which name on ${s.domain} instead?`, [KEY.enter])
    await term.answer('Show the QR code', [KEY.enter])
    await term.answer(`${papaLocal}@exmaple.test may be misspelled: did you mean ${papaLocal}@${s.domain}?`, [])
    await term.answer('What to do with the address of Papa?', [KEY.enter])
    await term.answer('Which groups should become public rooms', [KEY.enter])
    await term.answer('Create these rooms now?', [KEY.enter])
    const code = await term.exited
    const screen = term.screen
    expect(code, screen.slice(-3000)).toBe(0)
    // The first variant was created and stored.
    const stored = JSON.parse(readFileSync(join(ws, 'credentials.json'), 'utf8')) as {jid: string}
    expect(stored.jid).toBe(`${nameVariants(taken, 'Claire', new Set([taken]))[0]}@${s.domain}`)
    expect(screen).toContain(`✓ Papa: ${papaLocal}@${s.domain}`)
    // Hints name the connection flags given.
    const kept = `-w ${ws} --host ${s.host} --port ${s.port} --ca ${s.caFile}`
    expect(screen).toContain(`xmpp-migrate arrivals --watch ${kept}`)
    expect(screen).toContain(`xmpp-migrate account qr ${kept}`)
    const status = await runCli(['status', '-w', ws, '--json'])
    expect((JSON.parse(status.stdout) as {addressProblems: unknown[]}).addressProblems).toEqual([])
  })

  it('a wrong password twice, then the right one: logged in', async () => {
    const s = server()
    const karim = uniqueName('karim')
    await s.createAccount(karim, 'the-right-pw')
    const ws = join(dir, 'ws')
    const term = inTerminal(['migrate', ...EXAMPLES, '-w', ws, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '--jid', `${karim}@${s.domain}`, '--account', 'login', '--other-contacts', 'skip', '--history', 'none', '--timeout', '30'])
    await term.answer(`Password of ${karim}@${s.domain}:`, [...'wrong-1', KEY.enter])
    await term.answer('Type it again (2 tries left)', [])
    await term.answer(`Password of ${karim}@${s.domain}:`, [...'wrong-2', KEY.enter])
    await term.answer('Type it again (1 try left)', [])
    await term.answer(`Password of ${karim}@${s.domain}:`, [...'the-right-pw', KEY.enter])
    await term.answer('Show the QR code', [KEY.enter])
    await term.answer('Which groups should become public rooms', [KEY.enter])
    await term.answer('Create these rooms now?', [KEY.enter])
    const code = await term.exited
    expect(code, term.screen.slice(-3000)).toBe(0)
    expect(term.screen).toContain(`✓ logged in: ${karim}@${s.domain}`)
    expect(term.screen).not.toContain('the-right-pw')
  })

  it('without a terminal: a misspelled address is in the summary and in status with the command that fixes it; fixed, it is gone', async () => {
    const s = server()
    const claire = `${uniqueName('claire')}@${s.domain}`
    const papaLocal = uniqueName('papa')
    const ws = join(dir, 'ws')
    const connection = ['--host', s.host, '--port', String(s.port), '--ca', s.caFile]
    const run = await runCli(['migrate', ...EXAMPLES, '-w', ws, ...connection, '--yes', '--jid', claire, '--account', 'create', '--contact', `Papa=${papaLocal}@exmaple.test`, '--other-contacts', 'skip', '--history', 'none', '--timeout', '30'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`⚠ Papa: ${papaLocal}@exmaple.test may be misspelled: did you mean ${papaLocal}@${s.domain}?`)
    expect(run.stdout).toContain(`To correct it: xmpp-migrate contacts set Papa --jid ${papaLocal}@${s.domain} -w ${ws} --host ${s.host} --port ${s.port} --ca ${s.caFile}`)
    const status = await runCli(['status', '-w', ws])
    expect(status.stdout).toContain(`⚠ Papa: ${papaLocal}@exmaple.test may be misspelled (did you mean ${papaLocal}@${s.domain}?)`)
    expect(status.stdout).toContain(`xmpp-migrate contacts set Papa --jid ${papaLocal}@${s.domain} -w ${ws}`)
    const french = await runCli(['status', '-w', ws, '--lang', 'fr'])
    expect(french.stdout).toContain(`est peut-être mal écrite (vouliez-vous dire ${papaLocal}@${s.domain}\u202F?)`)
    const fixed = await runCli(['contacts', 'set', 'Papa', '--jid', `${papaLocal}@${s.domain}`, '-w', ws])
    expect(fixed.code, fixed.stderr).toBe(0)
    expect((await runCli(['status', '-w', ws])).stdout).not.toContain('⚠')
  })

  it('without a terminal: a taken name ends with the names to try instead and the command, flags kept', async () => {
    const s = server()
    const taken = uniqueName('claire')
    await s.createAccount(taken, 'someone-else-pw')
    const ws = join(dir, 'ws')
    const run = await runCli(['migrate', ...EXAMPLES, '-w', ws, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '--yes', '--jid', `${taken}@${s.domain}`, '--account', 'create', '--other-contacts', 'skip', '--history', 'none', '--json'])
    expect(run.code).toBe(2)
    const {error} = JSON.parse(run.stdout) as {error: {code: string; message: string; suggestions: string[]}}
    expect(error.code).toBe('XMPP_USERNAME_TAKEN')
    expect(error.message).toBe(`The name ${taken}@${s.domain} is already taken on its server.`)
    expect(error.suggestions[0]).toContain(`xmpp-migrate migrate --jid ${nameVariants(taken, 'Claire', new Set([taken]))[0]}@${s.domain} --account create -w ${ws} --host ${s.host} --port ${s.port} --ca ${s.caFile}`)
    expect(error.suggestions[1]).toContain(`xmpp-migrate migrate --jid ${taken}@${s.domain} --account login -w ${ws} --host ${s.host}`)
  })
})
