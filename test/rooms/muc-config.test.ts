import {describe, expect, it} from 'vitest'

import {expectedRoomFeatures, fillRoomConfig, parseDataForm, roomConfigSubmission} from '../../src/xmpp/muc-config.js'
import {parseInvite} from '../../src/xmpp/muc.js'
import {parseXml} from '../../src/xmpp/xml.js'

// Our own sketches of the forms the servers send (research §6.1 / §6.3 list their fields).
const PROSODY_FORM = `<x xmlns='jabber:x:data' type='form'>
  <title>Configuration for famille@conference.example.test</title>
  <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>
  <field type='fixed'><value>Room information</value></field>
  <field type='text-single' var='muc#roomconfig_roomname' label='Title'/>
  <field type='text-single' var='muc#roomconfig_roomdesc' label='Description'><value></value></field>
  <field type='boolean' var='muc#roomconfig_persistentroom'><value>0</value></field>
  <field type='boolean' var='muc#roomconfig_publicroom'><value>0</value></field>
  <field type='boolean' var='muc#roomconfig_membersonly'><value>0</value></field>
  <field type='text-private' var='muc#roomconfig_roomsecret'><value></value></field>
  <field type='list-single' var='muc#roomconfig_whois'>
    <option label='Moderators only'><value>moderators</value></option>
    <option label='Anyone'><value>anyone</value></option>
    <value>moderators</value>
  </field>
  <field type='boolean' var='muc#roomconfig_moderatedroom'><value>0</value></field>
  <field type='boolean' var='muc#roomconfig_enablearchiving'><value>1</value></field>
</x>`

const EJABBERD_FORM = `<x xmlns='jabber:x:data' type='form'>
  <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>
  <field type='text-single' var='muc#roomconfig_roomname'><value/></field>
  <field type='text-single' var='muc#roomconfig_roomdesc'><value/></field>
  <field type='boolean' var='muc#roomconfig_persistentroom'><value>0</value></field>
  <field type='boolean' var='muc#roomconfig_publicroom'><value>1</value></field>
  <field type='boolean' var='public_list'><value>1</value></field>
  <field type='boolean' var='muc#roomconfig_passwordprotectedroom'><value>0</value></field>
  <field type='text-private' var='muc#roomconfig_roomsecret'><value/></field>
  <field type='list-single' var='muc#roomconfig_whois'>
    <value>moderators</value>
    <option label='moderators only'><value>moderators</value></option>
    <option label='anyone'><value>anyone</value></option>
  </field>
  <field type='boolean' var='muc#roomconfig_membersonly'><value>0</value></field>
  <field type='boolean' var='muc#roomconfig_moderatedroom'><value>1</value></field>
  <field type='boolean' var='mam'><value>1</value></field>
</x>`

const PRIVATE = {name: 'Famille 🏡 Dupont', description: 'La famille', public: false, password: null}

