import {describe, expect, it} from 'vitest'

import {buildRegistrationSubmit, fieldsToAsk, legacyVariant, parseRegistrationForm} from '../../src/xmpp/registration-form.js'
import {parseXml} from '../../src/xmpp/xml.js'

// Forms written for these tests after XEP-0077 §3, §5, §6 and XEP-0158 §3.

const LEGACY = `<iq type='result' id='r1'><query xmlns='jabber:iq:register'>
  <instructions>Choose a username and password.</instructions><username/><password/><email/>
</query></iq>`

const DATA_FORM = `<iq type='result' id='r2'><query xmlns='jabber:iq:register'>
  <instructions>Use the form.</instructions><username/><password/>
  <x xmlns='jabber:x:data' type='form'>
    <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
    <field type='fixed'><value>Please fill in</value></field>
    <field type='text-single' var='username' label='Username'><required/></field>
    <field type='text-private' var='password' label='Password'><required/></field>
    <field type='text-single' var='email' label='E-mail'/>
    <field type='list-single' var='lang' label='Language'><required/><option label='Français'><value>fr</value></option><option label='English'><value>en</value></option></field>
  </x></query></iq>`

const CAPTCHA = `<iq type='result' id='r3'><query xmlns='jabber:iq:register'>
  <instructions>Solve the CAPTCHA.</instructions>
  <x xmlns='jabber:x:data' type='form'>
    <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
    <field type='hidden' var='challenge'><value>ch-42</value></field>
    <field type='hidden' var='sid'><value/></field>
    <field type='text-single' var='captcha-fallback-url' label='CAPTCHA web page'><value>https://example.test/captcha/ch-42</value></field>
    <field type='text-single' var='username'><required/></field>
    <field type='text-private' var='password'><required/></field>
    <field type='text-single' var='ocr' label='Enter the text you see'><required/>
      <media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:sha1+0123@bob.xmpp.org</uri></media></field>
  </x></query>
  <data xmlns='urn:xmpp:bob' cid='sha1+0123@bob.xmpp.org' type='image/png'>iVBORw0KGgo=</data></iq>`

const WEB_ONLY = `<iq type='result' id='r4'><query xmlns='jabber:iq:register'>
  <instructions>Register on our web site.</instructions>
  <x xmlns='jabber:x:oob'><url>https://example.test/signup</url></x></query></iq>`

describe('parseRegistrationForm (XEP-0077)', () => {
  it('reads a legacy form: every field is required', () => {
    const form = parseRegistrationForm(parseXml(LEGACY))
    expect(form.kind).toBe('legacy')
    expect(form.instructions).toBe('Choose a username and password.')
    expect(form.fields.map((f) => [f.name, f.required, f.type])).toEqual([
      ['username', true, 'text-single'],
      ['password', true, 'text-private'],
      ['email', true, 'text-single'],
    ])
    expect(fieldsToAsk(form).map((f) => f.name)).toEqual(['email'])
  })

  it('prefers the data form, keeps the legacy fields aside', () => {
    const form = parseRegistrationForm(parseXml(DATA_FORM))
    expect(form.kind).toBe('data-form')
    expect(form.formType).toBe('jabber:iq:register')
    expect(form.legacyFields.map((f) => f.name)).toEqual(['username', 'password'])
    // email is optional, the fixed text is display-only: only the required list is asked.
    const ask = fieldsToAsk(form)
    expect(ask.map((f) => f.name)).toEqual(['lang'])
    expect(ask[0]?.options).toEqual([{label: 'Français', value: 'fr'}, {label: 'English', value: 'en'}])
    expect(legacyVariant(form)?.kind).toBe('legacy')
  })

  it('recognizes a CAPTCHA (XEP-0158), its inline image (XEP-0231) and its web fallback', () => {
    const form = parseRegistrationForm(parseXml(CAPTCHA))
    expect(form.captcha).toBe(true)
    expect(form.url).toBe('https://example.test/captcha/ch-42')
    expect(form.bob.get('sha1+0123@bob.xmpp.org')).toEqual({type: 'image/png', base64: 'iVBORw0KGgo='})
    expect(fieldsToAsk(form).map((f) => f.name)).toEqual(['ocr'])
    expect(legacyVariant(form)).toBeNull()
  })

  it('flags web-only registration with its URL', () => {
    const form = parseRegistrationForm(parseXml(WEB_ONLY))
    expect(form.webOnly).toBe(true)
    expect(form.url).toBe('https://example.test/signup')
  })
})

describe('buildRegistrationSubmit', () => {
  it('answers a legacy form with elements', () => {
    const form = parseRegistrationForm(parseXml(LEGACY))
    const query = buildRegistrationSubmit(form, 'marie', 'pâté€', new Map([['email', 'm@example.test']]))
    expect(query.toString()).toBe('<query xmlns="jabber:iq:register"><username>marie</username><password>pâté€</password><email>m@example.test</email></query>')
  })

  it('answers a data form with a submit form keeping hidden values and leaving out fixed fields', () => {
    const form = parseRegistrationForm(parseXml(CAPTCHA))
    const x = buildRegistrationSubmit(form, 'marie', 's3cret', new Map([['ocr', 'XK7P']])).getChild('x', 'jabber:x:data')
    expect(x?.attrs.type).toBe('submit')
    const values = Object.fromEntries((x?.getChildren('field') ?? []).map((f) => [f.attrs.var, f.getChildText('value')]))
    expect(values).toEqual({
      FORM_TYPE: 'urn:xmpp:captcha',
      challenge: 'ch-42',
      sid: '',
      'captcha-fallback-url': 'https://example.test/captcha/ch-42',
      username: 'marie',
      password: 's3cret',
      ocr: 'XK7P',
    })
  })
})
