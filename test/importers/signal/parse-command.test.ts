import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {Config} from '@oclif/core'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import Parse from '../../../src/commands/parse.js'
import {FIXTURE_NAMES, writeSignalFixtures} from './make-fixtures.js'
import {RECOVERY_KEY_DISPLAYED} from './scenario.js'

const ROOT = join(import.meta.dirname, '../../..')
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xm-signal-parse-'))
  await writeSignalFixtures(dir)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** Runs `parse` in-process with stdout captured and, when given, `stdin` as standard input. */
async function runParse(argv: string[], stdin?: string): Promise<{stdout: string; exitCode: number | undefined}> {
  const config = await Config.load({root: ROOT})
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin')
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  // oclif prints --json errors with console.log, which vitest intercepts.
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    chunks.push(`${parts.map(String).join(' ')}\n`)
  })
  if (stdin !== undefined) Object.defineProperty(process, 'stdin', {value: Readable.from([Buffer.from(stdin)]), configurable: true})
  const before = process.exitCode
  try {
    // _run is what oclif's own runner calls: init (flags), run, catch.
    await (new Parse(argv, config) as unknown as {_run(): Promise<unknown>})._run()
    return {stdout: chunks.join(''), exitCode: process.exitCode === before ? undefined : Number(process.exitCode)}
  } finally {
    process.stdout.write = write
    log.mockRestore()
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor)
    process.exitCode = before
  }
}

describe('xmpp-migrate parse with Signal inputs', () => {
  it('prints the parse --json contract for a backup v2, the recovery key read from stdin', async () => {
    const {stdout} = await runParse([join(dir, FIXTURE_NAMES.backupsFolder), '--recovery-key-stdin', '--json'], `${RECOVERY_KEY_DISPLAYED}\n`)
    const parsed = JSON.parse(stdout) as {source: string; chats: Array<{title: string; participants: unknown[]; messages: Array<Record<string, unknown>>}>}
    expect(parsed.source).toBe('signal')
    expect(parsed.chats.map((c) => c.title)).toEqual(['Famille Martin 🏡', 'Sophie Martin'])
    expect(parsed.chats[1]?.participants).toEqual([{name: 'Sophie Martin', phone: '+33622222222'}])
    expect(parsed.chats[0]?.messages[4]).toEqual({
      date: '2024-05-03T08:04:00.123Z',
      author: 'Camille Martin',
      text: "Photo de l'anniversaire",
      attachment: 'anniversaire.jpg',
      system: false,
      kind: 'media',
    })
    expect(stdout).not.toContain('ABCD')
  })

  it('a wrong recovery key gives the error code with --json and a non-zero exit code', async () => {
    const {stdout, exitCode} = await runParse([join(dir, FIXTURE_NAMES.backupsFolder), '--recovery-key-stdin', '--json'], `${'0'.repeat(64)}\n`)
    expect(JSON.parse(stdout)).toMatchObject({error: {code: 'SIGNAL_BACKUP_MAC_MISMATCH'}})
    expect(exitCode).toBe(2)
    expect(stdout).not.toContain('0'.repeat(64))
  })

  it('an encrypted input without its secret and without a terminal asks for the stdin flag', async () => {
    const {stdout, exitCode} = await runParse([join(dir, FIXTURE_NAMES.legacyV1), '--json'], '')
    expect(JSON.parse(stdout)).toMatchObject({error: {code: 'SIGNAL_PASSPHRASE_REQUIRED', suggestions: [expect.stringContaining('--passphrase-stdin')]}})
    expect(exitCode).toBe(2)
  })
})
