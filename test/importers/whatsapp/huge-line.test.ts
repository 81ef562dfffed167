/**
 * Issue 14 §6: a huge line crashed the importer ("RangeError: Invalid string length" for a
 * 600 MiB line; ~1.8 GB of memory for 200 MiB). Lines and messages are bounded: past the bound
 * the start is kept, a warning names the line, and memory stays flat.
 */
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {openWhatsAppExport} from '../../../src/importers/whatsapp/index.js'
import {LineSplitter, MAX_LINE_CHARS} from '../../../src/importers/whatsapp/LineSplitter.js'
import {MAX_MESSAGE_CHARS} from '../../../src/importers/whatsapp/MessageReader.js'
import {analyzeWhatsApp, parseWhatsApp, parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'
import type {Message} from '../../../src/model/types.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/hostile/${name}`, import.meta.url))

/** Lines a LineSplitter reports, with the cuts it announces. */
function split(chunks: string[]): {lines: string[]; cuts: Array<[number, number]>; joined: number[]} {
  const lines: string[] = []
  const cuts: Array<[number, number]> = []
  const joined: number[] = []
  const splitter = new LineSplitter({
    line: (b, s, e) => lines.push(b.slice(s, e)),
    cut: (lineNo, length) => cuts.push([lineNo, length]),
    joined: (lineNo) => joined.push(lineNo),
  })
  for (const c of chunks) splitter.push(c)
  splitter.end()
  return {lines, cuts, joined}
}

describe('LineSplitter bounds lines (issue 14 §6)', () => {
  it('cuts a line longer than the bound, whether it is inside one chunk or carried over many', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 1000)
    for (const chunks of [[`a\n${long}\nb\n`], ['a\n', ...long.match(/[\s\S]{1,4096}/g)!, '\nb\n']]) {
      const {lines, cuts} = split(chunks)
      expect(lines.map((l) => l.length)).toEqual([1, MAX_LINE_CHARS, 1])
      expect(lines[2]).toBe('b')
      expect(cuts).toEqual([[2, MAX_LINE_CHARS + 1000]])
    }
  })

  it('a file with old Mac line endings (CR only, no LF at all) keeps every line, however long the file', () => {
    const lines = Array.from({length: 40_000}, (_, i) => `line ${i} ${'y'.repeat(20)}`)
    const text = lines.join('\r')
    const chunks = text.match(/[\s\S]{1,65536}/g)!
    expect(text.length).toBeGreaterThan(MAX_LINE_CHARS)
    const out = split(chunks)
    expect(out.lines).toEqual(lines)
    expect(out.cuts).toEqual([])
  })
})

describe('the WhatsApp parser bounds messages (issue 14 §6)', () => {
  it('a 1 MiB line: the message keeps its start, a warning names the line, the next message is intact', async () => {
    const text = `18/03/2022, 14:00 - Ann: hello\n18/03/2022, 14:01 - Bob: ${'z'.repeat(1024 * 1024)}\n18/03/2022, 14:02 - Ann: still here\n`
    async function* chunks() {
      for (let i = 0; i < text.length; i += 65536) yield text.slice(i, i + 65536)
    }
    const analysis = await analyzeWhatsApp(chunks())
    expect(analysis.issues.filter((i) => i.code === 'WA_LINE_TOO_LONG').map((i) => [i.line, i.message.includes('Line 2 ')])).toEqual([[2, true]])
    expect(analysis.issues.filter((i) => i.code === 'WA_MESSAGE_TOO_LONG')).toEqual([])
    const messages: Message[] = []
    for await (const m of parseWhatsApp(chunks(), analysis)) messages.push(m)
    expect(messages.map((m) => [m.author, m.text.length])).toEqual([
      ['Ann', 5],
      ['Bob', MAX_LINE_CHARS - '18/03/2022, 14:01 - Bob: '.length],
      ['Ann', 10],
    ])
    expect(messages[1]!.text).toMatch(/^z+$/)
  })

  it('a message of endless continuation lines stops growing at the bound, with a warning naming its first line', () => {
    const body = Array.from({length: 20_000}, () => 'w'.repeat(40)).join('\n')
    const text = `18/03/2022, 14:00 - Ann: hi\n18/03/2022, 14:01 - Bob: start\n${body}\n18/03/2022, 14:02 - Ann: bye`
    const {analysis, messages} = parseWhatsAppString(text)
    const warnings = analysis.issues.filter((i) => i.code === 'WA_MESSAGE_TOO_LONG')
    expect(warnings.map((w) => w.line)).toEqual([2])
    expect(messages.map((m) => m.author)).toEqual(['Ann', 'Bob', 'Ann'])
    expect(messages[1]!.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS)
    expect(messages[1]!.text.length).toBeGreaterThan(MAX_MESSAGE_CHARS - 50)
    expect(messages[1]!.text.startsWith('start\nwwww')).toBe(true)
    expect(messages[2]!.text).toBe('bye')
  })
})

describe('a 600 KB zip whose chat is one 600 MiB line (fixtures/hostile/huge-line-600mib.zip)', () => {
  it(
    'imports with flat memory: the long message keeps its start, WA_LINE_TOO_LONG names line 6',
    async () => {
      const rssBefore = process.memoryUsage().rss
      let peak = rssBefore
      const opened = await openWhatsAppExport(fixture('huge-line-600mib.zip'))
      const warning = opened.issues.find((i) => i.code === 'WA_LINE_TOO_LONG')
      expect(warning?.line).toBe(6)
      expect(warning?.message).toContain('Line 6 is 629,145,')
      const chat = opened.chats[0]!
      const summary: Array<[number | undefined, string | null, number]> = []
      let last = ''
      for await (const m of chat.messages()) {
        summary.push([m.line, m.author, m.text.length])
        last = m.text
        peak = Math.max(peak, process.memoryUsage().rss)
      }
      expect(summary.map(([line, author]) => [line, author])).toEqual([
        [1, null],
        [2, null],
        [3, 'Léa Martin'],
        [4, 'Paul Martin'],
        [5, 'Léa Martin'],
        [6, 'Paul Martin'],
        [7, 'Léa Martin'],
      ])
      expect(summary[5]![2]).toBeLessThanOrEqual(MAX_MESSAGE_CHARS)
      expect(last).toBe('Tu as collé quelque chose de très long !')
      // Before the bound, the line alone needed 1.2 GB as a JS string and failed; now a few chunks.
      // Lenient on purpose (GC timing): the point is "not proportional to the line".
      expect(peak - rssBefore).toBeLessThan(400 * 1024 * 1024)
    },
    300_000,
  )
})
