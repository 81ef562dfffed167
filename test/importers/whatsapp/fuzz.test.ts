/**
 * Property tests of the WhatsApp parser (fast-check): garbled input never crashes it, and a
 * well-formed export round-trips. Seeds are fixed so runs are deterministic.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {UserError} from '../../../src/errors/index.js'
import {analyzeWhatsApp, parseWhatsApp, parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'

const SEED = 20261126

/** Runs the parser; returns the messages, null for WA_NOT_AN_EXPORT, rethrows anything else. */
function tryParse(text: string) {
  try {
    return parseWhatsAppString(text)
  } catch (e) {
    if (e instanceof UserError && e.code === 'WA_NOT_AN_EXPORT') return null
    throw e
  }
}

/** Pieces that make garbage look like WhatsApp lines, to reach deep into the parser. */
const fragment = fc.constantFrom(
  '[', ']', '/', '.', '-', ', ', ' - ', ': ', '\u200E', '\u200F', '\u202A', '\u202C', '\u202F', '\u00A0', '\uFEFF', '\r', '\n', '\r\n',
  '12', '31', '2024', '٢٠٢٢', '١٨', '۱۲', ' BE', ' à ', ' klo ', '오후 ', '午前', ' PM', ' p. m.', 'م', '<Media omitted>',
  '<attached: x.jpg>', ' (file attached)', 'POLL:', 'https://maps.google.com/?q=1,2', ' created group "', '“', '«', '14:56', '9.05.01', 'Ann',
)
/** Lines shaped like headers of many formats (valid or not), with random bodies. */
const nearHeader = fc
  .record({
    open: fc.constantFrom('', '[', '\u200E[', '\u200F'),
    a: fc.constantFrom('1', '12', '13', '31', '0', '٢', '2024', '99'),
    b: fc.constantFrom('1', '06', '13', '45', '١٢'),
    c: fc.constantFrom('22', '2022', '2565', '٢٠٢٢', '5'),
    sep: fc.constantFrom('/', '.', '-', '. ', '\u200F/'),
    join: fc.constantFrom(', ', ' ', ' à ', '، ', ' klo ', ''),
    mark: fc.constantFrom('', '오후 ', '午前'),
    time: fc.constantFrom('14:56', '9:05', '25:61', '14.56.01', '12:00:00', '٢:٥٦:٠٠'),
    after: fc.constantFrom('', '\u202FPM', ' a. m.', '\u00A0م', ' am'),
    close: fc.constantFrom(' - ', '] ', ': ', ' '),
    rest: fc.oneof(fragment, fc.string({maxLength: 20}), fc.constantFrom('Ann: hi', 'Ann: \u200Ehi', 'Ann:', 'Bob: <Media omitted>', 'Club: x: \u200EBob left')),
  })
  .map((r) => `${r.open}${r.a}${r.sep}${r.b}${r.sep}${r.c}${r.join}${r.mark}${r.time}${r.after}${r.close}${r.rest}`)
const garbage = fc.oneof(
  {arbitrary: fc.string({unit: 'binary', maxLength: 200}), weight: 1},
  {arbitrary: fc.array(fc.oneof(fragment, fc.string({maxLength: 6})), {maxLength: 60}).map((parts) => parts.join('')), weight: 1},
  {
    arbitrary: fc.array(fc.oneof(nearHeader, nearHeader, nearHeader, fragment, fc.string({maxLength: 12})), {maxLength: 30}).map((lines) => lines.join('\n')),
    weight: 4,
  },
)

describe('fuzz: any input', () => {
  it('never throws anything but UserError WA_NOT_AN_EXPORT', () => {
    fc.assert(
      fc.property(garbage, (text) => {
        const result = tryParse(text)
        if (result !== null) {
          // What it does return is consistent: pass 1 counted what pass 2 yields.
          expect(result.messages.length).toBe(result.analysis.messageCount)
          for (const m of result.messages) expect(m.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
        }
      }),
      {seed: SEED, numRuns: 2000},
    )
  })

  it('the garbage generator reaches the message parser (not only the WA_NOT_AN_EXPORT path)', () => {
    const parsed = fc.sample(garbage, {seed: SEED, numRuns: 2000}).filter((text) => (tryParse(text)?.messages.length ?? 0) > 0)
    expect(parsed.length).toBeGreaterThan(100)
  })
})

/** A header shape to render, with what the parser must read back. */
interface Shape {
  platform: 'android' | 'ios'
  order: 'dmy' | 'mdy'
  clock: 12 | 24
  sep: '/' | '.' | '-'
}

interface GenMessage {
  author: string
  lines: string[]
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  platform: fc.constantFrom('android', 'ios'),
  order: fc.constantFrom('dmy', 'mdy'),
  clock: fc.constantFrom(12, 24),
  sep: fc.constantFrom('/', '.', '-'),
})

