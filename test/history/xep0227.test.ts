import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import fc from 'fast-check'
import {describe, expect, it, vi} from 'vitest'

import {setContact, setMe} from '../../src/contacts/service.js'
import {messageBody} from '../../src/history/account-export-service.js'
import {planPdfParts, renderPdfPart} from '../../src/history/export-pdf.js'
import {exportAccount} from '../../src/history/index.js'
import {labelsFor} from '../../src/history/labels.js'
import {piefxisChunks, xmlSafe} from '../../src/history/piefxis.js'
import {announcementText, documentDescription} from '../../src/history/share-text.js'
import {WallClockReader} from '../../src/history/wall-clock.js'
import {Store} from '../../src/store/index.js'
import {parseXml} from '../../src/xmpp/xml.js'
import {info, msg, workspaceWith} from './helpers.js'

describe('WallClockReader', () => {
  const paris = new WallClockReader('Europe/Paris')
  it('reads WhatsApp wall-clock times in the zone, across DST changes', () => {
    expect(paris.instant('2024-01-03T10:00:00')).toBe('2024-01-03T09:00:00Z')
    expect(paris.instant('2024-05-03T10:00:00')).toBe('2024-05-03T08:00:00Z')
    // 02:30 does not exist on 2024-03-31 in Paris: moved forward by the gap (03:30 CEST).
    expect(paris.instant('2024-03-31T02:30:00')).toBe('2024-03-31T01:30:00Z')
    // 02:30 happens twice on 2024-10-27: the first one (CEST).
    expect(paris.instant('2024-10-27T02:30:00')).toBe('2024-10-27T00:30:00Z')
    expect(paris.instant('2024-10-27T03:30:00')).toBe('2024-10-27T02:30:00Z')
    expect(new WallClockReader('Pacific/Chatham').instant('2024-05-03T10:00:00')).toBe('2024-05-02T21:15:00Z')
    expect(new WallClockReader('America/Montreal').instant('2024-11-03T01:30:00')).toBe('2024-11-03T05:30:00Z')
  })
  it('keeps Signal instants and refuses what it cannot read', () => {
    expect(paris.instant('2024-05-03T08:00:00.123Z')).toBe('2024-05-03T08:00:00.123Z')
    expect(paris.instant('2024-05-03T08:00:00.000Z')).toBe('2024-05-03T08:00:00Z')
    expect(paris.instant('hier')).toBeNull()
  })
  it('gives back the wall-clock time it read, outside the DST gaps (property)', () => {
    const back = new Intl.DateTimeFormat('sv-SE', {timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'})
    fc.assert(
      fc.property(fc.integer({min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1)}), (ms) => {
        const wall = back.format(new Date(Math.floor(ms / 1000) * 1000)).replace(' ', 'T')
        const instant = paris.instant(wall)!
        expect(back.format(new Date(instant)).replace(' ', 'T')).toBe(wall)
      }),
      {seed: 227, numRuns: 2000},
    )
  })
})

describe('PIEFXIS file', () => {
  it('is well-formed XML whatever the text holds, without forbidden characters', () => {
    fc.assert(
      fc.property(fc.string({unit: 'binary', maxLength: 40}), fc.string({unit: 'grapheme', maxLength: 20}), (body, name) => {
        const text = [...piefxisChunks({local: 'moi', domain: 'example.test', roster: [{jid: 'a@example.test', name, groups: [name], subscription: 'both'}], bookmarks: [{room: 'r@conference.example.test', name, autojoin: true, nick: 'moi'}]}, [{id: 'x1', stamp: '2024-01-01T00:00:00Z', direction: 'received', peer: 'a@example.test', body}])].join('')
        const root = parseXml(text.replace(/^<\?xml[^>]*\?>\n/, ''))
        const user = root.getChild('host')?.getChild('user')
        expect(user?.attrs.name).toBe('moi')
        const parsedBody = user?.getChild('archive', 'urn:xmpp:pie:0#mam')?.getChild('result')?.getChild('forwarded')?.getChild('message')?.getChildText('body')
        expect(parsedBody).toBe(xmlSafe(body))
        expect(user?.getChild('query', 'jabber:iq:roster')?.getChild('item')?.attrs.subscription).toBe('both')
      }),
      {seed: 27, numRuns: 300},
    )
  })

  it('bodies mark files once', () => {
    const fr = labelsFor('fr')
    const file = (name: string) => ({name})
    expect(messageBody({text: 'IMG-1.jpg (fichier joint)', attachment: file('IMG-1.jpg'), kind: 'media'}, fr)).toBe('IMG-1.jpg (fichier joint)')
    expect(messageBody({text: 'Le devis', attachment: file('devis.pdf'), kind: 'media'}, fr)).toBe('[devis.pdf] Le devis')
    // One label per marker (issue 15): the tool's, never the source's raw text beside it.
    expect(messageBody({text: '<Médias omis>', attachment: null, kind: 'media-omitted'}, fr)).toBe('[Média non inclus dans l’export]')
    expect(messageBody({text: 'Oui <Ce message a été modifié>', attachment: null, kind: 'edited'}, fr)).toBe('Oui (modifié)')
    expect(messageBody({text: 'localisation : https://maps.google.com/?q=48.8566,2.3522', attachment: null, kind: 'location'}, labelsFor('en'))).toBe('[Location] https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=17/48.8566/2.3522')
  })

  it('has stable ids, the right directions, and leaves out chats without a JID', async () => {
    const workspace = await workspaceWith([
      {info: info('Mamie', ['Mamie', 'Moi'], {kind: 'direct', sourceId: 'title:Mamie'}), messages: [msg('2024-05-03T10:00:00', 'Mamie', 'Coucou'), msg('2024-05-03T10:01:00', 'Moi', 'ok'), msg('2024-05-03T10:01:00', 'Moi', 'ok')]},
      {info: info('Tonton', ['Tonton', 'Moi'], {kind: 'direct', sourceId: 'title:Tonton'}), messages: [msg('2024-05-03T11:00:00', 'Tonton', 'Salut'), msg('2024-05-03T11:01:00', 'Moi', 'Salut')]},
    ])
    expect(() => exportAccount(workspace, {jid: 'moi@example.test', out: join(mkdtempSync(join(tmpdir(), 'xm-227u-')), 'a.xml'), timeZone: 'Europe/Paris'})).toThrow(expect.objectContaining({code: 'HISTORY_ME_UNKNOWN'}))
    setMe(workspace, 'Moi')
    setContact(workspace, 'Mamie', {jid: 'mamie@example.test'})
    const dir = mkdtempSync(join(tmpdir(), 'xm-227u-'))
    const first = exportAccount(workspace, {jid: 'Moi@Example.test', out: join(dir, 'a.xml'), timeZone: 'Europe/Paris'})
    const second = exportAccount(workspace, {jid: 'moi@example.test', out: join(dir, 'b.xml'), timeZone: 'Europe/Paris'})
    expect(first.account).toBe('moi@example.test')
    expect(first.skipped).toEqual([{chatId: 2, title: 'Tonton', reason: 'the contact has no XMPP address'}])
    const a = readFileSync(first.file, 'utf8')
    expect(a).toBe(readFileSync(second.file, 'utf8'))
    const ids = [...a.matchAll(/<result xmlns="urn:xmpp:mam:2" id="([^"]+)">/g)].map((m) => m[1])
    expect(ids).toHaveLength(3)
    expect(new Set(ids).size).toBe(3)
    expect(a).toContain('from="mamie@example.test" to="moi@example.test" type="chat"')
    expect(a.match(/from="moi@example.test" to="mamie@example.test"/g)).toHaveLength(2)
    expect(a).toContain('<delay xmlns="urn:xmpp:delay" stamp="2024-05-03T08:00:00Z"/>')
    expect(() => exportAccount(workspace, {jid: 'moi@example.test', out: join(dir, 'c.xml'), timeZone: 'Mars/Olympus'})).toThrow(expect.objectContaining({code: 'HISTORY_TIMEZONE_UNKNOWN'}))
    rmSync(dir, {recursive: true, force: true})
  })
})

describe('upload pieces', () => {
  it('renders a chat to the same PDF bytes at any time (a rerun recognises what it uploaded)', async () => {
    const workspace = await workspaceWith([{info: info('Famille', ['Maman']), messages: [msg('2024-05-03T10:00:00', 'Maman', 'Bonjour')]}])
    const pdfs: Uint8Array[] = []
    // A minute apart: nothing in the document may depend on the time it is made.
    vi.useFakeTimers({toFake: ['Date']})
    try {
      for (let i = 0; i < 2; i++) {
        vi.setSystemTime(new Date(Date.UTC(2026, 0, 1, 12, i)))
        const store = Store.open(workspace.storePath)
        try {
          const chat = store.listChats()[0]!
          const plan = planPdfParts(store, workspace, chat, {language: 'fr'})
          pdfs.push((await renderPdfPart(store, workspace, chat, plan, 1, {language: 'fr'})).bytes)
        } finally {
          store.close()
        }
      }
    } finally {
      vi.useRealTimers()
    }
    expect(Buffer.from(pdfs[0]!).equals(Buffer.from(pdfs[1]!))).toBe(true)
  })

  it('announces the documents in the reader language: a group in its room, a one-to-one chat to the person', () => {
    const facts = {title: 'Famille', kind: 'group' as const, source: 'whatsapp' as const, messages: 1200, firstDay: '2019-01-01', lastDay: '2024-05-03', documents: 2, size: 12_345_678}
    expect(announcementText(facts, 'fr')).toBe(
      '📖 L’historique du groupe WhatsApp «\u202fFamille\u202f»\u202f: 1\u202f200 messages du 1 janvier 2019 au 3 mai 2024, en 2 documents PDF avec les photos (12,3 Mo en tout).\n' +
        // A group is addressed with "vous" (several people), whatever its members' tone.
        'Touchez un document pour l’ouvrir, et enregistrez-les pour les garder\u202f: le serveur peut effacer les fichiers après quelques jours.',
    )
    // One person: their tone, "tu" unless the organizer said "vous" (issue 13); French plural: 0 and 1 are singular.
    const direct = {...facts, kind: 'direct' as const, documents: 1, messages: 1, lastDay: '2019-01-01'}
    expect(announcementText(direct, 'fr')).toBe(
      '📖 L’historique de notre conversation WhatsApp\u202f: 1 message le 1 janvier 2019, dans un document PDF avec les photos (12,3 Mo).\n' +
        'Touche le document pour l’ouvrir, et enregistre-le pour le garder\u202f: le serveur peut effacer les fichiers après quelques jours.',
    )
    expect(announcementText(direct, 'fr', 'vous')).toContain('Touchez le document pour l’ouvrir, et enregistrez-le pour le garder')
    expect(announcementText({...facts, kind: 'direct', source: 'signal', documents: 1, messages: 1, lastDay: '2019-01-01'}, 'en')).toBe(
      '📖 The history of our Signal conversation: 1 message on 1 January 2019, in one PDF document with the photos (12.3 MB).\nTap the document to open it, and save it to keep it: the server may delete the files after a few days.',
    )
    expect(documentDescription('Famille', 'fr', 2, 3)).toBe('Historique de «\u202fFamille\u202f», partie 2 sur 3 (PDF)')
    expect(documentDescription('Famille', 'en', 1, 1)).toBe('History of "Famille" (PDF)')
  })
})
