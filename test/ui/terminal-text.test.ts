import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {terminalSafe} from '../../src/ui/terminal-text.js'

// Issue 14 item 4: what the terminal would obey (C0 but tab/LF, DEL, C1) or use to reorder the
// line (bidi embeddings, overrides, isolates, marks).
// eslint-disable-next-line no-control-regex
const OBEYED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/

const hostileChar = fc.oneof(
  fc.integer({min: 0, max: 0x9f}).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', 'é', '😀', '\u2400', '<', 'U', '+'),
)

describe('terminalSafe', () => {
  it('neutralizes every C0/C1 control and bidi control, keeps tab, LF and every other character, is idempotent', () => {
    fc.assert(
      fc.property(fc.string({unit: hostileChar, maxLength: 40}), (text) => {
        const safe = terminalSafe(text)
        expect(safe).not.toMatch(OBEYED)
        expect(terminalSafe(safe)).toBe(safe)
        if (!OBEYED.test(text)) expect(safe).toBe(text)
        expect(safe.split('\n').length).toBe(text.split('\n').length)
      }),
      {seed: 14, numRuns: 3000},
    )
  })

  it('shows what was there', () => {
    expect(terminalSafe('a\u001B[2Jb\u001B]0;t\u0007\r\u007F')).toBe('a\u241B[2Jb\u241B]0;t\u2407\u240D\u2421')
    expect(terminalSafe('x\u009B31m\u202Ey')).toBe('x<U+009B>31m<U+202E>y')
    expect(terminalSafe('Famille Dupont 🏡\tok\n')).toBe('Famille Dupont 🏡\tok\n')
  })
})
