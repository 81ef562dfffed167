/**
 * The header scanner reads most lines with a hand-written walk and falls back to the full regex;
 * both must give the same answer for every line (the walk accepts a subset of the regex). This
 * compares them on generated header-like lines for each shape the parser knows.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import type {HeaderFormat} from '../../../src/importers/whatsapp/header-format.js'
import {HeaderScanner} from '../../../src/importers/whatsapp/HeaderScanner.js'

const base: HeaderFormat = {
  platform: 'android',
  timeFirst: false,
  bracket: false,
  dateSeparator: '/',
  dateTrailingDot: false,
  era: 'gregorian',
  joiner: ', ',
  markerPosition: null,
  timeSeparator: ':',
  seconds: false,
  closer: ' -',
  yearPosition: 2,
}

const formats: HeaderFormat[] = [
  base,
  {...base, markerPosition: 'after'},
  {...base, platform: 'ios', bracket: true, closer: ']', seconds: true},
  {...base, platform: 'ios', bracket: true, closer: ']', seconds: true, markerPosition: 'after', joiner: '، '},
  {...base, dateSeparator: '. ', dateTrailingDot: true, joiner: ' ', markerPosition: 'before', yearPosition: 0},
  {...base, joiner: ' ', markerPosition: 'before', yearPosition: 0},
  {...base, platform: 'ios', bracket: true, closer: ']', seconds: true, timeFirst: true},
  {...base, platform: 'ios', bracket: true, closer: ']', seconds: true, era: 'buddhist'},
  {...base, platform: 'legacy', closer: ':', seconds: true, joiner: ' '},
  {...base, dateSeparator: '.', timeSeparator: '.', joiner: ' klo ', platform: 'plain', closer: ''},
]

/** Pieces a header-like line is built from: right ones, wrong ones, and invisible ones. */
const piece = fc.constantFrom(
  '1', '12', '31', '2024', '202', '12345', '0', '٢', '١٨', '/', '.', '. ', '-', ', ', '، ', ' ', '\u00A0', '\u202F', ' à ', ' klo ',
  ':', '14', '56', '01', '9', ' - ', ' – ', '-', '] ', '[', ']', ': ', ' BE', 'AM', 'PM', 'p. m.', 'a.m.', 'pm', '오전', '오후 ', '午前', '下午',
  'م', 'ص', '\u200E', '\u200F', '\u202A', 'Ann: hi', '',
)

function render(f: HeaderFormat, p: {a: string; b: string; c: string; h: string; m: string; s: string; mark: string}): string {
  const date = `${p.a}${f.dateSeparator}${p.b}${f.dateSeparator}${p.c}${f.dateTrailingDot ? '.' : ''}${f.era === 'buddhist' ? ' BE' : ''}`
  let time = `${p.h}${f.timeSeparator}${p.m}${f.seconds ? `${f.timeSeparator}${p.s}` : ''}`
  if (f.markerPosition === 'after') time += `\u202F${p.mark}`
  if (f.markerPosition === 'before') time = `${p.mark} ${time}`
  const body = f.timeFirst ? `${time}${f.joiner}${date}` : `${date}${f.joiner}${time}`
  return f.bracket ? `[${body}] Ann: hi` : `${body}${f.closer === ' -' ? ' -' : f.closer} Ann: hi`
}

const parts = fc.record({
  a: fc.constantFrom('1', '12', '31', '2024', '٢', '123456'),
  b: fc.constantFrom('3', '06', '13'),
  c: fc.constantFrom('22', '2022', '2565'),
  h: fc.constantFrom('0', '9', '12', '23', '24', '٢'),
  m: fc.constantFrom('00', '56', '60', '5'),
  s: fc.constantFrom('00', '59', '61'),
  mark: fc.constantFrom('AM', 'pm', 'p. m.', 'p.\u00A0m.', '오후', '午前', '下午', 'م', 'ص', 'π.μ.'),
})

/** A rendered line with random edits (insertions and deletions), so both valid and broken lines occur. */
const line = fc
  .tuple(fc.nat({max: formats.length - 1}), parts, fc.array(fc.tuple(fc.nat(), piece, fc.boolean()), {maxLength: 3}))
  .map(([fi, p, edits]) => {
    let text = render(formats[fi]!, p)
    for (const [at, ins, del] of edits) {
      const i = at % (text.length + 1)
      text = del ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + ins + text.slice(i)
    }
    return {fi, text}
  })

function scanWith(scanner: HeaderScanner, text: string) {
  // Embedded in a buffer with text around it, as the line splitter hands lines over.
  const buffer = `x\n${text}\r\nnext`
  const end = scanner.scan(buffer, 2, 2 + text.length)
  return end < 0 ? null : {end, c: [scanner.c0, scanner.c1, scanner.c2], time: [scanner.hour, scanner.minute, scanner.second]}
}

describe('HeaderScanner', () => {
  it('the walk and the regex agree on every line', () => {
    const walking = formats.map((f) => new HeaderScanner(f))
    const regexOnly = formats.map((f) => new HeaderScanner(f, {walk: false}))
    let accepted = 0
    fc.assert(
      fc.property(line, ({fi, text}) => {
        const a = scanWith(walking[fi]!, text)
        expect(a).toEqual(scanWith(regexOnly[fi]!, text))
        if (a) accepted++
      }),
      {seed: 4242, numRuns: 5000},
    )
    // The comparison is only meaningful if many lines are headers.
    expect(accepted).toBeGreaterThan(400)
  })

  it('reads numbers and AM/PM', () => {
    const s = new HeaderScanner({...base, markerPosition: 'after'})
    expect(scanWith(s, '1/4/23, 12:05\u202FAM - Ann: hi')).toEqual({end: 2 + '1/4/23, 12:05\u202FAM - '.length, c: [1, 4, 23], time: [0, 5, 0]})
    expect(scanWith(s, '1/4/23, 12:05 p.\u00A0m. - Ann: hi')?.time).toEqual([12, 5, 0])
    expect(scanWith(s, '1/4/23, 13:05 PM - Ann: hi')).toBeNull()
  })
})
