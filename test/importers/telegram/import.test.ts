/**
 * Telegram exports through the real import service and contact book (issue 18): stored once
 * (a rerun adds nothing), media content-addressed, people merged with WhatsApp's by phone
 * number, and the owner known from the export.
 */
import {writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {getMe, listContacts} from '../../../src/contacts/index.js'
import {importExports, refreshContactBook} from '../../../src/services/import-service.js'
import {Store} from '../../../src/store/index.js'
import {tempWorkspace} from '../../contacts/helpers.js'
import type {Workspace} from '../../../src/workspace.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const FULL = join(ROOT, 'fixtures/telegram/DataExport_2026-05-03')
const ONE_CHAT = join(ROOT, 'fixtures/telegram/ChatExport_2026-05-03')

let root: string
let workspace: Workspace
let cleanup: () => void
beforeEach(() => {
  ;({root, workspace, cleanup} = tempWorkspace())
})
afterEach(() => cleanup())

function withStore<T>(use: (store: Store) => T): T {
  const store = Store.open(workspace.storePath)
  try {
    return use(store)
  } finally {
    store.close()
  }
}

describe('importing Telegram exports', () => {
  it('stores the chats and their media once; importing again adds nothing', async () => {
    const first = await importExports(workspace, [FULL])
    expect(first.files[0]?.source).toBe('telegram')
    expect(first.total.chats.map((c) => [c.title, c.kind, c.messagesNew])).toEqual([
      ['Paul Martin', 'direct', 2],
      ['Famille Martin 🏡', 'group', 20],
      ['Club de foot', 'group', 2],
      ['Voisins 2024', 'group', 2],
    ])
    expect(first.total.attachmentsStored).toBe(4)
    const again = await importExports(workspace, [FULL])
    expect(again.total.messagesNew).toBe(0)
    expect(again.total.messagesKnown).toBe(26)
    // The one-chat export of the same group is the same chat (same peer id), and the same messages.
    const single = await importExports(workspace, [ONE_CHAT])
    expect(single.total.chats.map((c) => [c.title, c.messagesNew, c.messagesKnown])).toEqual([['Famille Martin 🏡', 0, 20]])
  })

  it('knows the owner from personal_information, and merges people with WhatsApp by phone number', async () => {
    // A WhatsApp chat (Android, French) where Paul is an unsaved number and Léa writes too.
    const whatsapp = join(root, 'Discussion WhatsApp avec Les Martin.txt')
    writeFileSync(
      whatsapp,
      [
        '03/05/2026 09:00 - Les messages et les appels sont chiffrés de bout en bout.',
        '03/05/2026 09:01 - \u202a+33 6 98 76 54 32\u202c: Coucou, c’est Paul',
        '03/05/2026 09:02 - Léa Martin: Salut Paul',
        '',
      ].join('\n'),
    )
    await importExports(workspace, [FULL, whatsapp])
    refreshContactBook(workspace)
    const contacts = withStore((store) => listContacts(store))
    const paul = contacts.filter((c) => c.phone === '+33698765432')
    expect(paul).toHaveLength(1)
    expect(paul[0]?.aliases).toEqual(expect.arrayContaining(['Paul Martin', '+33 6 98 76 54 32']))
    expect(paul[0]?.chats.map((c) => c.title).sort()).toEqual(['Famille Martin 🏡', 'Les Martin', 'Paul Martin'])
    const me = withStore((store) => getMe(store))
    expect(me).toMatchObject({name: 'Léa Martin', phone: '+33612345678', isMe: true})
    // Mamie Jo's number comes from the saved contacts (matched by name: her entry has no user_id).
    expect(contacts.find((c) => c.name === 'Mamie Jo')?.phone).toBe('+33123456789')
  })
})
