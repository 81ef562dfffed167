import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import JSZip from 'jszip'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {UserError} from '../../src/errors/index.js'
import {getChat, listChats} from '../../src/services/chat-service.js'
import {importExports, type ImportProgress} from '../../src/services/import-service.js'
import {Store} from '../../src/store/index.js'
import {Workspace} from '../../src/workspace.js'
import {dumpStore, tempDir} from '../store/helpers.js'

// Small Android exports written for these tests (LF, 24 h, day first: 15/03 decides the order).
// EARLY and LATE are two exports of the same group, LATE made a few days after EARLY: they
// overlap on the lines from 02/03 08:02 to 15/03 20:00.
const EARLY = [
  '01/03/2024, 08:00 - Maman created group "Famille"',
  '01/03/2024, 08:01 - Maman: Bonjour tout le monde',
  '02/03/2024, 08:02 - Papa: ok',
  '02/03/2024, 08:02 - Papa: ok', // the same "ok" twice in one minute: two messages
  '15/03/2024, 20:00 - ~ Léa: Salut !',
  'Ça va ?',
  '',
].join('\n')

const LATE = [
  '02/03/2024, 08:02 - Papa: ok',
  '02/03/2024, 08:02 - Papa: ok',
  '15/03/2024, 20:00 - ~ Léa: Salut !',
  'Ça va ?',
  '16/03/2024, 09:30 - Papa: ok',
  '17/03/2024, 10:00 - Tonton Jo: Coucou la famille',
  '',
].join('\n')

const PHOTO = 'IMG-20240316-WA0001.jpg'
const PHOTO_BYTES = Buffer.from('not really a jpeg, but bytes all the same \u0000\u0001\u0002', 'latin1')
const WITH_PHOTO = [
  '15/03/2024, 20:00 - ~ Léa: Salut !',
  'Ça va ?',
  `16/03/2024, 09:31 - Maman: ${PHOTO} (file attached)`,
  'La maison sous la neige',
  '',
].join('\n')

let root: string
let cleanup: () => void
let workspace: Workspace
beforeEach(() => {
  ;({dir: root, cleanup} = tempDir('xm-import-'))
  workspace = new Workspace(join(root, 'ws'))
})
afterEach(() => cleanup())

/** Writes an export under its own folder (so two exports of one chat can share the file name). */
function writeExport(folder: string, content: string, name = 'WhatsApp Chat with Famille.txt'): string {
  mkdirSync(join(root, folder), {recursive: true})
  const path = join(root, folder, name)
  writeFileSync(path, content)
  return path
}

async function writeZip(folder: string, entries: Record<string, string | Uint8Array>, name = 'WhatsApp Chat with Famille.zip'): Promise<string> {
  const zip = new JSZip()
  for (const [entry, content] of Object.entries(entries)) zip.file(entry, content)
  mkdirSync(join(root, folder), {recursive: true})
  const path = join(root, folder, name)
  writeFileSync(path, await zip.generateAsync({type: 'uint8array', compression: 'DEFLATE'}))
  return path
}

function storedTexts(): string[] {
  const store = Store.open(workspace.storePath)
  try {
    const [chat] = store.listChats()
    return chat === undefined ? [] : [...store.messages(chat.id)].map((m) => `${m.date} ${m.author ?? '-'}: ${m.text}`)
  } finally {
    store.close()
  }
}

