import {describe, expect, it} from 'vitest'

import {mergeAnswers, parseContactChoice, parseMigrateConfig} from '../../src/migrate/answers.js'
import {migrateLanguage} from '../../src/migrate/language.js'
import {nextStep, type MigrationStatus} from '../../src/migrate/status.js'

describe('migrateLanguage', () => {
  it('takes the flag first, then LC_ALL, LC_MESSAGES, LANG; English otherwise', () => {
    expect(migrateLanguage('fr', {LANG: 'en_US.UTF-8'})).toBe('fr')
    expect(migrateLanguage('EN', {LANG: 'fr_FR.UTF-8'})).toBe('en')
    expect(migrateLanguage('de')).toBeNull()
    expect(migrateLanguage(undefined, {LANG: 'fr_BE.UTF-8'})).toBe('fr')
    expect(migrateLanguage(undefined, {LC_ALL: 'en_GB.UTF-8', LANG: 'fr_FR.UTF-8'})).toBe('en')
    expect(migrateLanguage(undefined, {LC_ALL: '', LC_MESSAGES: 'fr_CA.UTF-8', LANG: 'C'})).toBe('fr')
    expect(migrateLanguage(undefined, {LANG: 'C.UTF-8'})).toBe('en')
    // "fr" must be the language part, not any locale starting with the letters.
    expect(migrateLanguage(undefined, {LANG: 'fry_NL.UTF-8'})).toBe('en')
  })
})

describe('parseMigrateConfig', () => {
  const parse = (o: unknown) => parseMigrateConfig(JSON.stringify(o), '/cfg/migrate.json', '/cfg')

  it('reads every field; relative paths are the config folder\'s', () => {
    const a = parse({
      lang: 'fr',
      account: {jid: 'claire@example.org', action: 'create', host: '127.0.0.1', port: 5222, directTls: false, ca: 'ca.pem'},
      region: 'FR',
      me: 'Claire',
      contacts: {Papa: 'papa@example.org', Karim: 'invite', '3': 'skip'},
      contactsCsv: 'contacts.csv',
      otherContacts: 'skip',
      publicGroups: ['Les amis du jeudi', 1],
      mucService: 'muc.example.org',
      kitDir: '/abs/kit',
      history: 'html',
      historyDir: 'archive',
    })
    expect(a).toEqual({
      lang: 'fr',
      account: {jid: 'claire@example.org', action: 'create', host: '127.0.0.1', port: 5222, directTls: false, ca: '/cfg/ca.pem'},
      region: 'FR',
      me: 'Claire',
      contacts: new Map([
        ['Papa', {kind: 'jid', jid: 'papa@example.org'}],
        ['Karim', {kind: 'invite'}],
        ['3', {kind: 'skip'}],
      ]),
      contactsCsv: '/cfg/contacts.csv',
      otherContacts: 'skip',
      publicGroups: ['Les amis du jeudi', '1'],
      mucService: 'muc.example.org',
      kitDir: '/abs/kit',
      history: 'html',
      historyDir: '/cfg/archive',
    })
  })

  it('refuses a password, unknown fields, wrong types, with MIGRATE_BAD_CONFIG naming the field', () => {
    expect(() => parse({account: {jid: 'a@b.c', action: 'login', password: 'secret'}})).toThrow(/--password-stdin/)
    expect(() => parse({acount: {}})).toThrow(/unknown field "acount"/)
    expect(() => parse({account: {jid: 'a@b.c', action: 'register'}})).toThrow(/"account.action"/)
    expect(() => parse({otherContacts: 'maybe'})).toThrow(/"otherContacts"/)
    expect(() => parse({history: 'pdf'})).toThrow(/"history"/)
    expect(() => parse({contacts: {Papa: 3}})).toThrow(/"contacts"."Papa"/)
    expect(() => parse([])).toThrow(/one JSON object/)
    expect(() => parseMigrateConfig('{', 'f.json', '/')).toThrow(/not valid JSON/)
    try {
      parse({account: {jid: 'a@b.c', action: 'login', password: 'secret'}})
    } catch (error) {
      expect((error as {code: string}).code).toBe('MIGRATE_BAD_CONFIG')
      expect((error as Error).message).not.toContain('secret')
    }
  })
})

