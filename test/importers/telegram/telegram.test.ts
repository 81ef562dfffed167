/**
 * The Telegram importer (issue 18) on the exports of fixtures/telegram/ (written by
 * fixtures/telegram/generate.ts, see its README.md): the `parse --json` contract, the chat
 * kinds, media, people and the owner, and the hostile inputs.
 */
import {cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {Config} from '@oclif/core'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import Parse from '../../../src/commands/parse.js'
import {XmError} from '../../../src/errors/index.js'
import {setConsoleLanguage} from '../../../src/i18n/index.js'
import {openExport} from '../../../src/importers/open-export.js'
import {JsonScanner} from '../../../src/importers/telegram/JsonScanner.js'
import {textOf} from '../../../src/importers/telegram/messages.js'
import {TelegramDirectory} from '../../../src/importers/telegram/TelegramDirectory.js'
import type {OpenedExport} from '../../../src/model/importer.js'
import type {Message} from '../../../src/model/types.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const FIXTURES = join(ROOT, 'fixtures/telegram')
const ONE_CHAT = join(FIXTURES, 'ChatExport_2026-05-03')
const ONE_CHAT_ZIP = join(FIXTURES, 'ChatExport_2026-05-03.zip')
const PERSONAL = join(FIXTURES, 'ChatExport_2026-05-03_personal')
const FULL = join(FIXTURES, 'DataExport_2026-05-03')
const HOSTILE = join(FIXTURES, 'hostile')

interface ParsedChat {
  title: string
  kind: string
  sourceId: string
  participants: Array<{name: string; phone: string | null}>
  messages: Array<{date: string; author: string | null; text: string; attachment: string | null; system: boolean; kind: string}>
}

/** Runs `parse` in-process with stdout captured (as test/importers/signal/parse-command.test.ts does). */
async function runParse(argv: string[]): Promise<{stdout: string; exitCode: number | undefined}> {
  const config = await Config.load({root: ROOT})
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    chunks.push(`${parts.map(String).join(' ')}\n`)
  })
  const before = process.exitCode
  try {
    await (new Parse(argv, config) as unknown as {_run(): Promise<unknown>})._run()
    return {stdout: chunks.join(''), exitCode: process.exitCode === before ? undefined : Number(process.exitCode)}
  } finally {
    process.stdout.write = write
    log.mockRestore()
    process.exitCode = before
  }
}

async function parseJson(path: string): Promise<{source: string; chats: ParsedChat[]; issues: Array<{code: string; message: string}>}> {
  const {stdout} = await runParse([path, '--json'])
  return JSON.parse(stdout) as {source: string; chats: ParsedChat[]; issues: Array<{code: string; message: string}>}
}

async function messagesOf(opened: OpenedExport, index = 0): Promise<Message[]> {
  const messages: Message[] = []
  const chat = opened.chats[index]
  if (chat === undefined) throw new Error(`no chat ${index}`)
  for await (const message of chat.messages()) messages.push(message)
  return messages
}

async function errorOf(promise: Promise<unknown>): Promise<XmError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof XmError) return error
    throw error
  }
  throw new Error('expected an error')
}