describe('importExports', () => {
  it('imports an export: chats, messages, participants, and a JSON-serializable summary', async () => {
    const summary = await importExports(workspace, [writeExport('a', EARLY)])
    const famille = {id: 1, source: 'whatsapp', title: 'Famille', kind: 'group', messagesNew: 5, messagesKnown: 0, attachmentsStored: 0}
    expect(summary.files).toHaveLength(1)
    expect(summary.files[0]).toMatchObject({source: 'whatsapp', chats: [famille], messagesNew: 5, messagesKnown: 0, attachmentsStored: 0})
    expect(summary.total).toMatchObject({chats: [famille], messagesNew: 5, messagesKnown: 0, attachmentsStored: 0})
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary)
    expect(storedTexts()).toEqual([
      '2024-03-01T08:00:00 -: Maman created group "Famille"',
      '2024-03-01T08:01:00 Maman: Bonjour tout le monde',
      '2024-03-02T08:02:00 Papa: ok',
      '2024-03-02T08:02:00 Papa: ok',
      '2024-03-15T20:00:00 ~ Léa: Salut !\nÇa va ?',
    ])
    expect(statSync(workspace.storePath).mode & 0o777).toBe(0o600)
  })

  it('adds nothing when the same export is imported twice', async () => {
    const path = writeExport('a', EARLY)
    await importExports(workspace, [path])
    const before = dumpStore(workspace.storePath)
    const again = await importExports(workspace, [path])
    expect(again.total).toMatchObject({messagesNew: 0, messagesKnown: 5})
    const after = dumpStore(workspace.storePath)
    expect(after['messages']).toEqual(before['messages'])
    expect(after['participants']).toEqual(before['participants'])
    expect((await listChats(workspace)).map((c) => c.messages)).toEqual([5])
  })

  it('adds only the new messages of a later export that overlaps the earlier one', async () => {
    await importExports(workspace, [writeExport('march-15', EARLY)])
    const later = await importExports(workspace, [writeExport('march-17', LATE)])
    expect(later.total).toMatchObject({messagesNew: 2, messagesKnown: 3})
    expect(storedTexts()).toEqual([
      '2024-03-01T08:00:00 -: Maman created group "Famille"',
      '2024-03-01T08:01:00 Maman: Bonjour tout le monde',
      '2024-03-02T08:02:00 Papa: ok',
      '2024-03-02T08:02:00 Papa: ok',
      '2024-03-15T20:00:00 ~ Léa: Salut !\nÇa va ?',
      '2024-03-16T09:30:00 Papa: ok',
      '2024-03-17T10:00:00 Tonton Jo: Coucou la famille',
    ])
    const [row] = await listChats(workspace)
    expect(row).toMatchObject({title: 'Famille', kind: 'group', messages: 7, firstDate: '2024-03-01T08:00:00', lastDate: '2024-03-17T10:00:00'})
    expect(row?.participantNames).toEqual(expect.arrayContaining(['Maman', 'Papa', '~ Léa', 'Tonton Jo']))
  })

  it('imports several exports in one call, one summary each, totals per chat', async () => {
    const summary = await importExports(workspace, [writeExport('a', EARLY), writeExport('b', LATE)])
    expect(summary.files.map((f) => [f.messagesNew, f.messagesKnown])).toEqual([
      [5, 0],
      [2, 3],
    ])
    expect(summary.total.chats).toEqual([{id: 1, source: 'whatsapp', title: 'Famille', kind: 'group', messagesNew: 7, messagesKnown: 3, attachmentsStored: 0}])
  })

  it('stores nothing when one of the exports is not an export, and names it', async () => {
    await importExports(workspace, [writeExport('a', EARLY)])
    const before = dumpStore(workspace.storePath)
    const bad = writeExport('bad', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'facture.pdf')
    let error: unknown
    try {
      await importExports(workspace, [writeExport('b', LATE), bad])
    } catch (error_) {
      error = error_
    }
    expect(error).toBeInstanceOf(UserError)
    expect(error).toMatchObject({code: 'WA_NOT_AN_EXPORT'})
    expect((error as Error).message).toContain('facture.pdf')
    // Not even the good export given with it: the store is exactly as before.
    expect(dumpStore(workspace.storePath)).toEqual(before)
  })

  it('creates no workspace and no store when the only export is bad', async () => {
    const bad = writeExport('bad', 'just some notes\nnothing like a chat\n', 'notes.txt')
    await expect(importExports(workspace, [bad])).rejects.toMatchObject({code: 'WA_NOT_AN_EXPORT'})
    expect(existsSync(workspace.storePath)).toBe(false)
  })

  it('stores attachment files of a .zip in the workspace and records them on their messages', async () => {
    // First the .txt alone (no media), then the .zip of the same chat with the photo.
    await importExports(workspace, [writeExport('txt', WITH_PHOTO)])
    const zip = await writeZip('zip', {'WhatsApp Chat with Famille.txt': WITH_PHOTO, [PHOTO]: PHOTO_BYTES})
    const summary = await importExports(workspace, [zip])
    expect(summary.total).toMatchObject({messagesNew: 0, messagesKnown: 2, attachmentsStored: 1})
    const store = Store.open(workspace.storePath)
    const messages = [...store.messages(1)]
    store.close()
    const sha256 = createHash('sha256').update(PHOTO_BYTES).digest('hex')
    expect(messages[1]?.attachment).toMatchObject({name: PHOTO, sha256, size: PHOTO_BYTES.length, storedPath: `media/${sha256.slice(0, 2)}/${sha256}`})
    expect(readFileSync(join(workspace.dir, 'media', sha256.slice(0, 2), sha256))).toEqual(PHOTO_BYTES)
    // Once more: nothing new, nothing stored again.
    expect((await importExports(workspace, [zip])).total).toMatchObject({messagesNew: 0, messagesKnown: 2, attachmentsStored: 0})
  })

  it('imports nothing from a .zip whose attachment inflates past --max-entry-size, and says why', async () => {
    await importExports(workspace, [writeExport('a', EARLY)])
    const before = dumpStore(workspace.storePath)
    const zip = await writeZip('zip', {'WhatsApp Chat with Famille.txt': WITH_PHOTO, [PHOTO]: new Uint8Array(64 * 1024)})
    await expect(importExports(workspace, [zip], {maxEntrySize: 4096})).rejects.toMatchObject({code: 'ARCHIVE_ENTRY_TOO_LARGE'})
    const after = dumpStore(workspace.storePath)
    for (const table of ['chats', 'participants', 'messages', 'import_issues']) expect(after[table], table).toEqual(before[table])
    const store = Store.open(workspace.storePath)
    expect(store.listImports().map((i) => [i.status, i.errorCode])).toEqual([
      ['done', null],
      ['failed', 'ARCHIVE_ENTRY_TOO_LARGE'],
    ])
    store.close()
  })

  it('reports progress: analyze, then import up to every message', async () => {
    const events: ImportProgress[] = []
    const path = writeExport('a', EARLY)
    await importExports(workspace, [path], {onProgress: (p) => events.push(p)})
    expect(events[0]).toEqual({path, phase: 'analyze', messages: 0})
    expect(events.at(-1)).toMatchObject({path, phase: 'import', messages: 5})
    expect(events.every((e) => e.phase === 'analyze' || e.phase === 'import')).toBe(true)
  })

  it('takes --date-order into account', async () => {
    // 01/03 and 02/03 alone cannot decide; month-first makes them January 3rd and February 3rd.
    const ambiguous = ['01/03/2024, 08:01 - Maman: Bonjour', '02/03/2024, 08:02 - Papa: ok', ''].join('\n')
    await importExports(workspace, [writeExport('a', ambiguous)], {dateOrder: 'mdy'})
    expect(storedTexts()).toEqual(['2024-01-03T08:01:00 Maman: Bonjour', '2024-02-03T08:02:00 Papa: ok'])
  })
})

describe('chat service', () => {
  it('lists nothing (and creates nothing) for a workspace without imports', async () => {
    expect(await listChats(workspace)).toEqual([])
    expect(existsSync(workspace.dir)).toBe(false)
  })

  it('shows one chat, and says so for an unknown id', async () => {
    await importExports(workspace, [writeExport('a', EARLY)])
    const chat = await getChat(workspace, 1)
    expect(chat).toMatchObject({id: 1, title: 'Famille', kind: 'group', messages: 5, firstDate: '2024-03-01T08:00:00', lastDate: '2024-03-15T20:00:00'})
    expect(chat.participants.map((p) => p.name)).toEqual(expect.arrayContaining(['Maman', 'Papa', '~ Léa']))
    expect(chat.participantCount).toBe(chat.participants.length)
    await expect(getChat(workspace, 42)).rejects.toMatchObject({code: 'CHAT_NOT_FOUND'})
  })
})