// Words that cannot form placeholders, events or headers; lines start with a letter.
const word = fc.constantFrom('hello', 'café', 'ça', 'va', 'ok:', 'yes', 'NON', 'à', 'demain', '12', '3/4', '🙂', '👨‍👩‍👧‍👦', '🏳️‍🌈', 'x-y', '(test)', 'b: c')
const line = fc.tuple(fc.constantFrom('Salut', 'and', 'Zut', 'ok', 'Ça'), fc.array(word, {maxLength: 8})).map(([first, rest]) => [first, ...rest].join(' '))
const body = fc.tuple(line, fc.array(fc.oneof(line, fc.constant('')), {maxLength: 3}), fc.option(line, {nil: undefined})).map(([first, middle, last]) =>
  last === undefined || middle.length === 0 ? [first] : [first, ...middle, last],
)
const messageArb: fc.Arbitrary<GenMessage> = fc.record({
  author: fc.constantFrom('Ann', 'Bob - Plumber', '~\u202FZoé', '+33 6 12 34 56 78', '🌻 Mamie'),
  lines: body,
  y: fc.integer({min: 2010, max: 2030}),
  mo: fc.integer({min: 1, max: 12}),
  d: fc.integer({min: 1, max: 28}),
  h: fc.integer({min: 0, max: 23}),
  mi: fc.integer({min: 0, max: 59}),
  s: fc.integer({min: 0, max: 59}),
})

const p2 = (n: number) => `${n}`.padStart(2, '0')

function renderHeader(shape: Shape, m: GenMessage): string {
  const date = (shape.order === 'dmy' ? [m.d, m.mo, m.y] : [m.mo, m.d, m.y]).map((n, i) => (i === 2 ? `${n}` : p2(n))).join(shape.sep)
  let time: string
  if (shape.clock === 24) time = `${p2(m.h)}:${p2(m.mi)}`
  else time = `${m.h % 12 === 0 ? 12 : m.h % 12}:${p2(m.mi)}`
  if (shape.platform === 'ios') time += `:${p2(m.s)}`
  if (shape.clock === 12) time += `\u202F${m.h < 12 ? 'AM' : 'PM'}`
  return shape.platform === 'ios' ? `[${date}, ${time}] ` : `${date}, ${time} - `
}

function render(shape: Shape, messages: GenMessage[]): string {
  const eol = shape.platform === 'ios' ? '\r\n' : '\n'
  return messages.map((m) => `${renderHeader(shape, m)}${m.author}: ${m.lines.join(eol)}`).join(eol)
}

function expectedDate(shape: Shape, m: GenMessage): string {
  return `${m.y}-${p2(m.mo)}-${p2(m.d)}T${p2(m.h)}:${p2(m.mi)}:${shape.platform === 'ios' ? p2(m.s) : '00'}`
}

// The first message carries the day/month proof (a day above 12), so inference is decided.
const exportArb = fc.tuple(shapeArb, messageArb, fc.array(messageArb, {maxLength: 25}), fc.integer({min: 13, max: 28})).map(([shape, first, rest, day]) => ({
  shape,
  messages: [{...first, d: day}, ...rest],
}))

describe('fuzz: well-formed exports', () => {
  it('round-trip: count, authors, texts and dates preserved', () => {
    fc.assert(
      fc.property(exportArb, ({shape, messages}) => {
        const {analysis, messages: parsed} = parseWhatsAppString(render(shape, messages))
        expect(analysis.dateOrder).toBe(shape.order)
        expect(parsed.map((m) => [m.author, m.text, m.date])).toEqual(messages.map((m) => [m.author, m.lines.join('\n'), expectedDate(shape, m)]))
        expect(analysis.messageCount).toBe(messages.length)
      }),
      {seed: SEED, numRuns: 300},
    )
  })

  it('streaming in chunks of any size gives the same messages', async () => {
    await fc.assert(
      fc.asyncProperty(exportArb, fc.integer({min: 1, max: 50}), async ({shape, messages}, size) => {
        const text = `\uFEFF${render(shape, messages)}`
        async function* chunks() {
          for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
        }
        const analysis = await analyzeWhatsApp(chunks())
        const streamed = []
        for await (const m of parseWhatsApp(chunks(), analysis)) streamed.push(m)
        expect(streamed).toEqual(parseWhatsAppString(text).messages)
      }),
      {seed: SEED, numRuns: 150},
    )
  })

  it('random garbage lines inserted never crash, and letter-led garbage stays inside messages', () => {
    fc.assert(
      fc.property(exportArb, fc.array(fc.tuple(fc.nat(), garbage), {maxLength: 10}), fc.boolean(), ({shape, messages}, inserts, letterLed) => {
        const eol = shape.platform === 'ios' ? '\r\n' : '\n'
        const lines = render(shape, messages).split(eol)
        for (const [at, junk] of inserts) {
          // Inserted after the first line, so the export still starts with a header.
          const text = letterLed ? `x${junk.replace(/[\r\n]/g, ' ')}` : junk
          lines.splice(1 + (at % lines.length), 0, text)
        }
        const result = tryParse(lines.join(eol))
        if (letterLed) {
          expect(result).not.toBeNull()
          expect(result!.messages.length).toBe(messages.length)
          expect(result!.messages.map((m) => m.author)).toEqual(messages.map((m) => m.author))
        }
      }),
      {seed: SEED, numRuns: 300},
    )
  })
})
