import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import JSZip from 'jszip'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {UserError} from '../../../src/errors/index.js'
import {MediaStore} from '../../../src/media/index.js'
import type {ChatSource, OpenedExport} from '../../../src/model/importer.js'
import type {Message} from '../../../src/model/types.js'
import {openWhatsAppExport} from '../../../src/importers/whatsapp/index.js'
import {Workspace} from '../../../src/workspace.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/hostile/${name}`, import.meta.url))
const PHOTO = '00000004-PHOTO-2024-01-13-10-02-30.jpg'
const MiB = 1024 * 1024

// A small Android export written for these tests (LF, 24 h, day first: 13/01 decides the order).
const ANDROID_DIRECT = [
  '13/01/2024, 09:58 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  '13/01/2024, 10:00 - Maman: Tu viens dimanche ?',
  '13/01/2024, 10:01 - Léa: Oui ! Je prends le train de 9 h',
  '13/01/2024, 10:02 - Maman: IMG-20240113-WA0001.jpg (file attached)',
  'La maison sous la neige',
  '',
].join('\n')

async function messagesOf(chat: ChatSource): Promise<Message[]> {
  const out: Message[] = []
  for await (const message of chat.messages()) out.push(message)
  return out
}

async function bytesOf(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const chunk of source) parts.push(chunk)
  return Buffer.concat(parts)
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
  throw new Error('expected a UserError, got success')
}

/** Every path under a folder, relative, sorted (folders end with "/"). */
function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, {withFileTypes: true})) {
      const full = join(current, entry.name)
      out.push(relative(dir, full) + (entry.isDirectory() ? '/' : ''))
      if (entry.isDirectory()) walk(full)
    }
  }
  walk(dir)
  return out.sort()
}

