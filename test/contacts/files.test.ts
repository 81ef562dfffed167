import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import fc from 'fast-check'
import JSZip from 'jszip'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {sharedCardSuggestions} from '../../src/contacts/index.js'
import {contactsToCsv, escapeCell, parseContactsCsv, rawCsvCells, unescapeCell} from '../../src/contacts/csv.js'
import {exportContacts, importContactsFile, importSharedCards, showContacts} from '../../src/contacts/service.js'
import type {ContactRow} from '../../src/contacts/types.js'
import {parseVCards} from '../../src/contacts/vcard.js'
import type {Workspace} from '../../src/workspace.js'
import {refreshContactBook} from '../../src/services/import-service.js'
import {EXAMPLES, importFiles, ROOT, tempWorkspace, withStore} from './helpers.js'

/** Fixed seed: the same cases on every run (tests are deterministic). */
const SEED = 0x4c_65_61

const FIXTURES = join(ROOT, 'fixtures/contacts')
let workspace: Workspace
let root: string
let cleanup: () => void
beforeEach(() => {
  ;({workspace, root, cleanup} = tempWorkspace())
})
afterEach(() => cleanup())

/** The example exports imported, the contacts derived; checks the ids the fixtures rely on. */
async function exampleBook(): Promise<ContactRow[]> {
  await importFiles(workspace, EXAMPLES)
  const {contacts} = showContacts(workspace)
  expect(contacts.map((c) => `${c.id} ${c.name}`)).toEqual(['1 Papa', '2 Claire', '3 Mamie Jeanne', '4 +33 6 39 98 45 67', '5 Maman', '6 Inès', '7 Karim'])
  return contacts
}

function byName(name: string): ContactRow | undefined {
  return showContacts(workspace).contacts.find((c) => c.name === name || c.aliases.includes(name))
}

describe('formula escaping', () => {
  it('escapes every cell a spreadsheet would run, and the escape is undone exactly', () => {
    for (const cell of ['=1+1', '+33612345678', '-2', '@SUM(A1)', '\tx', '\rx', "'quoted"]) expect(escapeCell(cell)).toBe(`'${cell}`)
    for (const cell of ['Maman', '', '1+1', 'a=b']) expect(escapeCell(cell)).toBe(cell)
    fc.assert(
      fc.property(fc.string(), (cell) => {
        expect(unescapeCell(escapeCell(cell))).toBe(cell)
        expect(escapeCell(cell)).not.toMatch(/^[=+\-@\t\r]/)
      }),
      {seed: SEED, numRuns: 1000},
    )
  })

  it('writes no cell that starts a formula, whatever the names, and reads every cell back', () => {
    const text = fc.string({unit: fc.constantFrom('=', '+', '-', '@', "'", ';', ',', '"', '\n', 'a', 'é', ' ', '\t', '🏡', '|')}).map((s) => s.trim())
    fc.assert(
      fc.property(fc.array(fc.record({name: text, phone: text, jid: text, email: text}), {maxLength: 5}), (people) => {
        const rows: ContactRow[] = people.map((p, i) => ({id: i + 1, name: p.name, aliases: [], phone: p.phone, jid: p.jid, language: null, tone: null, email: p.email, invite: false, isMe: false, chats: [], status: 'no-jid'}))
        const csv = contactsToCsv(rows)
        const {records, problems} = parseContactsCsv(csv)
        expect(problems).toEqual([])
        expect(records.map((r) => [r.cells.name, r.cells.phone, r.cells.jid, r.cells.email])).toEqual(people.map((p) => [p.name, p.phone, p.jid, p.email]))
        for (const record of rawCsvCells(csv)) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
      }),
      {seed: SEED, numRuns: 300},
    )
  })

  it('escapes the names WhatsApp labels can carry in a real export', async () => {
    const chat = ['01/03/2024, 08:00 - Claire: salut', '01/03/2024, 08:01 - =HYPERLINK("http://x.example","clic"): hop', '01/03/2024, 08:02 - @team: ok', '01/03/2024, 08:03 - +33 6 12 34 56 78: oui', ''].join('\n')
    const path = join(root, 'WhatsApp Chat with Club.txt')
    writeFileSync(path, chat)
    await importFiles(workspace, [path])
    const file = join(root, 'out.csv')
    exportContacts(workspace, file)
    const lines = readFileSync(file, 'utf8').split('\r\n')
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""http://x.example"",""clic"")","'=HYPERLINK(""http://x.example"",""clic"")",,,,,Club`)
    expect(lines[3]).toBe("3,'@team,'@team,,,,,Club")
    expect(lines[4]).toBe("4,'+33 6 12 34 56 78,'+33 6 12 34 56 78,'+33612345678,,,,Club")
  })
})

