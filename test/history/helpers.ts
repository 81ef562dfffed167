/** History test helpers: a workspace holding hand-made chats, imported through the real store. */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {deflateSync} from 'node:zlib'

import {MediaStore} from '../../src/media/index.js'
import type {FileProvider} from '../../src/model/importer.js'
import type {ChatInfo, Message} from '../../src/model/types.js'
import {importIntoStore, Store} from '../../src/store/index.js'
import {Workspace} from '../../src/workspace.js'
import {chatSource, info, msg, opened} from '../store/helpers.js'

/** A CRC-32 (ISO-HDLC, as PNG chunks use: https://www.w3.org/TR/png/#5CRC-algorithm). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A valid `size`×`size` RGB PNG of one colour (built here: our own fixture). */
export function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({length: size}, () => rgb).flat())])
  const raw = Buffer.concat(Array.from({length: size}, () => row))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Text of the message that must stay text (never run) in the archive. */
export const XSS_TEXT = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'

const att = (name: string, mediaType: string | null) => ({name, mediaType, size: null, sha256: null, storedPath: null})

/** The group chat of the fixture: every kind of thing the archive must show. */
export function familyMessages(): Message[] {
  return [
    msg('2024-05-03T09:58:00', null, 'Maman a créé le groupe « Famille »'),
    msg('2024-05-03T10:00:00', 'Maman', 'Bonjour à tous ! Le gîte est réservé 🏡'),
    msg('2024-05-03T10:01:00', 'Papa', 'Super.\nOn part à quelle heure ?'),
    msg('2024-05-03T10:02:00', '~ Léa', XSS_TEXT),
    msg('2024-05-03T10:03:00', 'Maman', '', {kind: 'media', attachment: att('IMG-20240503-WA0001.png', 'image/png')}),
    msg('2024-05-03T10:04:00', 'Papa', 'Le devis', {kind: 'media', attachment: att('devis gîte.pdf', 'application/pdf')}),
    msg('2024-05-03T10:05:00', '~ Léa', '', {kind: 'media', attachment: att('PTT-20240503-WA0002.opus', 'audio/ogg')}),
    msg('2024-05-03T10:06:00', 'Papa', '', {kind: 'media-omitted'}),
    msg('2024-05-03T10:07:00', 'Maman', '', {kind: 'media', attachment: att('IMG-lost.jpg', 'image/jpeg')}),
    msg('2024-05-04T08:00:00', 'Papa', 'Oui, rendez-vous devant la boulangerie', {
      replyTo: {sourceId: null, author: 'Maman', text: 'On se retrouve où ?'},
      reactions: [{emoji: '❤️', author: 'Maman', date: null}, {emoji: '👍', author: '~ Léa', date: null}],
      edited: true,
    }),
    msg('2024-05-04T08:01:00', 'Maman', 'Les crêpes sont prêtes', {kind: 'text'}),
  ]
}

/** Files the group export "contains" (the lost photo is not among them). */
export function familyFiles(): Record<string, Uint8Array> {
  return {
    'IMG-20240503-WA0001.png': solidPng(4, [200, 40, 40]),
    'devis gîte.pdf': new TextEncoder().encode('%PDF-1.4\n% a tiny test document\n'),
    'PTT-20240503-WA0002.opus': new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2]),
  }
}

/** A generated direct chat of `n` messages, one a minute from 2023-12-31 23:00 (crosses a day). */
export function longChat(n: number): Message[] {
  return Array.from({length: n}, (_, i) => {
    const t = new Date(Date.UTC(2023, 11, 31, 23, i))
    return msg(t.toISOString().slice(0, 19), i % 2 === 0 ? 'Maman' : 'Moi', `Message ${i} du fil, mot-clé-${i}`)
  })
}

/** Imports chats into a fresh workspace (media stored through the real MediaStore). */
export async function workspaceWith(chats: {info: ChatInfo; messages: Message[]; files?: Record<string, Uint8Array>}[]): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'xm-history-'))
  const workspace = new Workspace(join(root, 'ws')).ensure()
  const media = new MediaStore(workspace)
  const store = Store.open(workspace.storePath)
  try {
    for (const [i, chat] of chats.entries()) {
      const files = chat.files ? memoryBytes(chat.files) : undefined
      await importIntoStore(store, opened([chatSource(chat.info, chat.messages, files)], [], `/exports/chat-${i}.txt`), {path: `/exports/chat-${i}.txt`, source: chat.info.source}, {
        storeFile: async (content) => {
          const stored = await media.put(content)
          return {sha256: stored.sha256, size: stored.size, storedPath: stored.storedPath}
        },
      })
    }
  } finally {
    store.close()
  }
  return workspace
}

function memoryBytes(files: Record<string, Uint8Array>): FileProvider {
  return {
    has: (name: string) => Object.hasOwn(files, name),
    names: () => Object.keys(files),
    async *open(name: string) {
      const content = files[name]
      if (content === undefined) throw new Error(`no file ${name}`)
      yield content
    },
  }
}

/** The standard fixture: the family group, a direct chat with Mamie, a long chat. */
export async function historyWorkspace(longMessages = 45): Promise<Workspace> {
  return workspaceWith([
    {info: info('Famille <b>Dupont</b> 🏡', ['Maman', 'Papa', '~ Léa']), messages: familyMessages(), files: familyFiles()},
    {info: info('Mamie', ['Mamie'], {kind: 'direct', sourceId: 'title:Mamie'}), messages: [msg('2024-06-01T18:00:00', 'Mamie', 'Bisous mes chéris'), msg('2024-06-01T18:05:00', 'Moi', 'Bisous Mamie')]},
    {info: info('Fil long', ['Maman', 'Moi'], {kind: 'direct', sourceId: 'title:Fil long'}), messages: longChat(longMessages)},
  ])
}

export {msg, info}