describe('openWhatsAppExport', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'xm-open-'))
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  async function writeZip(name: string, entries: Record<string, string | Uint8Array>): Promise<string> {
    const zip = new JSZip()
    for (const [entry, content] of Object.entries(entries)) zip.file(entry, content)
    const path = join(root, name)
    writeFileSync(path, await zip.generateAsync({type: 'uint8array', compression: 'DEFLATE'}))
    return path
  }

  describe('hostile and broken inputs: a clear error, nothing written outside the workspace', () => {
    it.each([
      ['zip-slip-parent.zip', 'ARCHIVE_UNSAFE_ENTRY'],
      ['zip-slip-absolute.zip', 'ARCHIVE_UNSAFE_ENTRY'],
      ['zip-slip-backslash.zip', 'ARCHIVE_UNSAFE_ENTRY'],
      ['zip-slip-drive-letter.zip', 'ARCHIVE_UNSAFE_ENTRY'],
      ['truncated.zip', 'ARCHIVE_CORRUPT'],
      ['bad-crc.zip', 'ARCHIVE_CORRUPT'],
      ['no-chat-text.zip', 'WA_NOT_AN_EXPORT'],
      ['pdf-renamed.zip', 'WA_NOT_AN_EXPORT'],
      ['empty.zip', 'WA_NOT_AN_EXPORT'],
    ])('%s → %s', async (file, code) => {
      // The workspace sits two levels down, so "../../evil.txt" from it would land inside root.
      const input = join(root, 'in', file)
      mkdirSync(join(root, 'in'))
      copyFileSync(fixture(file), input)
      const workspace = new Workspace(join(root, 'a', 'b', 'ws')).ensure()
      const before = tree(root)
      const cwdBefore = readdirSync(process.cwd()).sort()

      const error = await userError(openWhatsAppExport(input))
      expect(error.code).toBe(code)
      expect(error.message).toContain(input)
      expect(error.suggestions.length).toBeGreaterThan(0)

      expect(tree(root)).toEqual(before)
      expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore)
      expect(existsSync(join(tmpdir(), 'evil.txt'))).toBe(false)
      expect(existsSync(workspace.mediaDir)).toBe(false)
    })

    it('zip bomb: the export opens, its bomb entry is refused while storing, nothing is left behind', async () => {
      const input = join(root, 'in.zip')
      copyFileSync(fixture('zip-bomb-200mib-zeros.zip'), input)
      const workspace = new Workspace(join(root, 'ws'))
      const opened = await openWhatsAppExport(input, {maxEntrySize: MiB})
      const chat = opened.chats[0] as ChatSource
      const messages = await messagesOf(chat)
      const withPhoto = messages.find((message) => message.attachment !== null)
      expect(withPhoto?.attachment?.name).toBe(PHOTO)
      expect(chat.files?.has(PHOTO)).toBe(true)

      const store = new MediaStore(workspace)
      const error = await userError(store.put((chat.files as NonNullable<ChatSource['files']>).open(PHOTO)))
      expect(error.code).toBe('ARCHIVE_ENTRY_TOO_LARGE')
      expect(tree(root)).toEqual(['in.zip', 'ws/', 'ws/media/', 'ws/media/tmp/'])
    })

    it('a chat text that inflates past the limit is refused', async () => {
      const big = '13/01/2024, 10:00 - Léa: ' + 'bla '.repeat(MiB / 2) + '\n'
      const path = await writeZip('WhatsApp Chat with Léa.zip', {'WhatsApp Chat with Léa.txt': big})
      const error = await userError(openWhatsAppExport(path, {maxEntrySize: MiB}))
      expect(error.code).toBe('ARCHIVE_ENTRY_TOO_LARGE')
    })

    it('a nonexistent path → INPUT_NOT_FOUND', async () => {
      const error = await userError(openWhatsAppExport(join(root, 'WhatsApp Chat with Nobody.txt')))
      expect(error.code).toBe('INPUT_NOT_FOUND')
      expect(error.message).toContain('WhatsApp Chat with Nobody.txt')
    })

    it.each([
      ['random text', 'Liste de courses\npain\nlait\n', /no line of .* looks like a WhatsApp message/],
      ['an empty file', '', /the file is empty/],
      ['a PDF', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n', /PDF document/],
    ])('a .txt holding %s → WA_NOT_AN_EXPORT naming the file and what was expected', async (_label, content, why) => {
      const path = join(root, 'WhatsApp Chat with Maman.txt')
      writeFileSync(path, content)
      const error = await userError(openWhatsAppExport(path))
      expect(error.code).toBe('WA_NOT_AN_EXPORT')
      expect(error.message).toContain(path)
      expect(error.message).toMatch(why)
      expect(error.suggestions.join(' ')).toMatch(/Export chat/)
    })

    it('a device (neither file nor folder) → WA_NOT_AN_EXPORT', async () => {
      const error = await userError(openWhatsAppExport('/dev/null'))
      expect(error.code).toBe('WA_NOT_AN_EXPORT')
      expect(error.message).toMatch(/neither a file nor a folder/)
    })

    it('a folder without a chat text → WA_NOT_AN_EXPORT', async () => {
      writeFileSync(join(root, 'notes.txt'), 'pas un export\n')
      const error = await userError(openWhatsAppExport(root))
      expect(error.code).toBe('WA_NOT_AN_EXPORT')
      expect(error.message).toMatch(/folder has no chat text/)
    })
  })

  describe('valid exports', () => {
    it('an iOS .zip: one chat from _chat.txt, its photo as a file, title from the creation event', async () => {
      const opened = await openWhatsAppExport(fixture('valid-ios-export.zip'))
      expect(opened.source).toBe('whatsapp')
      expect(opened.chats).toHaveLength(1)
      const chat = opened.chats[0] as ChatSource
      expect(chat.info).toEqual({
        source: 'whatsapp',
        sourceId: 'whatsapp:famille martin',
        title: 'Famille Martin',
        kind: 'group',
        participants: [
          {name: 'Léa Martin', phone: null},
          {name: 'Paul Martin', phone: null},
        ],
      })
      expect(chat.files?.names()).toEqual([PHOTO])
      expect([...(await bytesOf((chat.files as NonNullable<ChatSource['files']>).open(PHOTO)))].slice(0, 3)).toEqual([0xff, 0xd8, 0xff])
      const messages = await messagesOf(chat)
      expect(messages.map((message) => [message.date, message.author, message.system])).toEqual([
        ['2024-01-13T10:00:00', null, true],
        ['2024-01-13T10:00:01', null, true],
        ['2024-01-13T10:01:12', 'Léa Martin', false],
        ['2024-01-13T10:02:30', 'Paul Martin', false],
        ['2024-01-13T10:03:05', 'Léa Martin', false],
      ])
      expect(messages[3]?.attachment?.name).toBe(PHOTO)
      // messages() reads the archive again from the start each time.
      expect(await messagesOf(chat)).toEqual(messages)
      expect(opened.issues.filter((issue) => issue.severity === 'error')).toEqual([])
    })

    it('an Android .txt: title and sourceId from the localized file name, no files', async () => {
      const path = join(root, 'WhatsApp Chat with Maman.txt')
      writeFileSync(path, ANDROID_DIRECT)
      const opened = await openWhatsAppExport(path)
      const chat = opened.chats[0] as ChatSource
      expect(chat.info.title).toBe('Maman')
      expect(chat.info.sourceId).toBe('whatsapp:maman')
      expect(chat.info.kind).toBe('direct')
      expect(chat.info.participants.map((p) => p.name)).toEqual(['Maman', 'Léa'])
      expect(chat.files).toBeUndefined()
      const messages = await messagesOf(chat)
      expect(messages).toHaveLength(4)
      expect(messages[3]?.text).toBe('IMG-20240113-WA0001.jpg (file attached)\nLa maison sous la neige')
    })

    it('a later export of the same chat maps to the same sourceId (zip, counter, case, language)', async () => {
      writeFileSync(join(root, 'WhatsApp Chat with Maman.txt'), ANDROID_DIRECT)
      const zip = await writeZip('WhatsApp Chat with MAMAN (1).zip', {'WhatsApp Chat with MAMAN.txt': ANDROID_DIRECT})
      writeFileSync(join(root, 'Discussion WhatsApp avec Maman.txt'), ANDROID_DIRECT)
      const ids = await Promise.all(
        [join(root, 'WhatsApp Chat with Maman.txt'), zip, join(root, 'Discussion WhatsApp avec Maman.txt')].map(
          async (path) => (await openWhatsAppExport(path)).chats[0]?.info.sourceId,
        ),
      )
      expect(ids).toEqual(['whatsapp:maman', 'whatsapp:maman', 'whatsapp:maman'])
    })

    it('picks _chat.txt, not a shared document "My notes.txt", which stays a file', async () => {
      const path = await writeZip('export.zip', {
        'My notes.txt': 'Courses : pain, lait\n',
        '_chat.txt': ANDROID_DIRECT,
        'IMG-20240113-WA0001.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
      })
      const chat = (await openWhatsAppExport(path)).chats[0] as ChatSource
      expect(chat.files?.names().sort()).toEqual(['IMG-20240113-WA0001.jpg', 'My notes.txt'])
      expect((await messagesOf(chat))[3]?.attachment?.name).toBe('IMG-20240113-WA0001.jpg')
    })

    it('with two chat texts, picks the one the archive is named after and warns', async () => {
      const path = await writeZip('WhatsApp Chat with Alice.zip', {
        'WhatsApp Chat with Bob.txt': '13/01/2024, 10:00 - Bob: salut\n',
        'WhatsApp Chat with Alice.txt': ANDROID_DIRECT,
      })
      const opened = await openWhatsAppExport(path)
      const chat = opened.chats[0] as ChatSource
      expect(chat.info.title).toBe('Alice')
      expect(chat.files?.names()).toEqual(['WhatsApp Chat with Bob.txt'])
      expect(opened.issues.map((issue) => issue.code)).toContain('WA_SEVERAL_CHAT_TEXTS')
    })

    it('an unzipped iOS folder, or its _chat.txt: files are the folder\'s regular files only', async () => {
      const folder = join(root, 'WhatsApp Chat - Famille Martin')
      mkdirSync(folder)
      const ios = '[13/01/2024, 10:01:12] Léa Martin: Bonne année\r\n[13/01/2024, 10:02:30] Paul Martin: \u200E<attached: 00000004-PHOTO.jpg>\r\n'
      writeFileSync(join(folder, '_chat.txt'), ios)
      writeFileSync(join(folder, '00000004-PHOTO.jpg'), Buffer.from([0xff, 0xd8, 0xff]))
      writeFileSync(join(folder, '.DS_Store'), 'junk')
      mkdirSync(join(folder, 'sub'))
      writeFileSync(join(root, 'outside.txt'), 'private')
      symlinkSync(join(root, 'outside.txt'), join(folder, 'link.jpg'))

      for (const path of [folder, join(folder, '_chat.txt')]) {
        const chat = (await openWhatsAppExport(path)).chats[0] as ChatSource
        expect(chat.info.title).toBe('Famille Martin')
        expect(chat.info.sourceId).toBe('whatsapp:famille martin')
        expect(chat.files?.names()).toEqual(['00000004-PHOTO.jpg'])
        expect(chat.files?.has('link.jpg')).toBe(false)
        expect([...(await bytesOf((chat.files as NonNullable<ChatSource['files']>).open('00000004-PHOTO.jpg')))]).toEqual([0xff, 0xd8, 0xff])
        expect((await messagesOf(chat))[1]?.attachment?.name).toBe('00000004-PHOTO.jpg')
      }
    })

    it('a re-zipped folder: the chat text and its files live under the folder, macOS companions ignored', async () => {
      const path = await writeZip('export.zip', {
        'WhatsApp Chat - Famille Martin/_chat.txt': '[13/01/2024, 10:02:30] Paul Martin: \u200E<attached: 00000004-PHOTO.jpg>\r\n',
        'WhatsApp Chat - Famille Martin/00000004-PHOTO.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
        '__MACOSX/WhatsApp Chat - Famille Martin/._00000004-PHOTO.jpg': new Uint8Array([0]),
        'WhatsApp Chat - Famille Martin/._00000004-PHOTO.jpg': new Uint8Array([0]),
        'elsewhere.jpg': new Uint8Array([1]),
      })
      const chat = (await openWhatsAppExport(path)).chats[0] as ChatSource
      expect(chat.info.title).toBe('Famille Martin')
      expect(chat.files?.names()).toEqual(['00000004-PHOTO.jpg'])
      expect((await messagesOf(chat))[0]?.attachment?.name).toBe('00000004-PHOTO.jpg')
    })

    it('matches entry names whatever their Unicode normalization (macOS writes NFD)', async () => {
      const nfc = 'Photo de Léa.jpg'
      const nfd = nfc.normalize('NFD')
      expect(nfd).not.toBe(nfc)
      const text = `13/01/2024, 10:00 - Léa: ${nfc} (file attached)\n13/01/2024, 10:01 - Maman: Merci\n`
      const path = await writeZip('WhatsApp Chat with Léa.zip', {'WhatsApp Chat with Léa.txt': text, [nfd]: new Uint8Array([1, 2])})
      const chat = (await openWhatsAppExport(path)).chats[0] as ChatSource
      expect(chat.files?.has(nfc)).toBe(true)
      expect([...(await bytesOf((chat.files as NonNullable<ChatSource['files']>).open(nfc)))]).toEqual([1, 2])
      expect((await messagesOf(chat))[0]?.attachment?.name).toBe(nfc)
    })

    // Issue 14 item 11: a file whose own name holds a bidi mark was reported "not in the export".
    it('matches entry names holding bidi controls (the chat text\'s reference has them stripped)', async () => {
      for (const [index, mark] of ['\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'].entries()) {
        const fileName = `${mark}Rapport ${index}.pdf`
        const text = `13/01/2024, 10:00 - Léa: \u200E${fileName} (file attached)\n13/01/2024, 10:01 - Maman: Merci\n`
        const path = await writeZip(`WhatsApp Chat with Léa ${index}.zip`, {'WhatsApp Chat with Léa.txt': text, [fileName]: new Uint8Array([7, index])})
        const opened = await openWhatsAppExport(path)
        const chat = opened.chats[0] as ChatSource
        const messages = await messagesOf(chat)
        expect(opened.issues.filter((i) => i.code === 'WA_ATTACHMENT_MISSING'), JSON.stringify(mark)).toEqual([])
        const name = messages[0]?.attachment?.name as string
        expect(name.endsWith(`Rapport ${index}.pdf`)).toBe(true)
        expect([...(await bytesOf((chat.files as NonNullable<ChatSource['files']>).open(name)))]).toEqual([7, index])
      }
    })

    it('passes --date-order through to both passes', async () => {
      const path = join(root, 'WhatsApp Chat with Maman.txt')
      writeFileSync(path, '03/04/2024, 10:00 - Maman: Coucou\n05/04/2024, 10:00 - Léa: Salut\n')
      const opened: OpenedExport = await openWhatsAppExport(path, {dateOrder: 'mdy'})
      const messages = await messagesOf(opened.chats[0] as ChatSource)
      expect(messages.map((message) => message.date)).toEqual(['2024-03-04T10:00:00', '2024-05-04T10:00:00'])
    })

    it('stores the files of an export in the media store, inside the workspace only', async () => {
      const input = join(root, 'in', 'valid.zip')
      mkdirSync(join(root, 'in'))
      copyFileSync(fixture('valid-ios-export.zip'), input)
      const workspace = new Workspace(join(root, 'ws'))
      const chat = (await openWhatsAppExport(input)).chats[0] as ChatSource
      const store = new MediaStore(workspace)
      const files = chat.files as NonNullable<ChatSource['files']>
      const stored = await Promise.all(files.names().map(async (name) => store.put(files.open(name))))
      expect(stored).toHaveLength(1)
      const paths = tree(root)
      expect(paths.filter((path) => !path.startsWith('ws/'))).toEqual(['in/', 'in/valid.zip'])
      expect(paths).toContain(`ws/${stored[0]?.storedPath}`)
      expect(statSync(join(workspace.dir, stored[0]?.storedPath ?? '')).mode & 0o777).toBe(0o600)
    })
  })
})
