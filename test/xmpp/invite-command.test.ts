import {spawn} from 'node:child_process'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {beforeAll, describe, expect, it, vi} from 'vitest'

import {setContact} from '../../src/contacts/service.js'
import {parseInvite} from '../../src/xmpp/invite-uri.js'
import {decodePng} from '../invitations/qr-decode.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {testServerKind, useTestServer, type TestServer} from '../server/index.js'

// `invite` as a person runs it: the built CLI (`npm run build` first; `npm test` does) in a
// child process, the password on stdin, `--json` parsed.
vi.setConfig({testTimeout: 120_000})

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(ROOT, 'bin', 'run.js')

async function run(args: string[], stdin: string): Promise<{code: number | null; stdout: string; stderr: string; json: Record<string, unknown>}> {
  const env: NodeJS.ProcessEnv = {...process.env}
  for (const name of ['XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'XMPP_MIGRATE_WORKSPACE', 'DEBUG']) delete env[name]
  const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  child.stdin.end(stdin)
  const code = await new Promise<number | null>((done) => child.on('close', done))
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(stdout) as Record<string, unknown>
  } catch {
    // not JSON output
  }
  return {code, stdout, stderr, json}
}

function conn(s: TestServer): string[] {
  return ['--jid', s.admin.jid, '--host', s.host, '--port', String(s.port), '--ca', s.caFile, '--password-stdin']
}

interface JsonContact {
  name: string
  status: string
  uri: string
  webUrl: string | null
  files: {page: string; png: string}
}

const server = useTestServer({accounts: [{username: 'bruno', password: 'bruno-pw-1'}]})

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'invite.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests (npm test does).')
})

describe('invite command', () => {
  it('writes the kit; tokens stay off the console and out of --json unless --show-links', async (ctx) => {
    const s = server()
    const workspace = await workspaceWithGroups({name: 'Claire', jid: s.admin.jid}, [{title: 'Famille', people: [{name: 'Bruno', jid: `bruno@${s.domain}`}, {name: 'Léa', jid: null}]}])
    setContact(workspace, 'Léa', {invite: true})
    const out = join(workspace.dir, 'kit')
    const password = `${s.admin.password}\n`

    // No contact named and the password piped: the optional arg must not be filled from stdin (oclif ignoreStdin).
    const hidden = await run(['invite', '-w', workspace.dir, '--out', out, '--lang', 'fr', ...conn(s), '--json'], password)
    expect(hidden.code, hidden.stderr + hidden.stdout).toBe(0)
    const contacts = hidden.json.contacts as JsonContact[]
    expect(contacts.map((c) => [c.name, c.status]).sort()).toEqual([['Bruno', 'has-account'], ['Léa', testServerKind() === 'ejabberd' ? 'no-jid' : 'invited']])
    const lea = contacts.find((c) => c.name === 'Léa')
    expect(statSync(out).mode & 0o777).toBe(0o700)
    // The real link is in the kit (the QR code), not in the output.
    const link = decodePng(readFileSync(join(out, lea?.files.png ?? '')))
    expect(link).not.toBeNull()
    expect(readFileSync(join(out, lea?.files.page ?? ''), 'utf8')).toContain('<html lang="fr">')
    // ejabberd 23.01 gives no server invitations: the link that adds Claire carries the tool's own token, hidden the same way.
    const token = parseInvite(link ?? '').token
    expect(hidden.stdout + hidden.stderr).not.toContain(token)
    expect(lea?.uri).toContain('preauth=[hidden]')

    const human = await run(['invite', 'Léa', '-w', workspace.dir, '--out', out, ...conn(s), '--terminal'], password)
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain(testServerKind() === 'ejabberd' ? 'Léa: creates their account in the app, then opens the link (suggested name: lea)' : 'Léa: the link creates their account here (suggested name: lea)')
    expect(human.stdout).toMatch(/[▀▄█]{5}/)
    expect(human.stdout + human.stderr).not.toContain(token)

    const shown = await run(['invite', 'Léa', '-w', workspace.dir, '--out', out, ...conn(s), '--show-links', '--json'], password)
    expect(shown.code, shown.stderr).toBe(0)
    const again = (shown.json.contacts as JsonContact[])[0]
    // Same token as the first run (the workspace's ledger), now shown.
    expect(again?.webUrl ?? again?.uri).toBe(link)
    expect(again?.uri).toContain(`preauth=${token}`)
  })

  it('an unknown contact is CONTACT_NOT_FOUND', async () => {
    const s = server()
    const workspace = await workspaceWithGroups({name: 'Claire', jid: s.admin.jid}, [{title: 'Famille', people: [{name: 'Bruno', jid: null}]}])
    const r = await run(['invite', 'Nobody', '-w', workspace.dir, '--out', join(workspace.dir, 'kit'), ...conn(s), '--json'], `${s.admin.password}\n`)
    expect(r.code).not.toBe(0)
    expect(r.json).toMatchObject({error: {code: 'CONTACT_NOT_FOUND'}})
  })
})
