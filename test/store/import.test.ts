import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {UserError} from '../../src/errors/index.js'
import type {Message} from '../../src/model/types.js'
import fc from 'fast-check'

import type {ChatSource} from '../../src/model/importer.js'
import {importIntoStore, MessageKeyer, Store, type StoredFile} from '../../src/store/index.js'
import {keyOfMessage} from '../../src/store/import-export.js'
import {chatSource, dumpStore, generatedMessage, generatedMessages, info, memoryFiles, msg, opened, tempDir} from './helpers.js'

let dir: string
let cleanup: () => void
let store: Store
let path: string
beforeEach(() => {
  ;({dir, cleanup} = tempDir())
  path = join(dir, 'store.sqlite')
  store = Store.open(path)
})
afterEach(() => {
  store.close()
  cleanup()
})

const file = (p = '/exports/famille.txt') => ({path: p, source: 'whatsapp' as const, fileSize: 1234, fileMtime: '2024-05-01T10:00:00.000Z'})

/** The messages of a chat as (date, author, text) triples, in stored time order. */
function triples(chatId: number): string[] {
  return [...store.messages(chatId)].map((m) => `${m.date} ${m.author ?? '-'}: ${m.text}`)
}

const famille = [
  msg('2024-03-01T08:00:00', null, 'Maman created group "Famille"'),
  msg('2024-03-01T08:01:00', 'Maman', 'Bonjour tout le monde'),
  msg('2024-03-01T08:02:00', 'Papa', 'ok'),
  msg('2024-03-01T08:02:00', 'Papa', 'ok'), // the same "ok" twice in one minute: two messages
  msg('2024-03-01T08:03:00', '~ Léa', 'Salut !\nÇa va ?'),
  msg('2024-03-02T19:30:00', 'Maman', '<Media omitted>', {kind: 'media-omitted'}),
]

