import {execFileSync, spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {deflateSync} from 'node:zlib'

import {describe, expect, it, vi} from 'vitest'

import {setContact, setMe} from '../../src/contacts/service.js'
import {planHistoryShares, shareHistories, shareHistory} from '../../src/history/share-service.js'
import {createRoomsForWorkspace} from '../../src/rooms/workspace-rooms.js'
import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import type {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {historyWorkspace, info, msg, workspaceWith} from '../history/helpers.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// Issue 15, against the real server of this run: a chat's history goes up as PDF documents
// (XEP-0363) and their links (XEP-0066) reach the room, or the other person of a one-to-one
// chat, in their language. What they receive is read by slixmpp (not the project's code); the
// links are downloaded back and checked as served (type, disposition) and read with pdftotext.

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

const PASSWORD = 'history-test-pw'
const server = useTestServer({registration: 'open'})

async function account(s: TestServer, name: string): Promise<string> {
  const user = uniqueName(name)
  await s.createAccount(user, PASSWORD)
  return `${user}@${s.domain}`
}

async function login(s: TestServer, jid: string): Promise<XmppSession> {
  return loginAccount(settingsFor(s, jid.split('@')[0]!), PASSWORD)
}

function roomOf(workspace: Workspace, chatId: number): string {
  const store = Store.open(workspace.storePath)
  const repo = RoomRepository.open(store)
  try {
    return repo.rooms().get(chatId)!.address
  } finally {
    repo.close()
    store.close()
  }
}

/** A message as slixmpp received it. */
interface Received {
  type: string
  from: string
  body: string
  oob_url: string | null
  oob_desc: string | null
}

/** Starts the slixmpp reader (test/xmpp/helpers/read-messages.py) as `jid`, in `room` if given. */
async function startReader(s: TestServer, jid: string, room?: string): Promise<{messages: Received[]; waitFor: (n: number) => Promise<void>; stop: () => void}> {
  const args = [join(import.meta.dirname, 'helpers', 'read-messages.py'), jid, s.host, String(s.port), s.caFile, ...(room ? [room, 'reader'] : [])]
  const child = spawn('/usr/bin/python3', args, {stdio: ['pipe', 'pipe', 'pipe']})
  child.stdin.write(`${PASSWORD}\n`)
  const messages: Received[] = []
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = createInterface({input: child.stdout})
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`slixmpp reader not ready after 60 s: ${stderr}`)), 60_000)
    timer.unref()
    child.on('exit', (code) => reject(new Error(`slixmpp reader exited (${code}): ${stderr}`)))
    lines.on('line', (line) => {
      const value = JSON.parse(line) as Received & {ready?: boolean; error?: string}
      if (value.ready) {
        clearTimeout(timer)
        resolve()
      }
      else if (value.error) reject(new Error(`slixmpp reader: ${value.error}`))
      else messages.push(value)
    })
  })
  await ready
  return {
    messages,
    waitFor: async (n) => {
      const deadline = Date.now() + 30_000
      while (messages.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    },
    stop: () => {
      child.stdin.end()
      setTimeout(() => child.kill(), 5000).unref()
    },
  }
}

/** Downloads a link as a phone would, with the headers it was served with. */
async function download(url: string): Promise<{status: number; type: string | null; disposition: string | null; csp: string | null; bytes: Uint8Array}> {
  const response = await fetch(url)
  return {status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), csp: response.headers.get('content-security-policy'), bytes: new Uint8Array(await response.arrayBuffer())}
}

function pdfText(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xm-pdf-')), 'doc.pdf')
  writeFileSync(file, bytes)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {encoding: 'utf8'})
}

