import {describe, expect, it} from 'vitest'

import {parseAccountJid} from '../../src/xmpp/account-jid.js'

describe('parseAccountJid', () => {
  it('splits and lower-cases', () => {
    expect(parseAccountJid(' Marie@Chat.Example.ORG ')).toEqual({local: 'marie', domain: 'chat.example.org', bare: 'marie@chat.example.org'})
  })

  it('accepts accented names and IDN domains, composed (NFC)', () => {
    expect(parseAccountJid('he\u0301le\u0300ne@café.example').bare).toBe('hélène@café.example')
  })

  it('refuses what is not an account address, saying why', () => {
    const cases: [string, RegExp][] = [
      ['marie', /no "@"/],
      ['@example.org', /empty/],
      ['marie@example.org/phone', /after "\/"/],
      ['ma rie@example.org', /space/],
      ['marie@exa mple.org', /not a server name/],
      ['marie@', /not a server name/],
      ["o'brien@example.org", /space or one of/],
    ]
    for (const [input, why] of cases) {
      expect(() => parseAccountJid(input), input).toThrow(expect.objectContaining({code: 'XMPP_INVALID_JID', message: expect.stringMatching(why)}))
    }
  })
})