describe('importIntoStore', () => {
  it('stores chats, participants, messages and issues, with counters', async () => {
    const issue = {severity: 'warning' as const, code: 'WA_DATE_ORDER_ASSUMED', message: 'Assumed day/month.', file: 'famille.txt', line: 1}
    const result = await importIntoStore(store, opened([chatSource(info('Famille', ['Maman', 'Papa']), famille)], [issue]), file())
    expect(result).toMatchObject({messagesNew: 6, messagesKnown: 0, attachmentsStored: 0, issues: [issue]})
    expect(result.chats).toEqual([{id: 1, source: 'whatsapp', title: 'Famille', kind: 'group', messagesNew: 6, messagesKnown: 0, attachmentsStored: 0}])
    const [chat] = store.listChats()
    expect(chat).toMatchObject({id: 1, title: 'Famille', kind: 'group', messageCount: 6, firstDate: '2024-03-01T08:00:00', lastDate: '2024-03-02T19:30:00'})
    // The importer's participants first, then authors it did not list, in order of first message.
    expect(chat?.participants.map((p) => [p.position, p.name])).toEqual([
      [1, 'Maman'],
      [2, 'Papa'],
      [3, '~ Léa'],
    ])
    expect(triples(1)).toEqual(famille.map((m) => `${m.date} ${m.author ?? '-'}: ${m.text}`))
    const stored = [...store.messages(1)]
    expect(stored[0]).toMatchObject({system: true, kind: 'system', author: null, importId: result.importId})
    expect(stored[5]).toMatchObject({kind: 'media-omitted', attachment: null})
    const [run] = store.listImports()
    expect(run).toMatchObject({status: 'done', path: '/exports/famille.txt', chats: 1, messagesNew: 6, messagesKnown: 0, fileSize: 1234})
    expect(run?.finishedAt).not.toBeNull()
    expect(store.importIssues(result.importId)).toEqual([{importId: result.importId, ...issue}])
  })

  it('adds nothing when the same export is imported twice', async () => {
    const source = () => opened([chatSource(info('Famille', ['Maman']), famille)])
    await importIntoStore(store, source(), file())
    const before = dumpStore(path)
    const again = await importIntoStore(store, source(), file())
    expect(again).toMatchObject({messagesNew: 0, messagesKnown: 6})
    const after = dumpStore(path)
    // Only the new `imports` row and the chat's updated_at differ.
    expect(after['messages']).toEqual(before['messages'])
    expect(after['participants']).toEqual(before['participants'])
    expect(after['imports']).toHaveLength(2)
    expect(store.listChats()[0]?.messageCount).toBe(6)
  })

  it('adds only the new messages of a later export that overlaps the earlier one', async () => {
    const earlier = famille.slice(0, 4) // ends with the two identical "ok"
    const later = [
      ...famille.slice(2), // starts in the middle of the earlier export
      msg('2024-03-03T07:00:00', 'Papa', 'ok'),
      msg('2024-03-03T07:05:00', 'Tonton', 'Coucou'),
    ]
    await importIntoStore(store, opened([chatSource(info('Famille'), earlier)]), file('/exports/old.txt'))
    const second = await importIntoStore(store, opened([chatSource(info('Famille'), later)]), file('/exports/new.txt'))
    expect(second).toMatchObject({messagesNew: 4, messagesKnown: 2})
    expect(triples(1)).toEqual([...famille, ...later.slice(4)].map((m) => `${m.date} ${m.author ?? '-'}: ${m.text}`))
    expect(store.listChats()[0]).toMatchObject({messageCount: 8, firstDate: '2024-03-01T08:00:00', lastDate: '2024-03-03T07:05:00'})
    expect(store.listChats()[0]?.participants.map((p) => p.name)).toEqual(['Maman', 'Papa', '~ Léa', 'Tonton'])
  })

  it('keeps identical messages of one minute apart, and maps a re-import onto them', async () => {
    const two = [msg('2024-03-01T08:02:00', 'Papa', 'ok'), msg('2024-03-01T08:02:00', 'Papa', 'ok')]
    const three = [...two, msg('2024-03-01T08:02:00', 'Papa', 'ok')]
    expect((await importIntoStore(store, opened([chatSource(info('Famille'), two)]), file())).messagesNew).toBe(2)
    expect(await importIntoStore(store, opened([chatSource(info('Famille'), two)]), file())).toMatchObject({messagesNew: 0, messagesKnown: 2})
    // A later export saw a third "ok" in that minute: only that one is new.
    expect(await importIntoStore(store, opened([chatSource(info('Famille'), three)]), file())).toMatchObject({messagesNew: 1, messagesKnown: 2})
    expect(triples(1)).toHaveLength(3)
  })

  it('tells apart messages that differ only by author, text split, attachment or null author', async () => {
    const tricky: Message[] = [
      msg('2024-03-01T08:00:00', 'ab', 'c'),
      msg('2024-03-01T08:00:00', 'a', 'bc'),
      msg('2024-03-01T08:00:00', '', 'x'),
      msg('2024-03-01T08:00:00', null, 'x'),
      msg('2024-03-01T08:00:00', 'Papa', 'photo.jpg (file attached)'),
      msg('2024-03-01T08:00:00', 'Papa', 'photo.jpg (file attached)', {
        attachment: {name: 'photo.jpg', mediaType: 'image/jpeg', size: null, sha256: null, storedPath: null},
      }),
    ]
    expect(await importIntoStore(store, opened([chatSource(info('Famille'), tricky)]), file())).toMatchObject({messagesNew: 6})
    expect(await importIntoStore(store, opened([chatSource(info('Famille'), tricky)]), file())).toMatchObject({messagesNew: 0, messagesKnown: 6})
  })

  it('keys messages that carry a source id by that id (Signal, Telegram)', async () => {
    const signal = info('Amis', [], {source: 'signal', sourceId: 'group:abc'})
    const first = [msg('2024-03-01T08:00:00', 'Léa', 'hello', {sourceId: '1001'}), msg('2024-03-01T08:00:00', 'Léa', 'hello', {sourceId: '1002'})]
    // The same ids again, one with a text the source later edited: still the same messages.
    const again = [msg('2024-03-01T08:00:00', 'Léa', 'hello (edited)', {sourceId: '1001'}), msg('2024-03-01T08:00:00', 'Léa', 'hello', {sourceId: '1002'})]
    await importIntoStore(store, {source: 'signal', path: 'x', chats: [chatSource(signal, first)], issues: []}, {path: 'x', source: 'signal'})
    const second = await importIntoStore(store, {source: 'signal', path: 'x', chats: [chatSource(signal, again)], issues: []}, {path: 'x', source: 'signal'})
    expect(second).toMatchObject({messagesNew: 0, messagesKnown: 2})
    expect([...store.messages(1)].map((m) => m.sourceId)).toEqual(['1001', '1002'])
    expect([...store.messages(1)][0]).not.toHaveProperty('replyTo')
    expect(store.listChats()[0]).toMatchObject({source: 'signal', sourceId: 'group:abc'})
  })

  it('keeps replies, reactions and edits of sources that have them', async () => {
    const signal = info('Amis', [], {source: 'signal', sourceId: 'group:abc'})
    const reply = msg('2024-05-03T08:00:00.123Z', 'Léa', 'Oui !', {
      sourceId: '2001',
      replyTo: {sourceId: '2000', author: 'Papa', text: 'On dîne ensemble ?'},
      reactions: [{emoji: '❤️', author: 'Papa', authorSourceId: 'aci:1', date: '2024-05-03T08:01:00.000Z'}],
      edited: true,
    })
    await importIntoStore(store, {source: 'signal', path: 'x', chats: [chatSource(signal, [reply])], issues: []}, {path: 'x', source: 'signal'})
    const [stored] = [...store.messages(1)]
    expect(stored).toMatchObject({replyTo: reply.replyTo, reactions: reply.reactions, edited: true, date: '2024-05-03T08:00:00.123Z'})
  })

  it('finds a chat again by source and source id, and keeps chats of different sources apart', async () => {
    await importIntoStore(store, opened([chatSource(info('Famille'), famille.slice(0, 2))]), file())
    await importIntoStore(store, opened([chatSource(info('Famille 🏡', [], {sourceId: 'title:Famille'}), famille.slice(1, 3))]), file())
    await importIntoStore(store, {source: 'signal', path: 's', chats: [chatSource(info('Famille', [], {source: 'signal'}), famille.slice(0, 1))], issues: []}, {path: 's', source: 'signal'})
    const chats = store.listChats()
    expect(chats.map((c) => [c.id, c.source, c.title, c.messageCount])).toEqual([
      [1, 'whatsapp', 'Famille 🏡', 3],
      [2, 'signal', 'Famille', 1],
    ])
  })

  it('fills a participant phone learnt by a later import, keeping its place', async () => {
    await importIntoStore(store, opened([chatSource(info('Famille', ['Maman', '+33 6 12 34 56 78']), [])]), file())
    const withPhone = info('Famille', [])
    withPhone.participants = [
      {name: 'Nouveau', phone: null},
      {name: '+33 6 12 34 56 78', phone: '+33612345678'},
    ]
    await importIntoStore(store, opened([chatSource(withPhone, [])]), file())
    expect(store.getChat(1)?.participants.map((p) => [p.position, p.name, p.phone])).toEqual([
      [1, 'Maman', null],
      [2, '+33 6 12 34 56 78', '+33612345678'],
      [3, 'Nouveau', null],
    ])
  })

  it('rolls everything back when the message stream fails mid-way, and records the failure', async () => {
    await importIntoStore(store, opened([chatSource(info('Famille'), famille.slice(0, 3))]), file())
    const before = dumpStore(path)
    async function* failing(): AsyncIterable<Message> {
      for (let i = 0; i < 5000; i++) yield generatedMessage(i)
      throw new UserError('WA_ZIP_CORRUPT', 'The archive famille.zip is damaged.')
    }
    const broken = opened([chatSource(info('Famille'), famille), chatSource(info('Boulot'), failing)])
    await expect(importIntoStore(store, broken, file('/exports/famille.zip'), {batchSize: 100})).rejects.toThrow('damaged')
    const after = dumpStore(path)
    // Everything but the imports table is exactly as before; the failure is one more row there.
    for (const table of Object.keys(before)) if (table !== 'imports') expect(after[table], table).toEqual(before[table])
    expect(store.listImports().map((i) => [i.status, i.errorCode, i.messagesNew])).toEqual([
      ['done', null, 3],
      ['failed', 'WA_ZIP_CORRUPT', 0],
    ])
    // The store is usable afterwards, and the export imports fine once readable.
    const retry = await importIntoStore(store, opened([chatSource(info('Famille'), famille), chatSource(info('Boulot'), generatedMessages(0, 5000))]), file())
    expect(retry).toMatchObject({messagesNew: 3 + 5000, messagesKnown: 3})
  })

  it('fails (and keeps nothing) on a malformed message instead of dropping it silently', async () => {
    const broken = [...famille.slice(0, 2), msg('2024-03-01T08:09:00', 'Papa', null as unknown as string)]
    await expect(importIntoStore(store, opened([chatSource(info('Famille'), broken)]), file())).rejects.toMatchObject({code: 'BUG'})
    expect(store.listChats()).toEqual([])
    expect(store.listImports().map((i) => i.status)).toEqual(['failed'])
  })

  it('stores attachment files once, records them, and fills known messages when the files come later', async () => {
    const photo = {name: 'IMG-20240301-WA0001.jpg', mediaType: 'image/jpeg', size: null, sha256: null, storedPath: null}
    const withPhoto = [
      msg('2024-03-01T08:05:00', 'Maman', 'IMG-20240301-WA0001.jpg (file attached)', {kind: 'media', attachment: photo}),
      msg('2024-03-01T08:06:00', 'Papa', 'IMG-20240301-WA0001.jpg (file attached)', {kind: 'media', attachment: photo}),
      msg('2024-03-01T08:07:00', 'Papa', 'missing.pdf (file attached)', {kind: 'media', attachment: {...photo, name: 'missing.pdf', mediaType: 'application/pdf'}}),
    ]
    const stored: string[] = []
    const storeFile = async (content: AsyncIterable<Uint8Array>): Promise<StoredFile> => {
      let text = ''
      for await (const chunk of content) text += new TextDecoder().decode(chunk)
      stored.push(text)
      return {sha256: `sha-of-${text}`, size: text.length, storedPath: `media/${text}`}
    }
    // First the .txt alone: no files, names only.
    await importIntoStore(store, opened([chatSource(info('Famille'), withPhoto)]), file(), {storeFile})
    expect([...store.messages(1)].map((m) => m.attachment?.sha256 ?? null)).toEqual([null, null, null])
    // Then the .zip of the same chat: the known messages get their file; the file is read once.
    const files = memoryFiles({'IMG-20240301-WA0001.jpg': 'jpeg-bytes'})
    const result = await importIntoStore(store, opened([chatSource(info('Famille'), withPhoto, files)]), file('/exports/famille.zip'), {storeFile})
    expect(result).toMatchObject({messagesNew: 0, messagesKnown: 3, attachmentsStored: 2})
    expect(files.opened.get('IMG-20240301-WA0001.jpg')).toBe(1)
    expect(stored).toEqual(['jpeg-bytes'])
    const messages = [...store.messages(1)]
    expect(messages[0]?.attachment).toEqual({name: 'IMG-20240301-WA0001.jpg', mediaType: 'image/jpeg', size: 10, sha256: 'sha-of-jpeg-bytes', storedPath: 'media/jpeg-bytes'})
    expect(messages[2]?.attachment).toMatchObject({name: 'missing.pdf', sha256: null})
    // Once more: nothing to store, nothing read.
    const third = await importIntoStore(store, opened([chatSource(info('Famille'), withPhoto, files)]), file('/exports/famille.zip'), {storeFile})
    expect(third).toMatchObject({messagesNew: 0, attachmentsStored: 0})
    expect(files.opened.get('IMG-20240301-WA0001.jpg')).toBe(1)
  })

  it('keeps export order within a minute whatever mix of plain, attached and stored-file messages', async () => {
    const photo = {name: 'p.jpg', mediaType: 'image/jpeg', size: null, sha256: null, storedPath: null}
    const minute = Array.from({length: 300}, (_, i) => {
      const text = `message ${i}`
      if (i % 7 === 3) return msg('2024-03-01T08:00:00', 'Papa', text, {kind: 'media', attachment: photo})
      if (i % 11 === 5) return msg('2024-03-01T08:00:00', 'Papa', text, {kind: 'media', attachment: {...photo, sha256: 'abc', size: 3, storedPath: 'media/ab/abc'}})
      if (i % 13 === 6) return msg('2024-03-01T08:00:00', null, text)
      return msg('2024-03-01T08:00:00', i % 2 === 0 ? 'Maman' : 'Léa', text)
    })
    const result = await importIntoStore(store, opened([chatSource(info('Famille'), minute)]), file(), {batchSize: 97})
    expect(result).toMatchObject({messagesNew: 300, messagesKnown: 0})
    expect([...store.messages(1)].map((m) => m.text)).toEqual(minute.map((m) => m.text))
    expect([...store.messages(1)].filter((m) => m.attachment?.sha256 === 'abc')).toHaveLength(minute.filter((m) => m.attachment?.sha256).length)
    expect(await importIntoStore(store, opened([chatSource(info('Famille'), minute)]), file(), {batchSize: 1000})).toMatchObject({messagesNew: 0, messagesKnown: 300})
  })

  it('counts messages correctly across many batches', async () => {
    const n = 10_007
    const result = await importIntoStore(store, opened([chatSource(info('Gros'), generatedMessages(0, n))]), file(), {batchSize: 333})
    expect(result.messagesNew).toBe(n)
    const overlap = await importIntoStore(store, opened([chatSource(info('Gros'), generatedMessages(5000, n + 2000))]), file(), {batchSize: 1000})
    expect(overlap).toMatchObject({messagesNew: 2000, messagesKnown: n - 5000})
    const chat = store.listChats()[0]
    expect(chat?.messageCount).toBe(n + 2000)
    expect(chat?.messageCount).toBe([...store.messages(1)].length)
    expect(chat?.firstDate).toBe(generatedMessage(0).date)
    expect(chat?.lastDate).toBe(generatedMessage(n + 1999).date)
  })
})

