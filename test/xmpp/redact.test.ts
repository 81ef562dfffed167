import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {REDACTED, redactElement, redactText} from '../../src/xmpp/redact.js'
import {parseXml} from '../../src/xmpp/xml.js'

const SECRET = 'pâté€-Secret-42'

describe('redactElement', () => {
  it('hides a legacy registration password, keeps the username', () => {
    const iq = parseXml(`<iq type='set'><query xmlns='jabber:iq:register'><username>marie</username><password>${SECRET}</password></query></iq>`)
    const text = redactElement(iq).toString()
    expect(text).not.toContain(SECRET)
    expect(text).toContain('<username>marie</username>')
    expect(text).toContain(REDACTED)
    expect(iq.toString()).toContain(SECRET) // the original stanza is untouched
  })

  it('hides data-form passwords and text-private fields', () => {
    const iq = parseXml(`<iq type='set'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>
      <field var='username'><value>marie</value></field><field var='password'><value>${SECRET}</value></field>
      <field var='pin' type='text-private'><value>${SECRET}</value></field></x></query></iq>`)
    const text = redactElement(iq).toString()
    expect(text).not.toContain(SECRET)
    expect(text).toContain('marie')
  })

  it('hides SASL payloads and invitation tokens', () => {
    const auth = parseXml(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from(`\u0000marie\u0000${SECRET}`).toString('base64')}</auth>`)
    expect(redactElement(auth).toString()).toBe(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${REDACTED}</auth>`)
    const preauth = parseXml(`<iq type='set'><preauth xmlns='urn:xmpp:pars:0' token='TOKEN123456'/></iq>`)
    expect(redactElement(preauth).toString()).not.toContain('TOKEN123456')
  })

  it('leaves ordinary stanzas as they are', () => {
    const message = `<message to="a@example.test" type="chat"><body>Bonjour, mot de passe oublié ?</body></message>`
    expect(redactElement(parseXml(message)).toString()).toBe(message)
  })
  // Issue 14: what the audit saw in `DEBUG=xmpp-migrate … migrate` and `rooms create --room-password-stdin`.
  it('hides the token of the server\'s invitation reply, in the link and in the landing page URL', () => {
    const token = 'qX7dPz93kLm2'
    const reply = parseXml(`<iq type='result'><command xmlns='http://jabber.org/protocol/commands' status='completed' node='urn:xmpp:invite#invite'>
      <x xmlns='jabber:x:data' type='result'><field var='uri'><value>xmpp:marie@example.test?roster;preauth=${token};ibr=y</value></field>
      <field var='landing-url'><value>https://example.test/invite?${token}</value></field><field var='expire'><value>2026-12-13T10:00:00Z</value></field></x></command></iq>`)
    const text = redactElement(reply).toString()
    expect(text).not.toContain(token)
    expect(text).toContain(`preauth=${REDACTED};ibr=y`)
    expect(text).toContain('2026-12-13T10:00:00Z')
  })

  it('hides room passwords: join, mediated and direct invitations, room configuration', () => {
    const join = parseXml(`<presence to='club@rooms.example.test/Marie'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/><password>${SECRET}</password></x></presence>`)
    const direct = parseXml(`<message to='paul@example.test'><x xmlns='jabber:x:conference' jid='club@rooms.example.test' password='${SECRET}' reason='Rejoins-nous'/></message>`)
    const mediated = parseXml(`<message to='club@rooms.example.test'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='paul@example.test'/><password>${SECRET}</password></x></message>`)
    const config = parseXml(`<iq type='set'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_roomsecret'><value>${SECRET}</value></field></x></query></iq>`)
    const uri = parseXml(`<message><body>xmpp:club@rooms.example.test?join;password=${encodeURIComponent(SECRET)}</body></message>`)
    for (const stanza of [join, direct, mediated, config, uri]) {
      const text = redactElement(stanza).toString()
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain(encodeURIComponent(SECRET))
      expect(text).toContain(REDACTED)
    }
    expect(redactElement(direct).toString()).toContain("reason=\"Rejoins-nous\"")
  })

  it('hides HTTP upload credentials headers', () => {
    const slot = parseXml(`<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example.test/x'><header name='Authorization'>Basic ${SECRET}</header></put><get url='https://up.example.test/x'/></slot></iq>`)
    expect(redactElement(slot).toString()).not.toContain(SECRET)
  })

  it('no token given as preauth= or password= survives, whatever surrounds it', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/)
    const around = fc.string({unit: fc.constantFrom('a', ' ', '?', ';', '&', '=', '/', 'é', ':')})
    fc.assert(
      fc.property(token, around, around, fc.constantFrom('preauth', 'password', 'token'), (secret, before, after, name) => {
        const text = `${before}xmpp:a@b.example?roster;${name}=${secret}${after.replace(/^[A-Za-z0-9_-]/, ';')}`
        expect(redactText(text)).not.toContain(secret)
        const stanza = redactElement(parseXml(`<message><body>${text.replace(/&/g, '&amp;')}</body><x xmlns='jabber:x:oob' url='${text.replace(/&/g, '&amp;')}'/></message>`)).toString()
        expect(stanza).not.toContain(secret)
      }),
      {seed: 14, numRuns: 300},
    )
  })
})
