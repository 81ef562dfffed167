import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {EXAMPLES, runCli, tempRoot} from '../migrate/helpers.js'

/**
 * Issue 13, seen from outside: the built CLI run as a French user would (LANG=fr_FR.UTF-8), over
 * the bundled example, with commands that succeed and commands that fail. What it prints must not
 * read as English: no English function word outside names, paths, links, flags and commands.
 */

// Words that only English sentences have (none is a French word).
const ENGLISH = /\b(the|and|with|your|you|is|are|this|was|were|has|have|not|of|to|for|from|into|will|would|could|should|cannot|there|which|what|when|yet|already|found|missing|try)\b/i

/** The text of a run a person reads, without what is not language: paths, links, flags, commands. */
function prose(output: string, ws: string): string {
  return output
    .replaceAll(ws, '<ws>')
    .replace(/(https?|xmpp):\S+/g, '<link>')
    .replace(/`[^`]*`|«[^»]*xmpp-migrate[^»]*»|xmpp-migrate [^\n,;.()]*/g, '<command>')
    .replace(/--?[a-z][\w-]*(=\S+)?/g, '<flag>')
    .replace(/[\w.+-]+@[\w.-]+/g, '<address>')
    .replace(/\b[\w-]+(\.[\w-]+)+\b/g, '<domain>')
}

function englishLines(output: string, ws: string): string[] {
  return prose(output, ws).split('\n').filter((line) => ENGLISH.test(line))
}

describe('the CLI in French (LANG=fr_FR.UTF-8)', {timeout: 120_000}, () => {
  let dir: string
  let cleanup: () => void
  let ws: string
  const fr = {env: {LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: ''}}

  beforeAll(async () => {
    ;({dir, cleanup} = tempRoot('xm-french-'))
    ws = join(dir, 'ws')
    const run = await runCli(['migrate', ...EXAMPLES, '--dry-run', '--yes', '-w', ws], fr)
    expect(run.code, run.stderr).toBe(0)
  })
  afterAll(() => cleanup())

  const commands: {name: string; args: (ws: string, dir: string) => string[]}[] = [
    {name: 'migrate --dry-run (rerun)', args: (w) => ['migrate', '--dry-run', '--yes', '-w', w]},
    {name: 'status', args: (w) => ['status', '-w', w]},
    {name: 'chats', args: (w) => ['chats', '-w', w]},
    {name: 'contacts', args: (w) => ['contacts', '-w', w]},
    {name: 'contacts set (unknown name)', args: (w) => ['contacts', 'set', 'Personne', '--jid', 'personne@example.org', '-w', w]},
    {name: 'contacts set (bad address)', args: (w) => ['contacts', 'set', 'Papa', '--jid', 'pas une adresse', '-w', w]},
    {name: 'rooms plan', args: (w) => ['rooms', 'plan', '-w', w]},
    {name: 'providers', args: (w) => ['providers', '-w', w]},
    {name: 'history export', args: (w, d) => ['history', 'export', '-w', w, '--out', join(d, 'archive')]},
    {name: 'account show (no account)', args: (w) => ['account', 'show', '-w', w]},
    {name: 'import (file that does not exist)', args: (w, d) => ['import', join(d, 'nothing.zip'), '-w', w]},
    {name: 'a flag error', args: (w) => ['chats', '--bogus', '-w', w]},
  ]

  for (const command of commands) {
    it(command.name, async () => {
      const run = await runCli(command.args(ws, dir), fr)
      const output = `${run.stdout}\n${run.stderr}`
      expect(output.trim().length).toBeGreaterThan(0)
      expect(englishLines(output, ws)).toEqual([])
    })
  }
})