/** The family chat as `parse --json` must print it (same for the folder, the .zip and the file). */
const FAMILY_MESSAGES: ParsedChat['messages'] = [
  {date: '2026-05-03T10:00:00', author: null, text: '', attachment: null, system: true, kind: 'system'},
  {date: '2026-05-03T10:01:00', author: 'Léa Martin', text: 'Bienvenue à tous 👋', attachment: null, system: false, kind: 'text'},
  {
    date: '2026-05-03T10:02:00',
    author: 'Paul Martin',
    text: 'Le programme est ici : https://example.org/programme et la carte !',
    attachment: null,
    system: false,
    kind: 'text',
  },
  // Edited at 10:05: keeps its original date.
  {date: '2026-05-03T10:03:00', author: 'Mamie Jo', text: 'Merci mes chéris', attachment: null, system: false, kind: 'text'},
  {date: '2026-05-03T10:06:00', author: 'Paul Martin', text: 'Oui Mamie 😊', attachment: null, system: false, kind: 'text'},
  {date: '2026-05-03T10:07:00', author: 'Léa Martin', text: '', attachment: 'photos/photo_1@03-05-2026_10-07-00.jpg', system: false, kind: 'media'},
  {date: '2026-05-03T10:08:00', author: 'Paul Martin', text: 'Le compte rendu', attachment: 'files/compte rendu.pdf', system: false, kind: 'media'},
  // "(File not included. …)": a placeholder, never an attachment.
  {date: '2026-05-03T10:09:00', author: 'Mamie Jo', text: '', attachment: null, system: false, kind: 'media-omitted'},
  {date: '2026-05-03T10:10:00', author: 'Paul Martin', text: '', attachment: 'voice_messages/audio_1@03-05-2026_10-10-00.ogg', system: false, kind: 'media'},
  // A photo the folder does not hold.
  {date: '2026-05-03T10:11:00', author: 'Léa Martin', text: '', attachment: null, system: false, kind: 'media-omitted'},
  // (entry 11 is "unsupported": not a message)
  {date: '2026-05-03T10:12:00', author: null, text: '', attachment: null, system: true, kind: 'system'},
  {date: '2026-05-03T10:13:00', author: 'Noé', text: 'Salut la famille', attachment: null, system: false, kind: 'text'},
  // The sticker itself, not its thumbnail.
  {date: '2026-05-03T10:14:00', author: 'Noé', text: '', attachment: 'stickers/sticker.webp', system: false, kind: 'media'},
  {date: '2026-05-03T10:15:00', author: 'Paul Martin', text: '', attachment: null, system: false, kind: 'poll'},
  {date: '2026-05-03T10:16:00', author: 'Mamie Jo', text: '', attachment: null, system: false, kind: 'location'},
  // `from: null` (a deleted account).
  {date: '2026-05-03T10:17:00', author: null, text: 'Message d’un compte supprimé', attachment: null, system: false, kind: 'text'},
  {date: '2026-05-03T10:18:00', author: 'Léa Martin', text: 'On se voit samedi', attachment: null, system: false, kind: 'text'},
  {date: '2026-05-03T10:20:00', author: null, text: '', attachment: null, system: true, kind: 'system'},
  // U+2028 (LINE SEPARATOR), which tdesktop escapes as \u2028, comes back as the character.
  {date: '2026-05-03T10:21:00', author: 'Paul Martin', text: 'ligne 1\nligne 2\u2028fin', attachment: null, system: false, kind: 'text'},
  // Written "tab\x0Bulation" by tdesktop (not JSON): read as the vertical tab it stands for.
  {date: '2026-05-03T10:22:00', author: 'Mamie Jo', text: 'tab\u000bulation', attachment: null, system: false, kind: 'text'},
]

/** tdesktop's `\xHH` escapes made JSON, for JSON.parse in these tests. */
function jsonOf(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8').replace(/\\x([0-9A-F]{2})/g, '\\u00$1'))
}

