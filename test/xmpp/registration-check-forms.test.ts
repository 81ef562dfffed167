import {describe, expect, it} from 'vitest'

import {inspectRegistration} from '../../src/xmpp/registration-check.js'
import {parseXml, type Element} from '../../src/xmpp/xml.js'
import {XmppRequestError} from '../../src/xmpp/XmppRequestError.js'

// What the check concludes from forms neither test server sends (web-only, CAPTCHA, e-mail, an
// invitation-only refusal), against a scripted stream. Forms written for these tests after
// XEP-0077 §3.1, §5 and XEP-0158 §3.

const IBR = "<register xmlns='http://jabber.org/features/iq-register'/>"
const TOKENS = "<register xmlns='urn:xmpp:ibr-token:0'/>"

function stream(features: string, reply: string | XmppRequestError): {session: Parameters<typeof inspectRegistration>[0]; sent: Element[]} {
  const sent: Element[] = []
  return {
    sent,
    session: {
      options: {domain: 'example.test'},
      features: parseXml(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'>${features}</stream:features>`),
      async iq(stanza: Element): Promise<Element> {
        sent.push(stanza)
        if (reply instanceof XmppRequestError) throw reply
        return parseXml(reply)
      },
    },
  }
}

describe('inspectRegistration', () => {
  it('a form with only instructions and an out-of-band URL is web-only, with the URL', async () => {
    const {session, sent} = stream(IBR, `<iq type='result' id='a'><query xmlns='jabber:iq:register'>
      <instructions>Use the web page to register.</instructions>
      <x xmlns='jabber:x:oob'><url>https://example.test/register</url></x></query></iq>`)
    const check = await inspectRegistration(session)
    expect(check).toMatchObject({verdict: 'web-only', url: 'https://example.test/register', serverText: 'Use the web page to register.'})
    // Only the form was asked for: nothing submitted.
    expect(sent.map((s) => s.attrs.type)).toEqual(['get'])
  })

  it('a CAPTCHA data form is in-app, with the CAPTCHA and the field to answer', async () => {
    const {session} = stream(IBR, `<iq type='result' id='b'><query xmlns='jabber:iq:register'>
      <x xmlns='jabber:x:data' type='form'>
        <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
        <field type='text-single' var='username'><required/></field>
        <field type='text-private' var='password'><required/></field>
        <field type='text-single' var='ocr' label='Enter the text'><required/>
          <media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:sha1+1@bob.xmpp.org</uri></media></field>
      </x></query></iq>`)
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'in-app', captcha: true, askedFields: ['ocr'], mayRequireInvitation: false})
  })

  it('a legacy form asking an e-mail lists it', async () => {
    const {session} = stream(IBR, `<iq type='result' id='c'><query xmlns='jabber:iq:register'><username/><password/><email/></query></iq>`)
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'in-app', askedFields: ['email']})
  })

  it('a refused form on a server advertising tokens is invite-only', async () => {
    const {session} = stream(TOKENS, new XmppRequestError('not-allowed', '', 'cancel', '<iq/>'))
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'invite-only', streamFeature: false, acceptsInvitations: true})
  })

  it('a refusal whose text speaks of invitations is invite-only even without the token feature', async () => {
    const {session} = stream('', new XmppRequestError('not-acceptable', 'Registration on this server is through invitation only', 'modify', '<iq/>'))
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'invite-only', acceptsInvitations: false})
  })

  it('a plain refusal is closed, keeping the server text', async () => {
    const {session} = stream('', new XmppRequestError('service-unavailable', 'No registration here', 'cancel', '<iq/>'))
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'closed', serverText: 'No registration here'})
  })

  it('a form without name and password nor URL is closed', async () => {
    const {session} = stream(IBR, `<iq type='result' id='d'><query xmlns='jabber:iq:register'><instructions>Ask the admin.</instructions></query></iq>`)
    expect(await inspectRegistration(session)).toMatchObject({verdict: 'closed', serverText: 'Ask the admin.'})
  })

  it('a timeout or a lost connection is an error, not a verdict', async () => {
    const {session} = stream(IBR, '')
    session.iq = async () => {
      throw new Error('XMPP connection closed')
    }
    await expect(inspectRegistration(session)).rejects.toThrow('XMPP connection closed')
  })
})
