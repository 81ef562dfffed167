import {createHash} from 'node:crypto'
import {readFileSync, statSync} from 'node:fs'

import JSZip from 'jszip'
import {describe, expect, it, vi} from 'vitest'

import {uploadHistory} from '../../src/history/upload-service.js'
import {createRoomsForWorkspace} from '../../src/rooms/workspace-rooms.js'
import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import type {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {enterRoom} from '../../src/xmpp/muc.js'
import type {Element} from '../../src/xmpp/xml.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {historyWorkspace, info, msg, workspaceWith} from '../history/helpers.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {useTestServer, type TestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// `history upload` against the real server of this run: the archive goes up through XEP-0363,
// its link is posted in the room (XEP-0066), the file downloads back identical, a rerun does
// nothing, a too-big archive is refused with what to do.

vi.setConfig({testTimeout: 120_000, hookTimeout: 120_000})

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

/** Waits until `until` holds for the messages received, polling. */
async function waitFor(messages: Element[], until: (m: Element[]) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!until(messages) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
}

describe('history upload', () => {
  it('uploads the archive, posts its link in the room in French, downloads back identical; a rerun does nothing', async () => {
    const s = server()
    const marie = await account(s, 'marie')
    const lea = await account(s, 'lea')
    const workspace = await workspaceWithGroups({name: 'Marie', jid: marie}, [{title: `Famille ${uniqueName('h')}`, people: [{name: 'Léa', jid: lea, language: 'fr'}]}])
    await createRoomsForWorkspace(workspace, {publicChats: [], chatIds: [], dryRun: false, roomPassword: null, connection: {}, connect: () => login(s, marie)})
    const room = roomOf(workspace, 1)

    // Léa sits in the room and sees what is posted.
    const watcher = await login(s, lea)
    const received: Element[] = []
    watcher.onStanza((st) => {
      if (st.name === 'message' && st.attrs.type === 'groupchat' && st.getChild('body')) received.push(st)
    })
    await enterRoom(watcher, room, 'lea')
    try {
      let logins = 0
      const connect = () => {
        logins++
        return login(s, marie)
      }
      const first = await uploadHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(first).toMatchObject({chatId: 1, room, uploaded: true, posted: true, language: 'fr'})
      expect(first.fileName).toMatch(/^historique-famille-h\d+x\d+\.zip$/)
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)

      // The file downloads back identical, and it is the chat's archive.
      const response = await fetch(first.url)
      expect(response.status).toBe(200)
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect(bytes.byteLength).toBe(first.size)
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256)
      const zip = await JSZip.loadAsync(bytes)
      const top = first.fileName.replace(/\.zip$/, '')
      expect(Object.keys(zip.files)).toEqual(expect.arrayContaining([`${top}/index.html`, `${top}/chats/1/p1.html`, `${top}/chats/1/search.js`, `${top}/assets/archive.js`]))
      expect(await zip.file(`${top}/chats/1/p1.html`)!.async('string')).toContain('Bonjour de Léa')

      // Léa got the announcement then the file (body = URL + jabber:x:oob).
      await waitFor(received, (m) => m.length >= 2)
      const texts = received.map((m) => m.getChildText('body'))
      expect(texts[0]).toMatch(/^📦 L’historique de « Famille h\d+x\d+ » : \d+ messages du 2024-03-05 au 2024-03-05/)
      expect(texts[1]).toBe(first.url)
      const oob = received[1]!.getChild('x', 'jabber:x:oob')
      expect(oob?.getChildText('url')).toBe(first.url)
      expect(oob?.getChildText('desc')).toMatch(/^Historique de « Famille/)

      // The record of what was done is private.
      expect(statSync(workspace.path('history-uploads.json')).mode & 0o777).toBe(0o600)

      // A rerun neither uploads nor posts: it does not even log in.
      const second = await uploadHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(second).toMatchObject({uploaded: false, posted: false, url: first.url, sha256: first.sha256})
      expect(logins).toBe(1)

      // A run stopped after the announcement, before the file was confirmed: the rerun posts
      // only the file, and uploads nothing.
      const statePath = workspace.path('history-uploads.json')
      const state = JSON.parse(readFileSync(statePath, 'utf8')) as {chats: Record<string, {postedAt: string | null; announcedTo: string}>}
      expect(state.chats['1']?.announcedTo).toBe(room)
      state.chats['1']!.postedAt = null
      workspace.writeSecretFile('history-uploads.json', JSON.stringify(state))
      const resumed = await uploadHistory(workspace, {chatId: 1, connection: {}, connect})
      expect(resumed).toMatchObject({uploaded: false, posted: true, url: first.url})
      await waitFor(received, (m) => m.length >= 3)
      expect(received.map((m) => m.getChildText('body'))).toEqual([texts[0], first.url, first.url])
    } finally {
      await watcher.close()
    }
  })

  it('refuses an archive bigger than the server takes, saying what to do', async () => {
    const s = server()
    const marie = await account(s, 'marie')
    // 11 MB of "video": more than the 10 MiB the test servers accept.
    const big = new Uint8Array(11 * 1024 * 1024).fill(7)
    const workspace = await workspaceWith([{info: info('Vacances', ['Papa']), messages: [msg('2024-07-01T10:00:00', 'Papa', '', {kind: 'media', attachment: {name: 'VID-1.mp4', mediaType: 'video/mp4', size: null, sha256: null, storedPath: null}})], files: {'VID-1.mp4': big}}])
    const error = await uploadHistory(workspace, {chatId: 1, room: `nowhere@conference.${s.domain}`, connection: {}, connect: () => login(s, marie)}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'HISTORY_ARCHIVE_TOO_LARGE'})
    expect((error as Error).message).toMatch(/^The archive is 11\.\d MB, more than the server accepts \(10\.5 MB\)\.$/)
    expect((error as {suggestions: string[]}).suggestions[0]).toContain('history export --chat ID --out DIR')
  })

  it('needs a room: HISTORY_NO_ROOM before any login when the chat has none', async () => {
    const workspace = await historyWorkspace(3)
    let logins = 0
    const error = await uploadHistory(workspace, {
      chatId: 1,
      connection: {},
      connect: async () => {
        logins++
        throw new Error('must not log in')
      },
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'HISTORY_NO_ROOM'})
    expect(logins).toBe(0)
  })
})
