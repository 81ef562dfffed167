import {join} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {Store} from '../../src/store/index.js'
import {importIntoStore} from '../../src/store/import-export.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import {storedStates} from '../../src/rooms/rooms-service.js'
import {chatSource, info, msg, opened, tempDir} from '../store/helpers.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

/** A store with two imported group chats; returns it and the chat ids. */
async function storeWithChat(): Promise<{store: Store; chatId: number; otherChatId: number}> {
  const {dir, cleanup} = tempDir('xm-rooms-repo-')
  cleanups.push(cleanup)
  const store = Store.open(join(dir, 'store.sqlite'))
  cleanups.unshift(() => store.close())
  const messages = [msg('2024-03-01T08:01:00', 'Maman', 'Bonjour'), msg('2024-03-01T08:02:00', 'Papa', 'Salut'), msg('2024-03-01T08:03:00', 'Léa', 'Coucou')]
  await importIntoStore(store, opened([chatSource(info('Famille', ['Maman', 'Papa', 'Léa'], {kind: 'group'}), messages), chatSource(info('Amis', ['Maman', 'Papa', 'Léa'], {kind: 'group'}), messages)]), {path: '/exports/famille.txt', source: 'whatsapp'})
  const [first, second] = store.listChats()
  return {store, chatId: first!.id, otherChatId: second!.id}
}

describe('RoomRepository (migration 3)', () => {
  it('records the address and every step, and reads them back as the planner sees them', async () => {
    const {store, chatId} = await storeWithChat()
    const repo = RoomRepository.open(store)
    try {
      repo.reserve(chatId, 'famille@conference.example.test', 'Famille', false)
      repo.recordStep(chatId, 'created')
      repo.recordStep(chatId, 'configured', 'sig-1')
      repo.recordSteps([
        {chatId, step: 'member', target: 'lea@example.test'},
        {chatId, step: 'invited', target: 'lea@example.test'},
      ])
      repo.recordStep(chatId, 'member', 'lea@example.test') // idempotent
      repo.recordStep(chatId, 'configured', 'sig-2') // replaces sig-1
      const state = storedStates(repo.rooms()).get(chatId)!
      expect(state).toEqual({
        chatId,
        address: 'famille@conference.example.test',
        created: true,
        configSignature: 'sig-2',
        affiliated: new Set(['lea@example.test']),
        invited: new Set(['lea@example.test']),
        bookmarked: false,
      })
      repo.forgetStep(chatId, 'created')
      expect(storedStates(repo.rooms()).get(chatId)!.created).toBe(false)
    } finally {
      repo.close()
    }
  })

  it('a new address for a chat forgets the steps done at the old one; rows survive reopening', async () => {
    const {store, chatId} = await storeWithChat()
    const repo = RoomRepository.open(store)
    repo.reserve(chatId, 'famille@conference.example.test', 'Famille', false)
    repo.recordStep(chatId, 'invited', 'lea@example.test')
    repo.reserve(chatId, 'famille-2@conference.example.test', 'Famille', true)
    repo.close()
    const again = RoomRepository.open(store)
    try {
      const room = again.rooms().get(chatId)!
      expect(room).toMatchObject({address: 'famille-2@conference.example.test', public: true})
      expect(room.steps.size).toBe(0)
    } finally {
      again.close()
    }
  })

  it('refuses one address for two chats (UNIQUE), as a store error', async () => {
    const {store, chatId, otherChatId} = await storeWithChat()
    const repo = RoomRepository.open(store)
    try {
      repo.reserve(chatId, 'famille@conference.example.test', 'Famille', false)
      repo.reserve(otherChatId, 'amis@conference.example.test', 'Amis', false)
      expect(() => repo.reserve(otherChatId, 'famille@conference.example.test', 'Amis', false)).toThrow(/store|SQLite|UNIQUE|constraint/i)
    } finally {
      repo.close()
    }
  })
})
