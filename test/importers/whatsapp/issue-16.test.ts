/**
 * Issue 16, "Importer details": a group's title from the export's own events, and iOS German
 * "Kontaktkarte ausgelassen" as the sender's message. Fixtures are written here, line by line;
 * U+200E (LRM) is the mark iOS writes after a pseudo-sender and before placeholders.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import JSZip from 'jszip'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openWhatsAppExport} from '../../../src/importers/whatsapp/index.js'
import {chooseTitle, fileNameForm} from '../../../src/importers/whatsapp/open.js'
import {parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'

const LRM = '\u200E'
const GROUP = 'Les amis du jeudi 🍷'

// iOS, French: the group's events are written under its name (with emoji), the exporter created it.
const FRENCH_IOS_GROUP = [
  `[12/01/2024 10:00:00] ${GROUP}: ${LRM}Les messages et les appels sont chiffrés de bout en bout.`,
  `[12/01/2024 10:00:01] ${GROUP}: ${LRM}Vous avez créé le groupe « ${GROUP} »`,
  `[12/01/2024 10:00:02] ${GROUP}: ${LRM}Vous avez ajouté Marie`,
  '[12/01/2024 10:01:00] Marie: Salut !',
  '[12/01/2024 10:02:00] Paul: On se voit jeudi ?',
].join('\r\n')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xm-issue16-'))
})
afterEach(() => {
  rmSync(dir, {recursive: true, force: true})
})

async function titleOf(path: string): Promise<{title: string; sourceId: string}> {
  const opened = await openWhatsAppExport(path)
  const info = opened.chats[0]!.info
  return {title: info.title, sourceId: info.sourceId}
}

describe("a WhatsApp group's title from the export's own events (issue 16)", () => {
  it('_chat.txt unzipped in a folder that carries no name: the creation line names the group', async () => {
    mkdirSync(join(dir, 'renamed'))
    writeFileSync(join(dir, 'renamed', '_chat.txt'), FRENCH_IOS_GROUP)
    expect((await titleOf(join(dir, 'renamed', '_chat.txt'))).title).toBe(GROUP)
  })

  it('a renamed .txt: the creation line names the group, not the file', async () => {
    writeFileSync(join(dir, 'export.txt'), FRENCH_IOS_GROUP)
    expect((await titleOf(join(dir, 'export.txt'))).title).toBe(GROUP)
  })

  it('wins over a file name that only lost the emoji, and the zip and its unzipped text stay one chat', async () => {
    const zip = new JSZip()
    zip.file('_chat.txt', FRENCH_IOS_GROUP)
    const zipPath = join(dir, 'WhatsApp Chat - Les amis du jeudi.zip')
    writeFileSync(zipPath, await zip.generateAsync({type: 'uint8array'}))
    const fromZip = await titleOf(zipPath)
    expect(fromZip.title).toBe(GROUP)
    // The same key as before for a named container (a workspace imported earlier keeps its chat)…
    expect(fromZip.sourceId).toBe('whatsapp:les amis du jeudi')
    // …and the same key for the unzipped text in a folder without a name.
    mkdirSync(join(dir, 'unzipped'))
    writeFileSync(join(dir, 'unzipped', '_chat.txt'), FRENCH_IOS_GROUP)
    expect((await titleOf(join(dir, 'unzipped', '_chat.txt'))).sourceId).toBe(fromZip.sourceId)
  })

  it('a file name that names another group keeps its name (the events may be older than a rename)', async () => {
    writeFileSync(join(dir, 'WhatsApp Chat with Famille Martin.txt'), FRENCH_IOS_GROUP)
    expect((await titleOf(join(dir, 'WhatsApp Chat with Famille Martin.txt'))).title).toBe('Famille Martin')
  })

  it('the last subject change wins over the creation line; English and German wordings too', async () => {
    const english = [
      '12/01/2024, 10:00 - You created group "Book club"',
      '12/01/2024, 10:01 - Ann: hi',
      '13/01/2024, 09:00 - Ann changed the subject from "Book club" to "Book club 📚"',
      '14/01/2024, 09:00 - Bob: 👍',
    ].join('\n')
    writeFileSync(join(dir, 'chat.txt'), english)
    expect((await titleOf(join(dir, 'chat.txt'))).title).toBe('Book club 📚')

    const german = [
      `[01.05.22, 10:00:20] Tennis 🎾: ${LRM}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.`,
      `[01.05.22, 10:00:24] Tennis 🎾: ${LRM}Du hast die Gruppe „Tennis 🎾“ erstellt.`,
      '[01.05.22, 10:05:40] Sabine: Moin!',
      '[01.05.22, 10:06:40] Jürgen: Moin',
    ].join('\r\n')
    mkdirSync(join(dir, 'de'))
    writeFileSync(join(dir, 'de', '_chat.txt'), german)
    expect((await titleOf(join(dir, 'de', '_chat.txt'))).title).toBe('Tennis 🎾')
  })

  it('fileNameForm: what file names lose (emoji, forbidden characters, "_", case, spaces)', () => {
    expect(fileNameForm('Les amis du jeudi 🍷')).toBe('les amis du jeudi')
    expect(fileNameForm('Famille 👨‍👩‍👧‍👦 Dupont 🇫🇷')).toBe('famille dupont')
    expect(fileNameForm('Famille_Dupont')).toBe('famille dupont')
    expect(fileNameForm('Rendez-vous: 12/05?')).toBe('rendez-vous 12 05')
    expect(chooseTitle('Les amis', 'Les amis du jeudi 🍷', 'x').title).toBe('Les amis')
    expect(chooseTitle(null, null, 'export')).toEqual({title: 'export', sourceKey: 'export'})
  })
})

describe('iOS German "Kontaktkarte ausgelassen" (issue 16)', () => {
  it("is the sender's omitted contact card, also from someone who sends nothing else, not a system event", () => {
    // A one-to-one chat: iOS writes the encryption notice under the contact's own name, so that
    // label is also a pseudo-sender; Carla's only line is a contact card.
    const text = [
      `[01.05.22, 10:00:20] Carla: ${LRM}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.`,
      '[01.05.22, 10:01:00] Anna: Hallo',
      `${LRM}[01.05.22, 10:02:00] Carla: ${LRM}Kontaktkarte ausgelassen`,
      `${LRM}[01.05.22, 10:03:00] Anna: ${LRM}Bild weggelassen`,
    ].join('\r\n')
    const {messages, analysis} = parseWhatsAppString(text, {})
    expect(messages.map((m) => [m.author, m.kind])).toEqual([
      [null, 'system'],
      ['Anna', 'text'],
      ['Carla', 'media-omitted'],
      ['Anna', 'media-omitted'],
    ])
    expect(analysis.authors).toEqual(expect.arrayContaining(['Anna', 'Carla']))
  })
})
