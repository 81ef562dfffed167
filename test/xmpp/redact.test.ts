import {describe, expect, it} from 'vitest'

import {REDACTED, redactElement} from '../../src/xmpp/redact.js'
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
})