describe('parse --json with Telegram exports', () => {
  it('prints a one-chat export folder in the contract shape', async () => {
    const parsed = await parseJson(ONE_CHAT)
    expect(parsed.source).toBe('telegram')
    expect(parsed.chats).toHaveLength(1)
    const [chat] = parsed.chats as [ParsedChat]
    expect(chat.title).toBe('Famille Martin 🏡')
    expect(chat.kind).toBe('group')
    expect(chat.participants.map((p) => p.name)).toEqual(['Léa Martin', 'Paul Martin', 'Mamie Jo', 'Noé'])
    expect(chat.messages).toEqual(FAMILY_MESSAGES)
    expect(parsed.issues.map((i) => i.code).sort()).toEqual(['TG_MEDIA_MISSING', 'TG_UNSUPPORTED_SKIPPED'])
  })

  it('reads the .zip of that folder, and result.json given alone, the same way', async () => {
    const folder = await parseJson(ONE_CHAT)
    const zip = await parseJson(ONE_CHAT_ZIP)
    expect(zip.chats).toEqual(folder.chats)
    // Issues name the entry in the .zip.
    expect(zip.issues.map((i) => i.code)).toEqual(folder.issues.map((i) => i.code))
    expect(await parseJson(join(ONE_CHAT, 'result.json'))).toEqual(folder)
  })

  it('keeps people, groups and left groups of a full export, and leaves public channels, bots and Saved Messages out', async () => {
    const parsed = await parseJson(FULL)
    expect(parsed.chats.map((c) => [c.title, c.kind])).toEqual([
      ['Paul Martin', 'direct'],
      ['Famille Martin 🏡', 'group'],
      ['Club de foot', 'group'],
      ['Voisins 2024', 'group'],
    ])
    const family = parsed.chats[1] as ParsedChat
    // Media paths of a full export start at its root (chats/chat_002/…).
    expect(family.messages.map((m) => m.attachment).filter((a) => a !== null)).toEqual([
      'chats/chat_002/photos/photo_1@03-05-2026_10-07-00.jpg',
      'chats/chat_002/files/compte rendu.pdf',
      'chats/chat_002/voice_messages/audio_1@03-05-2026_10-10-00.ogg',
      'chats/chat_002/stickers/sticker.webp',
    ])
    expect(family.messages.map(({attachment: _a, ...rest}) => rest)).toEqual(FAMILY_MESSAGES.map(({attachment: _a, ...rest}) => rest))
    // Phone numbers from contacts.list (by user_id, else by name) and personal_information, in E.164.
    expect(family.participants).toEqual([
      {name: 'Léa Martin', phone: '+33612345678'},
      {name: 'Paul Martin', phone: '+33698765432'},
      {name: 'Mamie Jo', phone: '+33123456789'},
      {name: 'Noé', phone: null},
    ])
    const leftOut = parsed.issues.find((i) => i.code === 'TG_CHATS_LEFT_OUT')
    expect(leftOut?.message).toContain('2 public channels, 1 bot chat and 1 Saved Messages list')
  })

  it('prints nothing as a result for a truncated result.json, and says so', async () => {
    const {stdout, exitCode} = await runParse([join(HOSTILE, 'truncated'), '--json'])
    expect(exitCode).toBe(2)
    const printed = JSON.parse(stdout) as {error?: {code?: string}; chats?: unknown}
    expect(printed.chats).toBeUndefined()
    expect(JSON.stringify(printed)).toContain('TG_JSON_TRUNCATED')
  })
})

