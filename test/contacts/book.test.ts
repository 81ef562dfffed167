import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {chatMembers, getMe, listContacts, refreshContacts} from '../../src/contacts/index.js'
import {setContact, setMe, showContacts} from '../../src/contacts/service.js'
import type {OpenedExport} from '../../src/model/importer.js'
import type {ChatInfo, Message} from '../../src/model/types.js'
import type {Workspace} from '../../src/workspace.js'
import {chatSource, msg} from '../store/helpers.js'
import {EXAMPLES, importFiles, importOpened, tempWorkspace, withStore} from './helpers.js'

let workspace: Workspace
let cleanup: () => void
beforeEach(() => {
  ;({workspace, cleanup} = tempWorkspace())
})
afterEach(() => cleanup())

/** A WhatsApp export of one chat, built in memory (participants as the parser gives them). */
function whatsapp(title: string, kind: 'direct' | 'group', authors: string[], path = `/exports/${title}.txt`): OpenedExport {
  const info: ChatInfo = {source: 'whatsapp', sourceId: `title:${title}`, title, kind, participants: authors.map((name) => ({name, phone: name.startsWith('+') ? name.replace(/[^+\d]/g, '') : null}))}
  const messages = authors.map((author, i) => msg(`2024-05-0${(i % 9) + 1}T10:00:00`, author, `bonjour ${i}`))
  return {source: 'whatsapp', path, chats: [chatSource(info, messages)], issues: []}
}

/** A Signal-like export: participants carry phone and service id; the owner's messages have `self:` ids. */
function signal(): OpenedExport {
  const lea = {name: 'Léa', phone: '+33612345678', sourceId: 'aci-lea'}
  const jo = {name: 'Jo', phone: null, sourceId: 'aci-jo'}
  const group: ChatInfo = {source: 'signal', sourceId: 'signal:group:1', title: 'Famille', kind: 'group', participants: [lea, jo]}
  const direct: ChatInfo = {source: 'signal', sourceId: 'signal:direct:lea', title: 'Léa', kind: 'direct', participants: [lea]}
  const own = (text: string, id: string): Message => msg('2024-05-03T08:00:00.000Z', 'Claire D', text, {sourceId: `self:${id}`})
  return {
    source: 'signal',
    path: '/exports/signal',
    chats: [
      chatSource(group, [msg('2024-05-03T07:00:00.000Z', 'Léa', 'coucou', {sourceId: 'aci-lea:1'}), own('salut', '2')]),
      chatSource(direct, [own('ça va ?', '3')]),
    ],
    issues: [],
  }
}