describe('mergeAnswers', () => {
  it('flags win over the config field by field; --contact adds to the config\'s', () => {
    const config = parseMigrateConfig(JSON.stringify({account: {jid: 'old@example.org', action: 'login', host: 'h'}, contacts: {Papa: 'skip'}, history: 'none'}), 'c', '/')
    const a = mergeAnswers({jid: 'new@example.org', contact: ['Karim=karim@example.org', 'Papa=invite'], history: 'html', port: 5223}, config)
    expect(a.account).toEqual({jid: 'new@example.org', action: 'login', host: 'h', port: 5223})
    expect(a.contacts).toEqual(new Map([['Papa', {kind: 'invite'}], ['Karim', {kind: 'jid', jid: 'karim@example.org'}]]))
    expect(a.history).toBe('html')
    // The config object is not changed.
    expect(config.contacts.get('Papa')).toEqual({kind: 'skip'})
  })

  it('keeps a partial account (connection flags only) for the flow to complete', () => {
    expect(mergeAnswers({host: '127.0.0.1', port: 5222}).account).toMatchObject({jid: '', host: '127.0.0.1', port: 5222})
    expect(mergeAnswers({}).account).toBeUndefined()
  })

  it('names the flag of a bad value', () => {
    expect(() => mergeAnswers({contact: ['Karim']})).toThrow(/WHO=ADDRESS/)
    expect(() => mergeAnswers({lang: 'de'})).toThrow(/--lang/)
    expect(() => mergeAnswers({account: 'register'})).toThrow(/--account/)
  })

  it('reads contact answers in English and French', () => {
    expect(parseContactChoice(' Inviter ')).toEqual({kind: 'invite'})
    expect(parseContactChoice('ignorer')).toEqual({kind: 'skip'})
    expect(parseContactChoice('lea@example.org')).toEqual({kind: 'jid', jid: 'lea@example.org'})
  })
})

describe('nextStep', () => {
  const base: Omit<MigrationStatus, 'next' | 'undo'> = {
    workspace: '/w',
    sources: [{path: 'a.txt', source: 'whatsapp', chats: 1, importedAt: null}],
    chats: {total: 2, groups: 1},
    contacts: {total: 3, me: 'Claire', withJid: 1, toInvite: 1, skipped: 0, undecided: 0},
    account: 'claire@example.org',
    rooms: {planned: 1, created: 1, reconciled: 1},
    invitations: {roomInvitations: 1, kitDir: '/w/invitations'},
    historyDir: '/w/history',
    historyShared: false,
    arrivals: {seated: 1, waiting: [], unidentified: []},
    addressProblems: [],
    roomPeople: [],
  }
  it('is the first step not done, in the flow\'s order', () => {
    expect(nextStep(base)).toBe('done')
    expect(nextStep({...base, sources: []})).toBe('import')
    expect(nextStep({...base, contacts: {...base.contacts, me: null}})).toBe('me')
    expect(nextStep({...base, account: null})).toBe('account')
    expect(nextStep({...base, contacts: {...base.contacts, undecided: 2}})).toBe('contacts')
    expect(nextStep({...base, rooms: {planned: 2, created: 2, reconciled: 1}})).toBe('rooms')
    expect(nextStep({...base, invitations: {roomInvitations: 1, kitDir: null}})).toBe('invitations')
    // Nobody with an address or to invite: no kit to write.
    expect(nextStep({...base, invitations: {roomInvitations: 0, kitDir: null}, contacts: {...base.contacts, withJid: 0, toInvite: 0, skipped: 2}})).toBe('done')
    expect(nextStep({...base, historyDir: null})).toBe('history')
    expect(nextStep({...base, historyDir: null, historyShared: true})).toBe('done')
    // Issue 20: not done while someone invited has not arrived, or a newcomer is unidentified.
    expect(nextStep({...base, arrivals: {seated: 0, waiting: ['Mamie'], unidentified: []}})).toBe('arrivals')
    expect(nextStep({...base, arrivals: {seated: 1, waiting: [], unidentified: [{jid: 'x@example.org', assign: 'xmpp-migrate arrivals --arrival "NAME=x@example.org"'}]}})).toBe('arrivals')
  })

  it('reads arrival answers from the flags and the config', () => {
    expect(mergeAnswers({arrival: ['Mamie Jeanne=jeanne@example.org']}).arrivals).toEqual(new Map([['Mamie Jeanne', 'jeanne@example.org']]))
    expect(() => mergeAnswers({arrival: ['Mamie']})).toThrow(/NAME=ADDRESS/)
    expect(parseMigrateConfig(JSON.stringify({arrivals: {Mamie: 'jeanne@example.org'}}), 'm.json', '/').arrivals).toEqual(new Map([['Mamie', 'jeanne@example.org']]))
    expect(() => parseMigrateConfig(JSON.stringify({arrivals: ['x']}), 'm.json', '/')).toThrow(/arrivals/)
  })
})
