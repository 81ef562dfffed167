import {Writable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import type {OpenedExport} from '../../src/model/importer.js'
import type {Message} from '../../src/model/types.js'
import {FLUSH_CHARS, writeJsonParseOutput, writeTextParseOutput} from '../../src/ui/parse-output.js'

/** A stream that keeps each write apart, and is slow (asks for `drain`) every third write. */
function recorder(): {out: Writable; writes: string[]} {
  const writes: string[] = []
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8'))
      setImmediate(done)
    },
  })
  return {out, writes}
}

function message(i: number): Message {
  // Two-byte text (accents, emoji) as in real chats, a continuation line, and a control character.
  const text = i % 50 === 0 ? `ligne ${i}\nsuite \u001B[2J` : `Message ${i} : à demain 😀 ${'é'.repeat(i % 40)}`
  return {date: `2024-03-01T08:${String(i % 60).padStart(2, '0')}:00`, author: i % 3 === 0 ? 'Maman' : 'Léa', text, attachment: null, system: false, kind: 'text'}
}

function opened(count: number): OpenedExport {
  const messages = Array.from({length: count}, (_, i) => message(i))
  return {
    source: 'whatsapp',
    path: '/x.txt',
    issues: [],
    chats: [
      {
        info: {source: 'whatsapp', sourceId: 'whatsapp:famille', title: 'Famille', kind: 'group', participants: [{name: 'Maman', phone: null}]},
        async *messages() {
          yield* messages
        },
      },
    ],
  }
}

// Issue 17: strings over ~32K two-byte characters go to V8's large-object space, which made every
// flush map and unmap memory. Writes stay under that, and the document is unchanged.
describe('parse output writers', () => {
  it('writes --json in chunks under 32,000 characters, the same document as one JSON.stringify per message', async () => {
    const {out, writes} = recorder()
    await writeJsonParseOutput(out, opened(5000))
    expect(writes.length).toBeGreaterThan(10)
    for (const w of writes) expect(w.length).toBeLessThan(32_000)
    const document = JSON.parse(writes.join('')) as {chats: {messages: {text: string}[]}[]}
    expect(document.chats[0]?.messages).toHaveLength(5000)
    expect(document.chats[0]?.messages[50]?.text).toBe('ligne 50\nsuite \u001B[2J')
    expect(FLUSH_CHARS).toBeLessThan(32_000)
  })

  it('writes the text output in chunks under 32,000 characters, line for line what one log per line printed', async () => {
    const {out, writes} = recorder()
    await writeTextParseOutput(out, opened(5000))
    expect(writes.length).toBeGreaterThan(10)
    for (const w of writes) expect(w.length).toBeLessThan(32_000)
    const lines = writes.join('').split('\n')
    expect(lines[0]).toBe('# Famille (group, 1 participant)')
    expect(lines[1]).toBe('2024-03-01 08:00:00 Maman: ligne 0')
    expect(lines[2]).toBe('    suite \u241B[2J')
    expect(lines.at(-2)).toBe('# 5,000 messages')
    expect(lines.at(-1)).toBe('')
  })
})