describe('derivation', () => {
  it('turns the example exports into one contact per person, with their chats, and finds Claire as me', async () => {
    await importFiles(workspace, EXAMPLES)
    const summary = withStore(workspace, (store) => refreshContacts(store))
    expect(summary).toMatchObject({contacts: 7, created: 7, merged: 0, linked: 10})
    expect(summary.me).toMatchObject({status: 'sure', candidates: [{name: 'Claire', chats: 3}]})
    const contacts = withStore(workspace, (store) => listContacts(store))
    expect(contacts.map((c) => [c.name, c.chats.length, c.status])).toEqual([
      ['Papa', 1, 'no-jid'],
      ['Claire', 3, 'me'],
      ['Mamie Jeanne', 1, 'no-jid'],
      ['+33 6 39 98 45 67', 1, 'no-jid'],
      ['Maman', 2, 'no-jid'],
      ['Inès', 1, 'no-jid'],
      ['Karim', 1, 'no-jid'],
    ])
    expect(contacts.find((c) => c.name === '+33 6 39 98 45 67')?.phone).toBe('+33639984567')
  })

  it('is idempotent: a second run changes nothing', async () => {
    await importFiles(workspace, EXAMPLES)
    const first = withStore(workspace, (store) => [refreshContacts(store), listContacts(store)] as const)
    const second = withStore(workspace, (store) => [refreshContacts(store), listContacts(store)] as const)
    expect(second[0]).toMatchObject({created: 0, merged: 0, linked: 0, contacts: first[0].contacts})
    expect(second[1]).toEqual(first[1])
  })

  it('merges the same person across chats by name (case, NFC, "~ " ignored) and by phone, keeping every label', async () => {
    await importOpened(workspace, whatsapp('Cousins', 'group', ['Claire', '~ Léa', '+33 6 12 34 56 78']))
    await importOpened(workspace, whatsapp('Rando', 'group', ['Claire', 'LE\u0301A', 'Jo']))
    const contacts = withStore(workspace, (store) => (refreshContacts(store), listContacts(store)))
    const lea = contacts.find((c) => c.aliases.includes('~ Léa'))
    expect(lea?.aliases).toEqual(['~ Léa', 'LE\u0301A'])
    expect(lea?.name).toBe('LÉA') // a saved name wins over a push name
    expect(lea?.chats.map((c) => c.title)).toEqual(['Cousins', 'Rando'])
    expect(contacts).toHaveLength(4) // Claire, Léa, +33…, Jo

    // A Signal import then names "Léa" with her number: the phone label and "~ Léa" are proved
    // one person and merge; Jo (by service id and name) stays one; the Signal owner is Claire D.
    await importOpened(workspace, signal())
    const summary = withStore(workspace, (store) => refreshContacts(store))
    expect(summary.merged).toBe(1)
    const after = withStore(workspace, (store) => listContacts(store))
    const merged = after.find((c) => c.aliases.includes('+33 6 12 34 56 78'))
    expect(merged?.id).toBe(lea?.id) // the lower id is kept
    expect(merged?.aliases).toEqual(expect.arrayContaining(['~ Léa', 'LE\u0301A', '+33 6 12 34 56 78', 'Léa']))
    expect(merged?.phone).toBe('+33612345678')
    expect(merged?.chats.map((c) => c.title)).toEqual(['Cousins', 'Rando', 'Famille', 'Léa'])
    expect(after.filter((c) => c.aliases.includes('Jo'))).toHaveLength(1)
    expect(summary.me).toMatchObject({status: 'sure', candidates: [{name: 'Claire D'}]})
  })

  it('keeps manual edits (jid, language, name, invite, me) when the book is derived again and when contacts merge', async () => {
    await importOpened(workspace, whatsapp('Cousins', 'group', ['Claire', '~ Léa', '+33 6 12 34 56 78']))
    withStore(workspace, (store) => refreshContacts(store))
    setContact(workspace, '~ léa', {jid: 'lea@chat.example.org', language: 'fr', name: 'Léa (cousine)', invite: true})
    setContact(workspace, '+33 6 12 34 56 78', {email: 'lea@example.org'})
    setMe(workspace, 'Claire')
    await importOpened(workspace, signal())
    withStore(workspace, (store) => refreshContacts(store))
    const contacts = withStore(workspace, (store) => listContacts(store))
    const lea = contacts.find((c) => c.aliases.includes('~ Léa'))
    expect(lea).toMatchObject({name: 'Léa (cousine)', jid: 'lea@chat.example.org', language: 'fr', email: 'lea@example.org', invite: true, status: 'has-jid'})
    // "me" was set by hand: the Signal owner ("Claire D") does not replace it.
    expect(withStore(workspace, (store) => getMe(store))?.name).toBe('Claire')
  })

  it('reads local numbers with the region, and without one keeps them as written with a warning', async () => {
    await importOpened(workspace, whatsapp('Club', 'group', ['Claire', '06 12 34 56 78', 'Jo']))
    const without = showContacts(workspace)
    expect(without.contacts.find((c) => c.name === '06 12 34 56 78')?.phone).toBe('06 12 34 56 78')
    expect(without.refresh.warnings.map((w) => w.code)).toEqual(['CONTACTS_NO_REGION'])
    const withRegion = showContacts(workspace, {region: 'fr'})
    expect(withRegion).toMatchObject({region: 'FR', regionSaved: true})
    expect(withRegion.contacts.find((c) => c.name === '06 12 34 56 78')?.phone).toBe('+33612345678')
    // Stored: the next run reads with FR without the flag; a Signal contact with that number is the same person.
    await importOpened(workspace, signal())
    const later = showContacts(workspace)
    expect(later).toMatchObject({region: 'FR', regionSaved: false})
    expect(later.contacts.find((c) => c.phone === '+33612345678')?.aliases).toEqual(['06 12 34 56 78', 'Léa'])
  })
})

describe('me', () => {
  it('is unsure with one chat, and lists the candidates', async () => {
    await importOpened(workspace, whatsapp('Maman', 'direct', ['Maman', 'Claire']))
    const result = showContacts(workspace)
    expect(result.me.status).toBe('unsure')
    expect(result.me.candidates.map((c) => c.name)).toEqual(['Claire']) // the title names the other person
    expect(result.contacts.every((c) => !c.isMe)).toBe(true)
    expect(withStore(workspace, (store) => getMe(store))).toBeNull()
  })

  it('is unsure when several people are in every chat, until "contacts me" says it', async () => {
    await importOpened(workspace, whatsapp('Famille', 'group', ['Papa', 'Claire', 'Maman']))
    await importOpened(workspace, whatsapp('Vacances', 'group', ['Claire', 'Maman']))
    const before = showContacts(workspace)
    expect(before.me.status).toBe('unsure')
    expect(before.me.candidates.map((c) => c.name).sort()).toEqual(['Claire', 'Maman'])
    const set = setMe(workspace, 'claire')
    expect(set.me).toMatchObject({status: 'set', contactId: set.contact.id})
    expect(set.contact.status).toBe('me')
  })

  it('is sure when exactly one person is in every chat (a direct chat rules out its title)', async () => {
    await importOpened(workspace, whatsapp('Maman', 'direct', ['Maman', 'Claire']))
    await importOpened(workspace, whatsapp('Famille', 'group', ['Papa', 'Claire', 'Maman']))
    expect(showContacts(workspace).me).toMatchObject({status: 'sure', candidates: [{name: 'Claire'}]})
  })
})