describe('CSV round trip', () => {
  it('export → fill in → import: JIDs and languages set, phone numbers unchanged, file private', async () => {
    await exampleBook()
    const file = join(root, 'contacts.csv')
    const exported = exportContacts(workspace, file)
    expect(exported.contacts).toBe(7)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // The person fills in two rows, as a spreadsheet would leave the rest.
    const text = readFileSync(file, 'utf8')
      .replace(/^5,Maman,Maman,,,,,/m, '5,Maman,Maman,,maman@chat.example.org,fr,,')
      .replace(/^4,('\+33 6 39 98 45 67),('\+33 6 39 98 45 67),('\+33639984567),,,,/m, '4,Thomas,$2,$3,thomas@chat.example.org,en,thomas@example.org,')
    writeFileSync(file, text)
    const result = importContactsFile(workspace, file)
    expect(result).toMatchObject({format: 'csv', rows: 7, updated: [4, 5], created: [], unchanged: 5, errors: []})
    expect(byName('Maman')).toMatchObject({jid: 'maman@chat.example.org', language: 'fr', status: 'has-jid'})
    expect(byName('Thomas')).toMatchObject({id: 4, phone: '+33639984567', jid: 'thomas@chat.example.org', language: 'en', email: 'thomas@example.org'})
    // Importing the same file again changes nothing; exporting again gives the same file.
    expect(importContactsFile(workspace, file)).toMatchObject({updated: [], unchanged: 7})
    exportContacts(workspace, join(root, 'again.csv'))
    expect(readFileSync(join(root, 'again.csv'), 'utf8')).toBe(text)
  })

  it('reads a file saved by LibreOffice (; BOM CRLF quotes), applies the good rows, reports the bad ones by line', async () => {
    await exampleBook()
    const result = importContactsFile(workspace, join(FIXTURES, 'libreoffice-semicolon.csv'))
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [6, 'CONTACTS_BAD_JID'],
      [7, 'CONTACTS_BAD_LANGUAGE'],
      [8, 'CONTACTS_UNKNOWN_ID'],
    ])
    expect(result).toMatchObject({rows: 7, updated: [5, 4, 6], unchanged: 0})
    expect(result.created).toHaveLength(1)
    expect(byName('Maman')).toMatchObject({jid: 'maman@chat.example.org', language: 'fr'})
    expect(byName('Thomas (nouveau numéro)')).toMatchObject({id: 4, phone: '+33639984567', jid: 'thomas@chat.example.org', language: 'fr', email: 'thomas@example.org'})
    expect(byName('Inès')).toMatchObject({jid: 'ines@chat.example.org', language: 'en'})
    expect(byName('Tonton Jo')).toMatchObject({phone: '+33677889900', jid: 'jo@chat.example.org', chats: [], status: 'has-jid'})
    // The bad rows changed nothing (Karim's valid JID on a row with a bad language included).
    expect(byName('Papa')).toMatchObject({jid: null, language: null})
    expect(byName('Karim')).toMatchObject({jid: null})
  })

  it('a JID already given to someone else is a bad row; the file still applies the rest', async () => {
    await exampleBook()
    const file = join(root, 'dup.csv')
    writeFileSync(file, 'id,jid\n5,famille@example.org\n1,famille@example.org\n3,mamie@example.org\n')
    const result = importContactsFile(workspace, file)
    expect(result.errors).toEqual([{line: 3, code: 'CONTACTS_DUPLICATE_JID', message: expect.stringContaining('contact 5 (Maman)')}])
    expect(result.updated).toEqual([5, 3])
  })

  it('an empty JID cell removes the address; an absent column changes nothing', async () => {
    await exampleBook()
    const file = join(root, 'edit.csv')
    writeFileSync(file, 'id,jid,language\n5,maman@example.org,fr\n')
    importContactsFile(workspace, file)
    writeFileSync(file, 'id,jid\n5,\n')
    importContactsFile(workspace, file)
    expect(byName('Maman')).toMatchObject({jid: null, language: 'fr'})
  })

  it('reads a Windows-1252 CSV (older Excel) and refuses a file that is no contacts file', async () => {
    await exampleBook()
    const file = join(root, 'excel.csv')
    writeFileSync(file, Buffer.from('nom;xmpp;langue\r\nIn\xe8s;ines@example.org;fran\xe7ais\r\n', 'latin1'))
    expect(importContactsFile(workspace, file)).toMatchObject({updated: [6], errors: []})
    expect(byName('Inès')).toMatchObject({jid: 'ines@example.org', language: 'fr'})
    writeFileSync(file, 'hello,world\n1,2\n')
    expect(() => importContactsFile(workspace, file)).toThrow(expect.objectContaining({code: 'CONTACTS_BAD_FILE'}))
  })
})