describe('fillRoomConfig', () => {
  it('fills Prosody\'s form for a private group: persistent, members-only, hidden, whois=anyone, archived', () => {
    const form = parseDataForm(parseXml(PROSODY_FORM))
    expect(form.find((f) => f.var === 'muc#roomconfig_whois')?.options).toEqual(['moderators', 'anyone'])
    const {values, missing} = fillRoomConfig(form, PRIVATE)
    expect(missing).toEqual([])
    expect(Object.fromEntries(values)).toEqual({
      'muc#roomconfig_roomname': ['Famille 🏡 Dupont'],
      'muc#roomconfig_roomdesc': ['La famille'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_whois': ['anyone'],
      'muc#roomconfig_moderatedroom': ['0'],
      'muc#roomconfig_enablearchiving': ['1'],
      'muc#roomconfig_roomsecret': [''],
    })
  })

  it('fills ejabberd\'s form with its own fields (mam, public_list) and never invents Prosody\'s', () => {
    const {values, missing} = fillRoomConfig(parseDataForm(parseXml(EJABBERD_FORM)), PRIVATE)
    expect(missing).toEqual([])
    expect(values.get('mam')).toEqual(['1'])
    expect(values.get('public_list')).toEqual(['0'])
    expect(values.get('muc#roomconfig_publicroom')).toEqual(['0'])
    expect(values.has('muc#roomconfig_enablearchiving')).toBe(false)
    expect(values.get('muc#roomconfig_passwordprotectedroom')).toEqual(['0'])
  })

  it('makes public rooms open, listed, semi-anonymous, with the password where the form has it', () => {
    const settings = {name: 'Club photo', description: '', public: true, password: 'été 2024'}
    const ej = fillRoomConfig(parseDataForm(parseXml(EJABBERD_FORM)), settings).values
    expect(ej.get('muc#roomconfig_publicroom')).toEqual(['1'])
    expect(ej.get('muc#roomconfig_membersonly')).toEqual(['0'])
    expect(ej.get('muc#roomconfig_whois')).toEqual(['moderators'])
    expect(ej.get('muc#roomconfig_passwordprotectedroom')).toEqual(['1'])
    expect(ej.get('muc#roomconfig_roomsecret')).toEqual(['été 2024'])
    const pr = fillRoomConfig(parseDataForm(parseXml(PROSODY_FORM)), settings).values
    expect(pr.get('muc#roomconfig_roomsecret')).toEqual(['été 2024'])
    expect(pr.has('muc#roomconfig_passwordprotectedroom')).toBe(false)
  })

  it('reports wanted settings the form lacks, and skips list values the server does not offer', () => {
    const poor = `<x xmlns='jabber:x:data' type='form'>
      <field type='text-single' var='muc#roomconfig_roomname'/>
      <field type='list-single' var='muc#roomconfig_whois'><option><value>moderators</value></option></field>
    </x>`
    const {values, missing} = fillRoomConfig(parseDataForm(parseXml(poor)), PRIVATE)
    expect([...values.keys()]).toEqual(['muc#roomconfig_roomname'])
    expect(missing).toEqual(['muc#roomconfig_persistentroom', 'muc#roomconfig_publicroom', 'muc#roomconfig_membersonly', 'muc#roomconfig_whois'])
  })

  it('submits FORM_TYPE first, then the values', () => {
    const x = roomConfigSubmission(new Map([['muc#roomconfig_roomname', ['A & B']]]))
    expect(x.attrs).toMatchObject({xmlns: 'jabber:x:data', type: 'submit'})
    const fields = x.getChildren('field')
    expect(fields.map((f) => f.attrs.var)).toEqual(['FORM_TYPE', 'muc#roomconfig_roomname'])
    expect(fields[0]!.getChildText('value')).toBe('http://jabber.org/protocol/muc#roomconfig')
    expect(fields[1]!.getChildText('value')).toBe('A & B')
  })

  it('expects the XEP-0045 §15.2 features of each kind', () => {
    expect(expectedRoomFeatures(false)).toEqual(['muc_persistent', 'muc_membersonly', 'muc_nonanonymous', 'muc_hidden'])
    expect(expectedRoomFeatures(true)).toContain('muc_public')
  })
})

describe('parseInvite', () => {
  it('reads a mediated invitation (with its jabber:x:conference copy) as one mediated invite', () => {
    const m = parseXml(`<message from='famille@conference.example.test' to='paul@example.test'>
      <x xmlns='http://jabber.org/protocol/muc#user'><invite from='marie@example.test/laptop'><reason>Viens !</reason></invite></x>
      <x xmlns='jabber:x:conference' jid='famille@conference.example.test'/>
      <body>marie invited you</body></message>`)
    expect(parseInvite(m)).toEqual({kind: 'mediated', room: 'famille@conference.example.test', inviter: 'marie@example.test', reason: 'Viens !'})
  })

  it('reads a direct invitation (XEP-0249)', () => {
    const m = parseXml(`<message from='marie@example.test/laptop' to='paul@example.test'><x xmlns='jabber:x:conference' jid='Famille@conference.example.test' reason='Hello'/></message>`)
    expect(parseInvite(m)).toEqual({kind: 'direct', room: 'famille@conference.example.test', inviter: 'marie@example.test', reason: 'Hello'})
  })

  it('ignores other messages', () => {
    expect(parseInvite(parseXml(`<message from='a@b'><body>hi</body></message>`))).toBeNull()
  })
})
