import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {listContacts, refreshContacts} from '../../src/contacts/index.js'
import {ContactRepository} from '../../src/store/index.js'
import type {Workspace} from '../../src/workspace.js'
import {importFiles, ROOT, tempWorkspace, withStore} from './helpers.js'

// The contact book built from the WhatsApp fixtures of every locale (fixtures/whatsapp), imported
// through the real import service.

const WHATSAPP = join(ROOT, 'fixtures/whatsapp')

/** The export file of a fixture folder (the one that is not expected.json). */
function exportOf(folder: string): string {
  const name = readdirSync(join(WHATSAPP, folder)).find((f) => f !== 'expected.json')
  if (name === undefined) throw new Error(`no export in ${folder}`)
  return join(WHATSAPP, folder, name)
}

/** The authors of a fixture's messages, from its expected.json (written without the project's parser). */
function authorsOf(folder: string): string[] {
  const expected = JSON.parse(readFileSync(join(WHATSAPP, folder, 'expected.json'), 'utf8')) as {messages: {author: string | null; system: boolean}[]}
  return [...new Set(expected.messages.filter((m) => !m.system && m.author !== null).map((m) => m.author as string))]
}

const LOCALES = readdirSync(WHATSAPP)
  .filter((f) => f.endsWith('-android'))
  .map((f) => f.slice(0, -'-android'.length))

// Issue 16: the fixtures of every locale are imported once, into one workspace, and the book is
// derived twice (the second derivation must change nothing); each test then reads that book.
// Importing ~30 exports is heavy on a busy 2-core machine: the hook gets a generous timeout,
// and speed is measured by `npm run bench`, never here.
let workspace: Workspace
let cleanup: () => void
let first: ReturnType<typeof refreshContacts>
let again: ReturnType<typeof refreshContacts>
beforeAll(async () => {
  ;({workspace, cleanup} = tempWorkspace())
  await importFiles(workspace, LOCALES.flatMap((l) => [exportOf(`${l}-android`), exportOf(`${l}-ios`)]))
  first = withStore(workspace, (store) => refreshContacts(store))
  again = withStore(workspace, (store) => refreshContacts(store))
}, 10 * 60_000)
afterAll(() => cleanup?.())

describe('contacts from the WhatsApp fixtures', () => {
  // The Android and iOS exports of one locale hold the same people; an unsaved number is written
  // `+49 151 23456789` on Android and `+49\u00A0151\u00A023456789` (U+00A0, U+2011) on iOS.
  it.each(LOCALES)('%s: Android and iOS labels of one number are one contact with its E.164', (locale) => {
    const phoneLabels = [...authorsOf(`${locale}-android`), ...authorsOf(`${locale}-ios`)].filter((a) => a.startsWith('+'))
    const contacts = withStore(workspace, (store) => listContacts(store))
    const holders = new Set(phoneLabels.map((label) => contacts.find((c) => c.aliases.includes(label))?.id))
    expect(holders.has(undefined)).toBe(false)
    expect(holders.size).toBe(phoneLabels.length === 0 ? 0 : 1)
    for (const id of holders) expect(contacts.find((c) => c.id === id)?.phone).toMatch(/^\+\d{8,15}$/)
  })

  it('every participant of every locale is linked to one contact whose aliases hold its label; a rerun changes nothing', () => {
    expect(first.created).toBeGreaterThan(40)
    expect(again).toMatchObject({created: 0, merged: 0, linked: 0, contacts: first.contacts})
    withStore(workspace, (store) => {
      const repo = ContactRepository.open(store)
      try {
        const aliases = repo.aliases()
        const participants = repo.participants()
        expect(participants.length).toBeGreaterThan(60)
        for (const p of participants) {
          expect(p.contactId).not.toBeNull()
          expect(aliases.get(p.contactId ?? -1)).toContain(p.name)
        }
      } finally {
        repo.close()
      }
    })
  })
})