describe('openExport with Telegram exports', () => {
  it('keeps the instant, edits, replies, forwards and reactions in the model', async () => {
    const messages = await messagesOf(await openExport(ONE_CHAT))
    const byId = new Map(messages.map((m) => [m.sourceId, m]))
    expect(byId.get('2')?.instant).toBe('2026-05-03T08:01:00.000Z')
    expect(byId.get('4')).toMatchObject({edited: true, date: '2026-05-03T10:03:00'})
    // The reply carries the id; the author and text come from the message it answers.
    expect(byId.get('5')?.replyTo).toEqual({sourceId: '4', author: 'Mamie Jo', text: 'Merci mes chéris'})
    expect(byId.get('13')?.forwardedFrom).toBe('Club de foot')
    expect(byId.get('18')?.reactions).toEqual([{emoji: '❤️', author: 'Mamie Jo', authorSourceId: 'user1000003', date: '2026-05-03T10:19:00'}])
    expect(byId.get('7')?.attachment).toEqual({name: 'files/compte rendu.pdf', mediaType: 'application/pdf', size: null, sha256: null, storedPath: null})
  })

  it('reads an old 2.x export: the wall-clock date only, edits without their instant', async () => {
    const opened = await openExport(join(FIXTURES, 'ChatExport_2020-03-01_v2'))
    const messages = await messagesOf(opened)
    expect(messages.map((m) => [m.date, m.instant, m.author, m.text, m.edited ?? false])).toEqual([
      ['2020-03-01T18:00:00', undefined, 'Karim Benali', 'Apéro ce soir ?', false],
      ['2020-03-01T18:05:00', undefined, 'Léa Martin', 'Oui ! @karim', true],
    ])
  })

  it('streams the attached files from the export folder', async () => {
    const opened = await openExport(ONE_CHAT)
    const files = opened.chats[0]?.files
    expect(files?.has('photos/photo_1@03-05-2026_10-07-00.jpg')).toBe(true)
    const chunks: Uint8Array[] = []
    for await (const chunk of files?.open('files/compte rendu.pdf') ?? []) chunks.push(chunk)
    expect(Buffer.concat(chunks).toString()).toBe(readFileSync(join(ONE_CHAT, 'files/compte rendu.pdf'), 'utf8'))
  })

  it('marks the owner in a one-to-one chat by the chat id (the other person\'s)', async () => {
    const opened = await openExport(PERSONAL)
    expect(opened.chats[0]?.info).toMatchObject({kind: 'direct', title: 'Paul', sourceId: 'user1000002'})
    expect(opened.chats[0]?.info.participants).toEqual([
      {name: 'Paul Martin', phone: null, sourceId: 'user1000002'},
      {name: 'Léa Martin', phone: null, sourceId: 'self:user1000001'},
    ])
    const messages = await messagesOf(opened)
    expect(messages[2]).toMatchObject({system: true, kind: 'call', author: null})
  })

  it('marks the owner from personal_information in every chat of a full export, and names met only in service entries get their id', async () => {
    const opened = await openExport(FULL)
    const club = opened.chats.find((c) => c.info.title === 'Club de foot')
    expect(club?.info.participants).toEqual([
      {name: 'Karim Benali', phone: '+32470123456', sourceId: 'user1000005'},
      {name: 'Léa Martin', phone: '+33612345678', sourceId: 'self:user1000001'},
    ])
    // Same people, same ids across chats: Paul is user1000002 in the 1:1 chat and the group.
    const ids = opened.chats.flatMap((c) => c.info.participants.filter((p) => p.name === 'Paul Martin').map((p) => p.sourceId))
    expect(new Set(ids)).toEqual(new Set(['user1000002']))
    expect(opened.chats.map((c) => c.info.sourceId)).toEqual(['user1000002', 'channel2000001', 'chat5000001', 'channel6000001'])
    expect(opened.chats.map((c) => c.messageCount)).toEqual([2, 20, 2, 2])
  })

  it('never opens a media path that leaves the export folder', async () => {
    const opened = await openExport(join(HOSTILE, 'path-outside', 'export'))
    const messages = await messagesOf(opened)
    expect(messages.map((m) => m.attachment?.name ?? null)).toEqual([null, null, null, null, 'photos/ok.jpg'])
    expect(opened.issues.filter((i) => i.code === 'TG_MEDIA_PATH_OUTSIDE')).toHaveLength(4)
    const files = opened.chats[0]?.files
    expect(files?.has('../secret.txt')).toBe(false)
    expect(files?.names()).toEqual(['photos/ok.jpg'])
  })

  it('does not follow a symbolic link of the export folder that points outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      cpSync(join(HOSTILE, 'path-outside'), dir, {recursive: true})
      rmSync(join(dir, 'export', 'photos', 'ok.jpg'))
      symlinkSync(join(dir, 'secret.txt'), join(dir, 'export', 'photos', 'ok.jpg'))
      const opened = await openExport(join(dir, 'export'))
      expect((await messagesOf(opened)).map((m) => m.attachment)).toEqual([null, null, null, null, null])
      expect(opened.chats[0]?.files?.names()).toEqual([])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('warns when two people of a chat have the same name (the store keeps one participant per name)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      const message = (id: number, fromId: string, text: string): object => ({id, type: 'message', date: '2026-05-03T10:00:00', from: 'Camille', from_id: fromId, text})
      writeFileSync(join(dir, 'result.json'), JSON.stringify({name: 'Deux Camille', type: 'private_group', id: 1, messages: [message(1, 'user1', 'moi'), message(2, 'user2', 'moi aussi'), message(3, 'user2', 'encore')]}))
      const opened = await openExport(dir)
      expect(opened.chats[0]?.info.participants).toEqual([{name: 'Camille', phone: null, sourceId: 'user1'}])
      expect(opened.issues.filter((i) => i.code === 'TG_NAME_SHARED')).toHaveLength(1)
      expect((await messagesOf(opened)).map((m) => m.author)).toEqual(['Camille', 'Camille', 'Camille'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('skips entries of the wrong type with a warning each, and keeps the rest', async () => {
    const opened = await openExport(join(HOSTILE, 'wrong-types'))
    const messages = await messagesOf(opened)
    expect(messages.map((m) => m.text)).toEqual(['bon', 'toujours bon', 'fin'])
    // A `from` of the wrong type: the message stays, without author.
    expect(messages[1]?.author).toBeNull()
    const skipped = opened.issues.filter((i) => i.code === 'TG_ENTRY_SKIPPED')
    expect(skipped.map((i) => i.message.match(/^Entry (\d+)/)?.[1])).toEqual(['2', '3', '4', '5', '6', '8'])
    expect(skipped[1]?.message).toContain('"id" is the text "three"')
  })

  it('fails with TG_JSON_TRUNCATED on a truncated file, in a folder and in a .zip', async () => {
    expect((await errorOf(openExport(join(HOSTILE, 'truncated')))).code).toBe('TG_JSON_TRUNCATED')
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      const JSZip = (await import('jszip')).default
      const zip = new JSZip()
      zip.file('ChatExport/result.json', readFileSync(join(HOSTILE, 'truncated', 'result.json')))
      writeFileSync(join(dir, 'export.zip'), await zip.generateAsync({type: 'nodebuffer'}))
      expect((await errorOf(openExport(join(dir, 'export.zip')))).code).toBe('TG_JSON_TRUNCATED')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('fails with TG_JSON_INVALID on a file that is not JSON, and TG_HTML_EXPORT on the HTML export', async () => {
    expect((await errorOf(openExport(join(HOSTILE, 'not-json')))).code).toBe('TG_JSON_INVALID')
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      // An empty result.json is still Telegram's: its error, not WhatsApp's.
      writeFileSync(join(dir, 'result.json'), '')
      const empty = await errorOf(openExport(dir))
      expect([empty.code, empty.message]).toEqual(['TG_JSON_INVALID', expect.stringContaining('empty')])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
    const html = await errorOf(openExport(join(HOSTILE, 'html-export')))
    expect(html.code).toBe('TG_HTML_EXPORT')
    expect(JSON.stringify(html.suggestions)).toContain('Machine-readable JSON')
  })

  it('reads a chat in any order of its members (messages before type and name)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      cpSync(ONE_CHAT, join(dir, 'export'), {recursive: true})
      const chat = jsonOf(readFileSync(join(ONE_CHAT, 'result.json'))) as Record<string, unknown>
      const {messages, ...head} = chat
      writeFileSync(join(dir, 'export', 'result.json'), JSON.stringify({messages, ...head}))
      const opened = await openExport(join(dir, 'export'))
      expect(opened.chats[0]?.info.title).toBe('Famille Martin 🏡')
      expect((await messagesOf(opened)).length).toBe(FAMILY_MESSAGES.length)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('reads each chat again by its byte range from a .zip entry as from a folder', async () => {
    // Byte ranges are found in pass 1 and read in pass 2; in a .zip they count inflated bytes.
    const dir = mkdtempSync(join(tmpdir(), 'xm-telegram-'))
    try {
      const JSZip = (await import('jszip')).default
      const zip = new JSZip()
      zip.file('DataExport/result.json', readFileSync(join(FULL, 'result.json')))
      writeFileSync(join(dir, 'export.zip'), await zip.generateAsync({type: 'nodebuffer', compression: 'DEFLATE'}))
      const fromZip = await openExport(join(dir, 'export.zip'))
      const fromFolder = await openExport(FULL)
      for (let i = 0; i < fromFolder.chats.length; i++) {
        expect((await messagesOf(fromZip, i)).map((m) => m.text)).toEqual((await messagesOf(fromFolder, i)).map((m) => m.text))
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

describe('TelegramDirectory', () => {
  it('finds the same chats, ranges and counts whatever the chunk size', async () => {
    const bytes = readFileSync(join(FULL, 'result.json'))
    const read = async (size: number): Promise<unknown> => {
      const directory = new TelegramDirectory('result.json', {hasFile: () => true}, [])
      await directory.read(
        (async function* () {
          for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
        })(),
      )
      return directory.chats.map(({people, authorIds, sharedNames: _shared, ...chat}) => ({...chat, people: [...people.keys()], authorIds: [...authorIds]}))
    }
    const whole = await read(bytes.length)
    expect(await read(1)).toEqual(whole)
    expect(await read(7)).toEqual(whole)
    // Each range is one chat object: it parses alone.
    for (const chat of whole as Array<{start: number; end: number; name: string | null}>) {
      const parsed = jsonOf(bytes.subarray(chat.start, chat.end + 1)) as {name?: string}
      expect(parsed.name ?? null).toBe(chat.name)
    }
  })
})

describe('JsonScanner', () => {
  const scan = (text: string, size: number): {values: unknown[]; offsets: number[]} => {
    const values: unknown[] = []
    const offsets: number[] = []
    const scanner = new JsonScanner(['$.*'], (value) => values.push(value), (kind, offset) => kind === 'string' && offsets.push(offset))
    const bytes = Buffer.from(text)
    for (let i = 0; i < bytes.length; i += size) scanner.write(bytes.subarray(i, i + size))
    scanner.end()
    return {values, offsets}
  }

  it('reads tdesktop\'s \\xHH escapes as the characters, leaves an escaped backslash before x alone, and keeps offsets as written', () => {
    const text = String.raw`["a\x0Bb", "c\\xd", "\x1F", "e"]`
    for (const size of [1, 2, 3, text.length]) {
      const {values, offsets} = scan(text, size)
      expect(values).toEqual(['a\u000bb', 'c\\xd', '\u001f', 'e'])
      // Each string's opening quote, counted in the bytes as written.
      expect(offsets).toEqual([1, 11, 20, 28])
    }
  })

  it('tells a truncated document from an invalid one', () => {
    expect(() => scan('{"a": [1, 2', 4)).toThrow(expect.objectContaining({reason: 'truncated'}))
    expect(() => scan('{"a": ]', 4)).toThrow(expect.objectContaining({reason: 'invalid'}))
    expect(() => scan('{} {}', 4)).toThrow(expect.objectContaining({reason: 'invalid'}))
    expect(() => scan('', 4)).toThrow(expect.objectContaining({reason: 'invalid'}))
  })
})

describe('textOf', () => {
  it('takes a string as is, concatenates entity arrays, and gives "" for none', () => {
    expect(textOf('plain')).toBe('plain')
    expect(textOf(['a ', {type: 'bold', text: 'b'}, {type: 'text_link', text: 'c', href: 'https://x'}])).toBe('a bc')
    expect(textOf(undefined)).toBe('')
    expect(textOf([])).toBe('')
    expect(textOf(42)).toBeNull()
  })
})
