import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

// Regression: oclif fills a missing optional positional argument from piped stdin, so a password
// given with --password-stdin became the JID and was printed in the error. Needs `npm run build`.
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

describe('secrets piped on stdin never become positional arguments', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
  })

  it('account login --password-stdin keeps the password out of the JID and the output', () => {
    const ws = mkdtempSync(join(tmpdir(), 'xm-stdin-'))
    dirs.push(ws)
    const run = spawnSync(
      process.execPath,
      [bin, 'account', 'login', '--jid', 'bob@example.test', '--password-stdin', '--host', '127.0.0.1', '--port', '1', '-w', ws, '--json'],
      {input: 'S3cret-pw-é', encoding: 'utf8', timeout: 60_000},
    )
    const out = run.stdout + run.stderr
    expect(out).not.toContain('S3cret')
    // It got as far as connecting (port 1 refuses), so the JID came from --jid.
    expect(JSON.parse(run.stdout).error.code).toBe('XMPP_CONNECTION_REFUSED')
    expect(run.status).not.toBe(0)
  })
})
