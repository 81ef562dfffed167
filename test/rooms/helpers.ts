import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {setContact, setMe} from '../../src/contacts/service.js'
import {importExports} from '../../src/services/import-service.js'
import {Workspace} from '../../src/workspace.js'

/** A group to import: its title, and its people with their XMPP address (null: none yet). */
export interface GroupFixture {
  title: string
  people: {name: string; jid: string | null; language?: 'fr' | 'en'}[]
}

/**
 * A workspace holding the given WhatsApp groups (tiny Android en-GB exports written here, imported
 * by the real import service), with the contact book's JIDs and "me" set through the contacts
 * module, as a person would with `contacts set` / `contacts me`.
 */
export async function workspaceWithGroups(me: {name: string; jid: string}, groups: GroupFixture[]): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'xm-rooms-'))
  const workspace = new Workspace(join(root, 'ws'))
  const files: string[] = []
  groups.forEach((group, g) => {
    const lines = [`05/03/2024, 10:0${g} - ${me.name} created group "${group.title}"`]
    let minute = 10
    for (const person of [{name: me.name}, ...group.people]) {
      lines.push(`05/03/2024, 10:${minute++} - ${person.name}: Bonjour de ${person.name}`)
    }
    const file = join(root, `WhatsApp Chat with ${group.title}.txt`)
    writeFileSync(file, `${lines.join('\n')}\n`)
    files.push(file)
  })
  // One export per import call keeps each title as its own chat.
  for (const file of files) await importExports(workspace, [file])
  setMe(workspace, me.name)
  setContact(workspace, me.name, {jid: me.jid})
  const done = new Set<string>()
  for (const group of groups) {
    for (const person of group.people) {
      if (person.jid === null || done.has(person.name)) continue
      done.add(person.name)
      setContact(workspace, person.name, {jid: person.jid, ...(person.language ? {language: person.language} : {})})
    }
  }
  return workspace
}