/** What each server is seen to serve for a PDF (research sheet §14; ejabberd's mod_http_upload.erl). */
function expectServedAsPdf(s: TestServer, got: Awaited<ReturnType<typeof download>>, fileName: string): void {
  expect(got.status).toBe(200)
  expect(got.type).toMatch(/^application\/pdf\b/)
  if (s.kind === 'prosody') {
    expect(got.disposition).toMatch(/^attachment\b/)
    expect(got.csp).toContain("default-src 'none'")
  } else expect(got.disposition).toBe(`attachment; filename="${fileName}"`)
  expect(Buffer.from(got.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
}

/** A `size`×`size` PNG of noise (incompressible): a "photo" of about 3·size² bytes. */
function noisyPng(size: number, seed: number): Buffer {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (b: Buffer) => {
    let c = 0xffffffff
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const tail = Buffer.alloc(4)
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, tail])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const raw = Buffer.alloc(size * (size * 3 + 1))
  let x = seed
  for (let i = 0; i < raw.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    raw[i] = i % (size * 3 + 1) === 0 ? 0 : x >>> 24
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

describe('history upload (PDF documents)', () => {
  it('posts the history in the group room in French: announcement, then the PDF link; served as a PDF; a rerun does nothing', async () => {
    const s = server()
    const marie = await account(s, 'marie')
    const lea = await account(s, 'lea')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: marie}, [{title: `Famille ${uniqueName('h')}`, people: [{name: 'Léa', jid: lea, language: 'fr'}]}])
    await createRoomsForWorkspace(workspace, {publicChats: [], chatIds: [], dryRun: false, roomPassword: null, connection: {}, connect: () => login(s, marie)})
    const room = roomOf(workspace, 1)

    // Léa's app (slixmpp) sits in the room.
    const reader = await startReader(s, lea, room)
    try {
      let logins = 0
      const connect = () => {
        logins++
        return login(s, marie)
      }
      const first = await shareHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(first).toMatchObject({chatId: 1, kind: 'room', to: room, language: 'fr', announced: true, alreadyDone: false})
      expect(first.documents).toHaveLength(1)
      const [doc] = first.documents
      expect(doc).toMatchObject({uploaded: true, posted: true})
      expect(doc!.fileName).toMatch(/^historique-famille-h\d+x\d+\.pdf$/)

      // Léa got the announcement, then the document (body = URL, with jabber:x:oob).
      await reader.waitFor(2)
      expect(reader.messages.map((m) => m.type)).toEqual(['groupchat', 'groupchat'])
      expect(reader.messages[0]!.body.replace(/\u202F/g, ' ')).toMatch(/^📖 L’historique du groupe WhatsApp « Famille h\d+x\d+ » : 3 messages le 5 mars 2024, dans un document PDF avec les photos \(0,\d Mo\)\.\nTouchez le document pour l’ouvrir/)
      expect(reader.messages[1]).toMatchObject({body: doc!.url, oob_url: doc!.url})
      expect((reader.messages[1]!.oob_desc ?? '').replace(/\u202F/g, ' ')).toMatch(/^Historique de « Famille h\d+x\d+ » \(PDF\)$/)

      // The link downloads as a PDF, identical, and it is the chat.
      const got = await download(doc!.url)
      expectServedAsPdf(s, got, doc!.fileName)
      expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(doc!.sha256)
      const text = pdfText(got.bytes)
      expect(text).toContain('Bonjour de Léa')
      expect(text).toContain('Marie (vous)')
      expect(text).toContain('mardi 5 mars 2024')

      // The record of what was done is private; a rerun neither uploads nor posts: it does not log in.
      expect(statSync(workspace.path('history-shares.json')).mode & 0o777).toBe(0o600)
      const second = await shareHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(second).toMatchObject({alreadyDone: true, announced: false})
      expect(second.documents[0]).toMatchObject({url: doc!.url, uploaded: false, posted: false})
      expect(logins).toBe(1)

      // A run stopped after the announcement, before the document was confirmed: the rerun
      // posts only the document, and uploads nothing.
      const statePath = workspace.path('history-shares.json')
      const state = JSON.parse(readFileSync(statePath, 'utf8')) as {chats: Record<string, {doneAt: string | null; documents: {posted: boolean}[]}>}
      state.chats['1']!.doneAt = null
      state.chats['1']!.documents[0]!.posted = false
      workspace.writeSecretFile('history-shares.json', JSON.stringify(state))
      const resumed = await shareHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(resumed).toMatchObject({announced: false, alreadyDone: false})
      expect(resumed.documents[0]).toMatchObject({uploaded: false, posted: true})
      await reader.waitFor(3)
      expect(reader.messages.map((m) => m.body)).toEqual([reader.messages[0]!.body, doc!.url, doc!.url])
    } finally {
      reader.stop()
    }
  })

  it('sends a one-to-one history to the other person, in their language, as a direct message they read in their app', async () => {
    const s = server()
    const me = await account(s, 'moi')
    const mum = await account(s, 'maman')
    const workspace = await workspaceWith([
      {
        info: info('Maman', ['Maman', 'Moi'], {kind: 'direct', sourceId: 'title:Maman'}),
        messages: [
          msg('2024-06-01T18:00:00', 'Maman', 'Tu viens dimanche ? 🥞'),
          msg('2024-06-01T18:05:00', 'Moi', 'Oui ! <Ce message a été modifié>', {kind: 'edited'}),
          msg('2024-06-01T18:06:00', 'Maman', 'localisation : https://maps.google.com/?q=45.764,4.8357', {kind: 'location'}),
        ],
      },
    ])
    setMe(workspace, 'Moi')
    setContact(workspace, 'Moi', {jid: me})
    setContact(workspace, 'Maman', {jid: mum, language: 'fr'})

    // Nothing is blocked, one document is planned, nothing was sent yet.
    const plan = planHistoryShares(workspace)
    expect(plan.entries).toEqual([expect.objectContaining({chatId: 1, target: expect.objectContaining({kind: 'person', address: mum, language: 'fr'}), blocked: null, documents: 1, done: false})])

    const reader = await startReader(s, mum)
    try {
      const result = await shareHistory(workspace, {chatId: 1, connection: {}, connect: () => login(s, me)})
      expect(result).toMatchObject({kind: 'person', to: mum, language: 'fr', announced: true, messages: 3})
      await reader.waitFor(2)
      expect(reader.messages.map((m) => [m.type, m.from.split('/')[0]])).toEqual([
        ['chat', me],
        ['chat', me],
      ])
      expect(reader.messages[0]!.body.replace(/\u202F/g, ' ')).toMatch(/^📖 L’historique de notre conversation WhatsApp : 3 messages le 1 juin 2024, dans un document PDF avec les photos/)
      const url = result.documents[0]!.url
      expect(reader.messages[1]).toMatchObject({body: url, oob_url: url, oob_desc: 'Historique de «\u202FMaman\u202F» (PDF)'})

      const got = await download(url)
      expectServedAsPdf(s, got, result.documents[0]!.fileName)
      const text = pdfText(got.bytes)
      expect(text).toContain('Tu viens dimanche ?')
      expect(text).toContain('Oui !')
      expect(text).not.toContain('<Ce message a été modifié>')
      expect(text).toContain('Voir sur la carte')
    } finally {
      reader.stop()
    }
    // Shared: the plan says so, and the flow's call has nothing left to do (no login).
    expect(planHistoryShares(workspace).entries[0]?.done).toBe(true)
    const again = await shareHistories(workspace, {connection: {}, session: async () => Promise.reject(new Error('must not log in'))})
    expect(again.shared).toEqual([expect.objectContaining({chatId: 1, alreadyDone: true})])
    expect(again.failed).toEqual([])
  })

  it('cuts a chat with many photos into documents under the server limit, each posted with its part number', async () => {
    const s = server()
    const marie = await account(s, 'marie')
    const lea = await account(s, 'lea')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: marie}, [{title: `Photos ${uniqueName('p')}`, people: [{name: 'Léa', jid: lea, language: 'en'}]}])
    await createRoomsForWorkspace(workspace, {publicChats: [], chatIds: [], dryRun: false, roomPassword: null, connection: {}, connect: () => login(s, marie)})
    // 4 photos of about 3 MB each (12 MB): more than one document of 8 MB at most.
    const photos = await workspaceWith([
      {
        info: info('Holiday photos', ['Papa', 'Marie']),
        messages: Array.from({length: 4}, (_, i) => msg(`2024-07-0${i + 1}T10:00:00`, 'Papa', `Photo ${i}`, {kind: 'media', attachment: {name: `IMG-${i}.png`, mediaType: 'image/png', size: null, sha256: null, storedPath: null}})),
        files: Object.fromEntries(Array.from({length: 4}, (_, i) => [`IMG-${i}.png`, noisyPng(1000, i + 1)])),
      },
    ])
    const room = roomOf(workspace, 1)
    const result = await shareHistory(photos, {chatId: 1, to: room, language: 'en', connection: {}, connect: () => login(s, marie)})
    expect(result.documents.length).toBeGreaterThanOrEqual(2)
    expect(result.documents.map((d) => d.fileName)).toEqual(result.documents.map((_, i) => `history-holiday-photos-part-${i + 1}-of-${result.documents.length}.pdf`))
    const texts: string[] = []
    for (const doc of result.documents) {
      expect(doc.size).toBeLessThanOrEqual(10 * 1024 * 1024)
      const got = await download(doc.url)
      expectServedAsPdf(s, got, doc.fileName)
      texts.push(pdfText(got.bytes))
    }
    // Every photo's message is in exactly one document, each document says which part it is.
    for (let i = 0; i < 4; i++) expect(texts.filter((t) => t.includes(`Photo ${i}`))).toHaveLength(1)
    expect(texts[1]).toContain(`Part 2 of ${result.documents.length}`)
  })

  it('an address without an account yet: the message bounces and the run says to retry once it exists; the retry uploads nothing', async () => {
    const s = server()
    const me = await account(s, 'moi')
    const later = `${uniqueName('plustard')}@${s.domain}`
    const workspace = await workspaceWith([{info: info('Tonton', ['Tonton', 'Moi'], {kind: 'direct', sourceId: 'title:Tonton'}), messages: [msg('2024-06-01T18:00:00', 'Tonton', 'Salut !')]}])
    setMe(workspace, 'Moi')
    setContact(workspace, 'Tonton', {jid: later, language: 'en'})
    const error = await shareHistory(workspace, {chatId: 1, connection: {}, connect: () => login(s, me)}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'HISTORY_POST_REFUSED'})
    expect((error as Error).message).toMatch(new RegExp(`^The message to ${later} was refused: `))
    const state = JSON.parse(readFileSync(workspace.path('history-shares.json'), 'utf8')) as {chats: Record<string, {announced: boolean; documents: {url: string | null; posted: boolean}[]}>}
    expect(state.chats['1']).toMatchObject({announced: false, documents: [{posted: false}]})
    const url = state.chats['1']!.documents[0]!.url
    expect(url).toMatch(/^http/)

    // The person registers; the rerun sends, without uploading again.
    await s.createAccount(later.split('@')[0]!, PASSWORD)
    const reader = await startReader(s, later)
    try {
      const result = await shareHistory(workspace, {chatId: 1, connection: {}, connect: () => login(s, me)})
      expect(result.documents[0]).toMatchObject({url, uploaded: false, posted: true})
      await reader.waitFor(2)
      expect(reader.messages[0]!.body).toMatch(/^📖 The history of our WhatsApp conversation: 1 message on 1 June 2024/)
      expect(reader.messages[1]).toMatchObject({body: url, oob_url: url, oob_desc: 'History of "Tonton" (PDF)'})
    } finally {
      reader.stop()
    }
  })

  it('says what to do before any login: no room for a group, no address for a person', async () => {
    const workspace = await historyWorkspace(3)
    let logins = 0
    const connect = async (): Promise<XmppSession> => {
      logins++
      throw new Error('must not log in')
    }
    const noRoom = await shareHistory(workspace, {chatId: 1, connection: {}, connect}).catch((e: unknown) => e)
    expect(noRoom).toMatchObject({code: 'HISTORY_NO_ROOM'})
    const noAddress = await shareHistory(workspace, {chatId: 2, connection: {}, connect}).catch((e: unknown) => e)
    expect(noAddress).toMatchObject({code: 'HISTORY_NO_ADDRESS', message: 'Mamie has no XMPP address yet, so the history of chat 2 cannot be sent to them.'})
    expect((noAddress as {suggestions: string[]}).suggestions[0]).toMatch(/^Give their address: `xmpp-migrate contacts set \d+ --jid name@server`/)
    expect(logins).toBe(0)
    const plan = planHistoryShares(workspace)
    expect(plan.entries.map((e) => e.blocked?.code ?? null)).toEqual(['HISTORY_NO_ROOM', 'HISTORY_NO_ADDRESS', 'HISTORY_NO_ADDRESS'])
  })
})
