import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

// Issue 14 item 11: `parse --json | head` ended with exit code 13 and no message. A reader that
// stops early is a normal end. Needs `npm run build` (npm test does).

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js')

describe('a reader that closes the pipe early', {timeout: 120_000}, () => {
  it('ends the command quietly with exit code 0 (human and --json output)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xm-epipe-'))
    try {
      const path = join(root, 'WhatsApp Chat with Maman.txt')
      writeFileSync(path, Array.from({length: 20_000}, (_, i) => `01/03/2024, 08:${String(i % 60).padStart(2, '0')} - Maman: message numéro ${i}`).join('\n'))
      for (const json of [true, false]) {
        const child = spawn(process.execPath, [BIN, 'parse', path, ...(json ? ['--json'] : [])], {stdio: ['ignore', 'pipe', 'pipe']})
        let stderr = ''
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
        // Like `head -1`: read the first chunk, then close the pipe.
        await new Promise<void>((done) => child.stdout.once('data', () => done()))
        child.stdout.destroy()
        const code = await new Promise<number | null>((done) => child.on('close', done))
        expect({json, code, stderr}).toEqual({json, code: 0, stderr: ''})
      }
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})
