import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {checkLandingBase, encodeJid, joinUri, rosterUri, webLink} from '../../src/invitations/links.js'
import {parseInvite} from '../../src/xmpp/index.js'

describe('xmpp: URIs (RFC 5122, XEP-0147)', () => {
  it('roster and join actions', () => {
    expect(rosterUri('Alice@Example.test/phone')).toBe('xmpp:Alice@example.test?roster')
    expect(joinUri('famille@conference.example.test')).toBe('xmpp:famille@conference.example.test?join')
  })

  it('percent-encodes names and groups (UTF-8), never leaving ; = & # or spaces', () => {
    expect(rosterUri('elodie@example.test', {name: 'Élodie & Co', group: 'Famille; cousins=1'})).toBe(
      'xmpp:elodie@example.test?roster;name=%C3%89lodie%20%26%20Co;group=Famille%3B%20cousins%3D1',
    )
  })

  it('percent-encodes a node with characters outside the URI set', () => {
    expect(encodeJid('jean paul#1@example.test')).toBe('jean%20paul%231@example.test')
    expect(encodeJid('example.test')).toBe('example.test')
  })

  it('names round-trip through decodeURIComponent', () => {
    fc.assert(
      fc.property(fc.string({minLength: 1, maxLength: 30}), (name) => {
        const uri = rosterUri('a@example.test', {name})
        const value = /;name=([^;]*)$/.exec(uri)?.[1]
        expect(value).toBeDefined()
        expect(value).not.toMatch(/[;=&# ]/)
        expect(decodeURIComponent(value ?? '')).toBe(name)
      }),
      {seed: 61, numRuns: 300},
    )
  })
})

describe('web links', () => {
  const uri = 'xmpp:alice@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y'

  it('prefers the server landing page', () => {
    expect(webLink(uri, {landingUrl: 'https://example.test/invite/AbC', landingBase: 'https://xmpp.link/'})).toBe('https://example.test/invite/AbC')
  })

  it('puts the whole xmpp: URI in the fragment of --landing-base, which parseInvite reads back', () => {
    const link = webLink(uri, {landingBase: 'https://xmpp.link/#old'})
    expect(link).toBe(`https://xmpp.link/#${uri}`)
    const parsed = parseInvite(link ?? '')
    expect(parsed).toMatchObject({token: 'AbCdEfGhIjKlMnOpQrStUvWx', action: 'roster', inviter: 'alice@example.test', allowsRegistration: true})
  })

  it('is null with neither', () => {
    expect(webLink(uri, {})).toBeNull()
  })

  it('rejects a non-https landing base (except loopback)', () => {
    expect(() => checkLandingBase('http://xmpp.link/')).toThrow(expect.objectContaining({code: 'INVITE_LANDING_BASE_INVALID'}))
    expect(() => checkLandingBase('not a url')).toThrow(expect.objectContaining({code: 'INVITE_LANDING_BASE_INVALID'}))
    expect(checkLandingBase('http://127.0.0.1:8080/i/')).toBe('http://127.0.0.1:8080/i/')
  })
})