describe('vCard', () => {
  it('reads Android 2.1 (quoted-printable, soft breaks, X-JABBER)', () => {
    const {cards, problems} = parseVCards(readFileSync(join(FIXTURES, 'android-2.1.vcf'), 'utf8'))
    expect(problems).toEqual([])
    expect(cards.map((c) => [c.line, c.version, c.name, c.phones.map((p) => p.value), c.xmpp.map((x) => x.value)])).toEqual([
      [1, '2.1', 'Inès', ['+33 7 12 34 56 78'], ['ines@chat.example.org']],
      [8, '2.1', 'Thomas Dupont', ['06 39 98 45 67'], ['thomas@chat.example.org']],
      [15, '2.1', 'Tata Adèle de Saint-Jean-de-Luz, la sœur de Maman', ['05 59 00 00 00'], []],
    ])
  })

  it('reads iOS 3.0 (item groups, NBSP in numbers, folded IMPP with X-SERVICE-TYPE=Jabber)', () => {
    const {cards} = parseVCards(readFileSync(join(FIXTURES, 'ios-3.0.vcf'), 'utf8'))
    expect(cards.map((c) => [c.name, c.phones.map((p) => p.value), c.xmpp.map((x) => [x.value, x.line]), c.emails.map((e) => e.value)])).toEqual([
      ['Maman', ['+33\u00A06\u00A022\u00A033\u00A044\u00A055'], [['xmpp:maman@chat.example.org', 8]], []],
      ['Karim', ['+33 6 98 76 54 32'], [['xmpp:karim@jabber.example.net', 16]], ['karim@example.net']],
    ])
  })

  it('reads Google 3.0 and 4.0 (tel: URIs, quoted TYPE lists)', () => {
    const google = parseVCards(readFileSync(join(FIXTURES, 'google-3.0.vcf'), 'utf8')).cards
    expect(google[0]?.xmpp.map((x) => x.value)).toEqual(['xmpp:papa@chat.example.org', 'xmpp:papa.ancien@old.example.org'])
    const v4 = parseVCards(readFileSync(join(FIXTURES, 'v4.0.vcf'), 'utf8')).cards
    expect(v4.map((c) => [c.version, c.name, c.phones.map((p) => p.value)])).toEqual([
      ['4.0', 'Mamie Jeanne', ['+33-6-11-11-11-11']],
      ['4.0', 'Claire', []],
    ])
  })

  it('reports a card cut short', () => {
    expect(parseVCards('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa\r\n').problems).toEqual([{line: 1, message: expect.stringContaining('END:VCARD')}])
  })

  it('imports address books into the example book: by phone, then by name; JIDs from every format', async () => {
    await exampleBook()
    const ios = importContactsFile(workspace, join(FIXTURES, 'ios-3.0.vcf'))
    expect(ios).toMatchObject({format: 'vcard', rows: 2, updated: [5, 7], errors: []})
    expect(byName('Maman')).toMatchObject({jid: 'maman@chat.example.org', phone: '+33622334455'})
    expect(byName('Karim')).toMatchObject({jid: 'karim@jabber.example.net', email: 'karim@example.net'})

    // Without a region, Thomas's local number matches nobody (and his name is not in a chat).
    const android = importContactsFile(workspace, join(FIXTURES, 'android-2.1.vcf'))
    expect(android.updated).toEqual([6])
    expect(android.unmatched.map((u) => u.name)).toEqual(['Thomas Dupont', 'Tata Adèle de Saint-Jean-de-Luz, la sœur de Maman'])
    expect(byName('Inès')).toMatchObject({jid: 'ines@chat.example.org', phone: '+33712345678'})
    // With FR, it does: the card's name becomes an alias.
    const withRegion = importContactsFile(workspace, join(FIXTURES, 'android-2.1.vcf'), {region: 'FR'})
    expect(withRegion.updated).toEqual([4])
    expect(byName('Thomas Dupont')).toMatchObject({id: 4, jid: 'thomas@chat.example.org', aliases: ['+33 6 39 98 45 67', 'Thomas Dupont'], name: 'Thomas Dupont'})

    const google = importContactsFile(workspace, join(FIXTURES, 'google-3.0.vcf'))
    expect(google).toMatchObject({updated: [1], unmatched: [{line: 10, name: 'Boulangerie du coin'}], errors: []})
    expect(byName('Papa')).toMatchObject({jid: 'papa@chat.example.org', email: 'papa@example.org', phone: '+33655443322'})

    const v4 = importContactsFile(workspace, join(FIXTURES, 'v4.0.vcf'))
    expect(v4.updated).toEqual([3])
    expect(v4.errors).toEqual([{line: 9, code: 'CONTACTS_BAD_JID', message: expect.stringContaining('line 12')}])
    expect(byName('Mamie Jeanne')).toMatchObject({jid: 'jeanne@chat.example.org', phone: '+33611111111', language: 'fr'})
    expect(byName('Claire')).toMatchObject({jid: null})
  })

  it('keeps a JID the contact already has and says so', async () => {
    await exampleBook()
    writeFileSync(join(root, 'a.vcf'), 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maman\r\nIMPP:xmpp:autre@example.org\r\nEND:VCARD\r\n')
    importContactsFile(workspace, join(FIXTURES, 'ios-3.0.vcf'))
    const result = importContactsFile(workspace, join(root, 'a.vcf'))
    expect(result.warnings.map((w) => w.code)).toEqual(['CONTACTS_JID_KEPT'])
    expect(byName('Maman')?.jid).toBe('maman@chat.example.org')
  })

  it('reads the contact cards shared in an imported WhatsApp .zip', async () => {
    const zip = new JSZip()
    zip.file('WhatsApp Chat with Club.txt', ['01/03/2024, 08:00 - Claire: salut', '01/03/2024, 08:01 - Karim: Inès.vcf (file attached)', '01/03/2024, 08:02 - +33 7 12 34 56 78: merci !', ''].join('\n'))
    zip.file('Inès.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Inès;;;\r\nFN:Inès\r\nTEL;type=CELL;type=VOICE;waid=33712345678:+33 7 12 34 56 78\r\nIMPP:xmpp:ines@chat.example.org\r\nEND:VCARD\r\n')
    const path = join(root, 'WhatsApp Chat with Club.zip')
    writeFileSync(path, await zip.generateAsync({type: 'nodebuffer'}))
    await importFiles(workspace, [path])
    // The import flow only lists it (issue 14), naming the contact its phone number matches.
    const suggestions = withStore(workspace, (store) => sharedCardSuggestions(store, workspace))
    expect(suggestions).toEqual([{file: 'Inès.vcf', sharedBy: 'Karim', line: 1, name: 'Inès', jid: 'ines@chat.example.org', contactId: 3, contactName: '+33 7 12 34 56 78'}])
    expect(byName('+33 7 12 34 56 78')?.jid).toBeNull()
    // `contacts import --from-chats` is the organizer's decision: it applies it (by phone number).
    expect(importSharedCards(workspace)).toMatchObject({rows: 1, updated: [3], errors: [], unmatched: []}) // 3: the "+33 7 12 34 56 78" contact
    expect(importSharedCards(workspace)).toMatchObject({rows: 1, updated: [], unchanged: 1})
    const ines = byName('Inès')
    expect(ines).toMatchObject({phone: '+33712345678', jid: 'ines@chat.example.org', aliases: ['+33 7 12 34 56 78', 'Inès']})
  })
})

describe('issue 14: contact cards shared in a chat are suggestions only', () => {
  /** The audit's zip: Eve shares Maman.vcf with two cards giving Maman and Papa her addresses. */
  async function eveZip(): Promise<string> {
    const zip = new JSZip()
    zip.file(
      'WhatsApp Chat with Famille.txt',
      ['01/03/2024, 08:00 - Maman: coucou', '01/03/2024, 08:01 - Papa: salut', '01/03/2024, 08:02 - Eve: Maman.vcf (file attached)', ''].join('\n'),
    )
    zip.file(
      'Maman.vcf',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maman\r\nIMPP:xmpp:eve@evil.example\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Papa\r\nIMPP:xmpp:eve2@evil.example\r\nEND:VCARD\r\n',
    )
    const path = join(root, 'WhatsApp Chat with Famille.zip')
    writeFileSync(path, await zip.generateAsync({type: 'nodebuffer'}))
    return path
  }

  it('import sets nobody\'s address from them, and says what it found', async () => {
    await importFiles(workspace, [await eveZip()])
    const refresh = refreshContactBook(workspace)
    expect(byName('Maman')?.jid).toBeNull()
    expect(byName('Papa')?.jid).toBeNull()
    expect(refresh.cards.map((c) => [c.name, c.jid, c.sharedBy, c.contactId])).toEqual([
      ['Maman', 'eve@evil.example', 'Eve', null],
      ['Papa', 'eve2@evil.example', 'Eve', null],
    ])
    const text = refresh.warnings.join('\n')
    expect(text).toContain('none was applied')
    expect(text).toContain('eve@evil.example')
    expect(text).toContain('shared by Eve')
  })

  it('--from-chats never matches a card to a contact by its name alone', async () => {
    await importFiles(workspace, [await eveZip()])
    const result = importSharedCards(workspace)
    expect(result).toMatchObject({rows: 2, updated: [], created: []})
    expect(result.unmatched.map((u) => u.name)).toEqual(['Maman', 'Papa'])
    expect(byName('Maman')?.jid).toBeNull()
    expect(byName('Papa')?.jid).toBeNull()
  })
})