describe('MessageKeyer', () => {
  it('gives the same keys to the same messages in the same order, and distinct keys within a chat', () => {
    const messages = Array.from({length: 20_000}, (_, i) => generatedMessage(i % 7000))
    const a = new MessageKeyer()
    const b = new MessageKeyer()
    const keysA = messages.map((m) => hex(a.keyOf(m)))
    const keysB = messages.map((m) => hex(b.keyOf(m)))
    expect(keysA).toEqual(keysB)
    // Repeats of identical messages get their own keys (occurrence index).
    expect(new Set(keysA).size).toBe(messages.length)
  })

  it('derives exactly the keys earlier versions stored (changing them would duplicate every re-import)', () => {
    const keyer = new MessageKeyer()
    const ok = msg('2024-03-01T08:02:00', 'Papa', 'ok')
    // "2024-03-01T08:02:00" in ASCII, the 64-bit hash, then the occurrence index of the repeat.
    expect(hex(keyer.keyOf(ok))).toBe('323032342d30332d30315430383a30323a3030f5b690c49fb440e8')
    expect(hex(keyer.keyOf(ok))).toBe('323032342d30332d30315430383a30323a3030f5b690c49fb440e800000001')
    // "i" then SHA-1 of the source id.
    expect(hex(new MessageKeyer().keyOf({...ok, sourceId: '1001'}))).toBe('69dd01903921ea24941c26a48f2cec24e0bb0e8cc7')
  })

  it('starts a WhatsApp key with the date, so keys sort by time', () => {
    const key = new MessageKeyer().keyOf(msg('2024-03-01T08:02:00', 'Papa', 'ok'))
    expect(key?.subarray(0, 19).toString('latin1')).toBe('2024-03-01T08:02:00')
  })
  // Issue 17: the keyer keeps two generations of counts, not every hash of the import, and stays
  // exact: a message dated before what it dropped makes it recount from the chat's start.
  it('gives the keys of a keyer that keeps every count, with memory for a window only', async () => {
    const messages = Array.from({length: 5000}, (_, i) => generatedMessage(i))
    // Identical messages in one minute (their keys differ by the occurrence index).
    messages.splice(2500, 0, generatedMessage(2499), generatedMessage(2499))
    // Exports are nearly chronological: the first line is often stamped later than the next ones.
    messages.unshift(msg('2020-03-01T00:00:00', 'Maman', 'ok'))
    const window = new MessageKeyer({generationSize: 64})
    const everything = new MessageKeyer({generationSize: Infinity})
    const keys = await keysOf(window, messages)
    expect(keys.recounts).toBe(0)
    expect(keys.hex).toEqual((await keysOf(everything, messages)).hex)
  })

  it('recounts from the chat start for a message older than the dropped counts, and then gives the same keys', async () => {
    const messages = Array.from({length: 3000}, (_, i) => generatedMessage(i))
    // A repeat of the very first messages, far out of order (after many generations were dropped).
    messages.push(generatedMessage(1), generatedMessage(3), generatedMessage(5))
    const keys = await keysOf(new MessageKeyer({generationSize: 32}), messages)
    // One recount per date (three minutes), of that date only.
    expect(keys.recounts).toBe(3)
    expect(keys.hex).toEqual((await keysOf(new MessageKeyer({generationSize: Infinity}), messages)).hex)
    // The repeats got their own keys (occurrence 1), not those of the first messages.
    expect(new Set(keys.hex).size).toBe(messages.length)
  })

  it('keeps every count after a few dates were recounted (a file whose dates jump back and forth)', async () => {
    const messages = Array.from({length: 3000}, (_, i) => generatedMessage(i))
    for (let i = 1; i <= 40; i += 2) messages.push(generatedMessage(i))
    const keys = await keysOf(new MessageKeyer({generationSize: 32}), messages)
    // Four dates recounted one by one, then one recount of everything; none after that.
    expect(keys.recounts).toBe(5)
    expect(keys.hex).toEqual((await keysOf(new MessageKeyer({generationSize: Infinity}), messages)).hex)
  })

  it('is exact for any order of dates and repeats (property)', async () => {
    const message = fc.record({minute: fc.integer({min: 0, max: 40}), author: fc.constantFrom('Maman', 'Papa'), text: fc.constantFrom('ok', 'oui', 'non')})
    await fc.assert(
      fc.asyncProperty(fc.array(message, {maxLength: 300}), fc.integer({min: 1, max: 16}), async (list, generationSize) => {
        const messages = list.map((m) => msg(`2020-01-01T00:${String(m.minute).padStart(2, '0')}:00`, m.author, m.text))
        const window = await keysOf(new MessageKeyer({generationSize}), messages)
        const everything = await keysOf(new MessageKeyer({generationSize: Infinity}), messages)
        expect(window.hex).toEqual(everything.hex)
      }),
      {numRuns: 200},
    )
  })
})

function hex(key: Buffer | null): string {
  if (key === null) throw new Error('no key')
  return key.toString('hex')
}

/** The keys of the messages as an import computes them (recounting when the keyer asks to). */
async function keysOf(keyer: MessageKeyer, messages: readonly Message[]): Promise<{hex: string[]; recounts: number}> {
  let recounts = 0
  const source = {
    info: info('t'),
    async *messages() {
      recounts++
      yield* messages
    },
  } satisfies ChatSource
  const hexKeys: string[] = []
  for (const m of messages) hexKeys.push((keyer.keyOf(m) ?? (await keyOfMessage(keyer, m, source))).toString('hex'))
  return {hex: hexKeys, recounts}
}
