import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {checkContactJid} from '../../src/contacts/jid.js'
import {parseLanguage} from '../../src/contacts/language.js'
import {displayName, nameKey} from '../../src/contacts/names.js'
import {isKnownRegion, readPhone} from '../../src/contacts/phone.js'
import {isPhoneLabel} from '../../src/contacts/book.js'
import {parseRegion} from '../../src/settings/index.js'

/** Fixed seed: the same cases on every run (tests are deterministic). */
const SEED = 0x4c_65_61

describe('readPhone', () => {
  it.each([
    // [label, region, E.164]
    ['+33 6 12 34 56 78', null, '+33612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['0033 6 12 34 56 78', null, '+33612345678'],
    ['+49 151 23456789', null, '+4915123456789'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+1 415-555-2671', null, '+14155552671'],
    ['(11) 91234-5678', 'BR', '+5511912345678'],
    ['+55 11 91234-5678', null, '+5511912345678'],
    ['098765 43210', 'IN', '+919876543210'],
    ['+91 98765 43210', null, '+919876543210'],
  ] as const)('%s (%s) → %s', (label, region, e164) => {
    expect(readPhone(label, region)).toEqual({kind: 'e164', value: e164})
  })

  it('reads iOS labels: U+202A…U+202C around, U+00A0 and U+2011 inside', () => {
    // ‪+1 (415) 555‑2671‬ as an iPhone export writes an unsaved number.
    expect(readPhone('\u202A+1\u00A0(415)\u00A0555\u20112671\u202C', null)).toEqual({kind: 'e164', value: '+14155552671'})
    expect(readPhone('\u202A+33\u00A06\u00A012\u00A034\u00A056\u00A078\u202C', null)).toEqual({kind: 'e164', value: '+33612345678'})
    expect(readPhone('\u200E+49\u202F151\u202F23456789', null)).toEqual({kind: 'e164', value: '+4915123456789'})
  })

  it('keeps a local number as written when no region is known', () => {
    expect(readPhone('06 12 34 56 78', null)).toEqual({kind: 'local', value: '06 12 34 56 78', digits: '0612345678'})
  })

  it('refuses names and impossible numbers', () => {
    expect(readPhone('Maman', 'FR')).toBeNull()
    expect(readPhone('Tonton Jo 🎸', null)).toBeNull()
    expect(readPhone('+33 6', null)).toBeNull()
    expect(readPhone('+33 6 12 34 56 78 90 12', null)).toBeNull()
    expect(readPhone('2024', 'FR')).toBeNull()
  })

  it('gives one E.164 for every way of writing a French mobile number', () => {
    const separators = fc.constantFrom(' ', '\u00A0', '\u202F', '-', '\u2011', '.', '')
    fc.assert(
      fc.property(fc.constantFrom('6', '7'), fc.array(fc.integer({min: 0, max: 99}), {minLength: 4, maxLength: 4}), separators, fc.constantFrom('+33 ', '0033 ', '0'), fc.boolean(), (first, pairs, sep, prefix, wrap) => {
        const groups = pairs.map((n) => String(n).padStart(2, '0'))
        const written = `${prefix}${first}${sep}${groups.join(sep)}`
        const label = wrap ? `\u202A${written}\u202C` : written
        expect(readPhone(label, 'FR')).toEqual({kind: 'e164', value: `+33${first}${groups.join('')}`})
      }),
      {seed: SEED, numRuns: 500},
    )
  })
})

describe('names', () => {
  it('matches labels whatever their case, normalization form, spaces and push-name tilde', () => {
    expect(nameKey('~ Léa')).toBe(nameKey('LE\u0301A'))
    expect(nameKey('~\u00A0Léa ')).toBe('léa')
    expect(nameKey('\u202AMamie  Jeanne\u202C')).toBe('mamie jeanne')
  })

  it('shows the saved name first, then the push name, then the number', () => {
    expect(displayName(['+33 6 12 34 56 78', '~ Léa', 'Léa M.'], isPhoneLabel)).toBe('Léa M.')
    expect(displayName(['+33 6 12 34 56 78', '~ Léa'], isPhoneLabel)).toBe('Léa')
    expect(displayName(['+33 6 12 34 56 78'], isPhoneLabel)).toBe('+33 6 12 34 56 78')
  })
})

describe('JIDs, languages, regions', () => {
  it.each([
    ['lea@chat.example.org', 'lea@chat.example.org'],
    ['Lea@Chat.Example.ORG', 'lea@chat.example.org'],
    ['xmpp:lea@chat.example.org', 'lea@chat.example.org'],
    ['xmpp:lea@chat.example.org?message', 'lea@chat.example.org'],
    ['xmpp:l%C3%A9a@example.org', 'léa@example.org'],
    ['jo@localhost', 'jo@localhost'],
    ['jo@prosody.test', 'jo@prosody.test'],
  ])('accepts %s as %s', (input, jid) => {
    expect(checkContactJid(input)).toEqual({ok: true, jid})
  })

  it.each(['lea', 'lea@', '@example.org', 'lea@maison', 'lea@192.168.1.10', 'lea@[::1]', 'lea@example.org/phone', 'l ea@example.org', 'a@@example.org', 'lea@exa mple.org'])('refuses %s', (input) => {
    expect(checkContactJid(input).ok).toBe(false)
  })

  it('reads languages and regions', () => {
    expect(['fr', 'FR', 'fr-CA', 'Français', 'en', 'en_GB', 'English', ''].map(parseLanguage)).toEqual(['fr', 'fr', 'fr', 'fr', 'en', 'en', 'en', undefined])
    expect(parseLanguage('de')).toBeNull()
    expect(parseRegion(' fr ')).toBe('FR')
    expect(isKnownRegion('XX')).toBe(false)
    expect(() => parseRegion('France')).toThrow(expect.objectContaining({code: 'CONTACTS_BAD_REGION'}))
  })
})
