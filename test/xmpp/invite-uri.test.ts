import {describe, expect, it} from 'vitest'

import {parseInvite} from '../../src/xmpp/invite-uri.js'

const TOKEN = 'Ab3_dEf-9hIjKlMnOpQrStUv'

describe('parseInvite', () => {
  it('reads an account invitation (XEP-0401)', () => {
    expect(parseInvite(`xmpp:example.test?register;preauth=${TOKEN}`)).toEqual({token: TOKEN, domain: 'example.test', action: 'register', allowsRegistration: true})
  })

  it('reads an invitation bound to a username', () => {
    expect(parseInvite(`xmpp:Bob@example.test?register;preauth=${TOKEN}`)).toMatchObject({username: 'bob', domain: 'example.test', allowsRegistration: true})
  })

  it('reads a contact invitation, which may register only with ibr=y (XEP-0379/0401)', () => {
    expect(parseInvite(`xmpp:alice@example.test?roster;preauth=${TOKEN};ibr=y`)).toEqual({token: TOKEN, domain: 'example.test', inviter: 'alice@example.test', action: 'roster', allowsRegistration: true})
    expect(parseInvite(`xmpp:alice@example.test?roster;preauth=${TOKEN}`).allowsRegistration).toBe(false)
  })

  it('reads landing pages carrying only the token', () => {
    expect(parseInvite(`https://chat.example.test/invite/${TOKEN}/`)).toMatchObject({token: TOKEN, webHost: 'chat.example.test', action: 'register'})
    expect(parseInvite(`http://127.0.0.1:5280/invites_page?${TOKEN}`)).toMatchObject({token: TOKEN, landingPage: `http://127.0.0.1:5280/invites_page?${TOKEN}`})
    expect(parseInvite(`https://example.test/register?preauth=${TOKEN}`).token).toBe(TOKEN)
    expect(parseInvite(`https://chat.example.test/invite/${TOKEN}`).domain).toBeUndefined()
  })

  it('reads an xmpp: URI held in a page fragment (xmpp.link style), encoded or not', () => {
    expect(parseInvite(`https://links.example/#xmpp:alice@example.test?roster;preauth=${TOKEN};ibr=y`)).toMatchObject({domain: 'example.test', inviter: 'alice@example.test', allowsRegistration: true})
    expect(parseInvite(`https://links.example/#alice@example.test%3Froster%3Bpreauth%3D${TOKEN}%3Bibr%3Dy`)).toMatchObject({token: TOKEN, inviter: 'alice@example.test'})
  })

  it('refuses links without a token, other schemes and odd tokens, with a stable code', () => {
    for (const bad of ['xmpp:example.test?register', 'mailto:x@example.test', 'https://example.test/about', 'xmpp:example.test?register;preauth=<script>', 'not a link', `xmpp:example.test?join;preauth=${TOKEN}`]) {
      expect(() => parseInvite(bad), bad).toThrow(expect.objectContaining({code: 'XMPP_INVITE_UNREADABLE'}))
    }
  })
})
