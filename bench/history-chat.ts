/**
 * The bench's one big WhatsApp-like group chat, for the history benches (bench/history.ts,
 * bench/history-export.ts): five authors, multi-line messages, a photo every 200 messages, a
 * system event every 97.
 */
import {MediaStore} from '../src/media/index.js'
import type {Message} from '../src/model/types.js'
import {importIntoStore, Store} from '../src/store/index.js'
import type {Workspace} from '../src/workspace.js'
import {solidPng} from '../test/history/helpers.js'

const AUTHORS = ['Maman', 'Papa', '~ Léa', '+33 6 12 34 56 78', 'Tonton Jo 🎸']

/** Message `i` of the chat. */
function message(i: number): Message {
  const date = new Date(Date.UTC(2019, 0, 1) + i * 17 * 60_000).toISOString().slice(0, 19)
  if (i % 97 === 0) return {date, author: null, text: `Maman a ajouté participant ${i % 13}`, attachment: null, system: true, kind: 'system'}
  const author = AUTHORS[i % AUTHORS.length]!
  if (i % 200 === 1) return {date, author, text: '', attachment: {name: `IMG-${i}.png`, mediaType: 'image/png', size: null, sha256: null, storedPath: null}, system: false, kind: 'media'}
  const text = i % 7 === 0 ? `Message ${i} : on se retrouve à la maison vers ${i % 24} h ?\nN'oubliez pas le gâteau 🎂` : `Message ${i} : d'accord, à tout à l'heure mot${i}`
  return {date, author, text, attachment: null, system: false, kind: 'text'}
}

/** Imports the chat of `total` messages into `workspace` (chat id 1). */
export async function importBenchChat(workspace: Workspace, total: number): Promise<void> {
  const store = Store.open(workspace.storePath)
  const media = new MediaStore(workspace)
  const photos = [solidPng(64, [200, 60, 60]), solidPng(64, [60, 160, 60]), solidPng(64, [60, 60, 200])]
  try {
    await importIntoStore(
      store,
      {
        source: 'whatsapp',
        path: '/bench/chat.txt',
        issues: [],
        chats: [
          {
            info: {source: 'whatsapp', sourceId: 'title:Famille', title: 'Famille Martin 🏡', kind: 'group', participants: AUTHORS.map((name) => ({name, phone: null}))},
            messages: async function* () {
              for (let i = 0; i < total; i++) yield message(i)
            },
            files: {
              has: (name: string) => name.startsWith('IMG-'),
              names: () => [],
              async *open(name: string) {
                yield photos[Number(/\d+/.exec(name)?.[0] ?? 0) % 3]!
              },
            },
          },
        ],
      },
      {path: '/bench/chat.txt', source: 'whatsapp'},
      {storeFile: async (content) => media.put(content)},
    )
  } finally {
    store.close()
  }
}