describe('chatMembers', () => {
  it('gives the members of a chat as contacts, me flagged and never to invite; me added where they never wrote', async () => {
    await importFiles(workspace, EXAMPLES)
    withStore(workspace, (store) => refreshContacts(store))
    setContact(workspace, 'Maman', {jid: 'maman@chat.example.org', language: 'fr'})
    setContact(workspace, 'Mamie Jeanne', {invite: true})
    setContact(workspace, 'Claire', {invite: true, jid: 'claire@chat.example.org'})
    const members = withStore(workspace, (store) => {
      const famille = store.listChats().find((c) => c.title.startsWith('Famille'))
      return chatMembers(store, famille?.id ?? -1)
    })
    expect(members.map((m) => [m.name, m.jid, m.language, m.isMe, m.invite])).toEqual([
      ['Papa', null, null, false, false],
      ['Claire', 'claire@chat.example.org', null, true, false],
      ['Mamie Jeanne', null, null, false, true],
      ['+33 6 39 98 45 67', null, null, false, false],
      ['Maman', 'maman@chat.example.org', 'fr', false, false],
    ])
    expect(withStore(workspace, (store) => chatMembers(store, 999))).toEqual([])
  })

  it('derives the book first when the chat was imported after the last derivation', async () => {
    await importOpened(workspace, signal())
    const members = withStore(workspace, (store) => chatMembers(store, 1))
    expect(members.map((m) => [m.name, m.phone, m.isMe])).toEqual([
      ['Léa', '+33612345678', false],
      ['Jo', null, false],
      ['Claire D', null, true], // the Signal owner is no participant, yet a member
    ])
  })
})

describe('merges', () => {
  it('a merge keeps the lower id and moves "me" to it', async () => {
    await importOpened(workspace, whatsapp('A', 'group', ['Claire', 'Zoé']))
    withStore(workspace, (store) => refreshContacts(store))
    setMe(workspace, 'Zoé')
    // A Signal chat calls one service id "Zoé", another calls it "Claire": one person.
    const chat = (sourceId: string, name: string): ChatInfo => ({source: 'signal', sourceId, title: sourceId, kind: 'group', participants: [{name, phone: null, sourceId: 'aci-z'}]})
    await importOpened(workspace, {source: 'signal', path: '/exports/s', chats: [chatSource(chat('s1', 'Zoé'), []), chatSource(chat('s2', 'Claire'), [])], issues: []})
    const summary = withStore(workspace, (store) => refreshContacts(store))
    expect(summary).toMatchObject({merged: 1, contacts: 1})
    const me = withStore(workspace, (store) => getMe(store))
    expect(me).toMatchObject({id: 1, name: 'Claire', aliases: ['Claire', 'Zoé']})
    expect(me?.chats.map((c) => c.title)).toEqual(['A', 's1', 's2'])
  })

  it('a merge of two contacts with different JIDs keeps the lower id\'s and warns', async () => {
    await importOpened(workspace, whatsapp('A', 'group', ['Claire', 'Zoé', 'Zozo']))
    withStore(workspace, (store) => refreshContacts(store))
    setContact(workspace, 'Zoé', {jid: 'zoe@example.org'})
    setContact(workspace, 'Zozo', {jid: 'zozo@example.org', language: 'en'})
    const chat = (sourceId: string, name: string): ChatInfo => ({source: 'signal', sourceId, title: sourceId, kind: 'group', participants: [{name, phone: null, sourceId: 'aci-z'}]})
    await importOpened(workspace, {source: 'signal', path: '/exports/s', chats: [chatSource(chat('s1', 'Zoé'), []), chatSource(chat('s2', 'Zozo'), [])], issues: []})
    const summary = withStore(workspace, (store) => refreshContacts(store))
    expect(summary.warnings.map((w) => w.code)).toEqual(['CONTACTS_MERGE_CONFLICT'])
    const zoe = withStore(workspace, (store) => listContacts(store)).find((c) => c.aliases.includes('Zozo'))
    expect(zoe).toMatchObject({jid: 'zoe@example.org', language: 'en'})
  })
})
