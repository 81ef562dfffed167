import {posix, win32} from 'node:path'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {unsafeEntryReason} from '../../src/importers/archive/index.js'
import {textChunksFromBytes} from '../../src/importers/text-chunks.js'
import {chatTitleFromName, findChatText} from '../../src/importers/whatsapp/archive-names.js'

/** Fixed seed: the same cases on every run (tests are deterministic). */
const SEED = 20240113

/** Names built from the characters that matter for paths, plus ordinary ones. */
const pathishName = fc
  .array(fc.constantFrom('a', 'é', ' ', '.', '..', '/', '\\', ':', 'C:', '~', '_chat.txt', '\u0000', '\u202e'), {maxLength: 8})
  .map((parts) => parts.join(''))

describe('entry names (property)', () => {
  it('an accepted name, joined to a folder, never leaves it (POSIX or Windows rules)', () => {
    fc.assert(
      fc.property(fc.oneof(pathishName, fc.string({maxLength: 30})), (name) => {
        if (unsafeEntryReason(name) !== null) return
        const posixJoined = posix.join('/base/dir', name)
        expect(posixJoined === '/base/dir' || posixJoined.startsWith('/base/dir/')).toBe(true)
        const winJoined = win32.join('C:\\base\\dir', name)
        expect(winJoined.toLowerCase() === 'c:\\base\\dir' || winJoined.toLowerCase().startsWith('c:\\base\\dir\\')).toBe(true)
      }),
      {numRuns: 2000, seed: SEED},
    )
  })
})

describe('textChunksFromBytes (property)', () => {
  it('decodes any text the same however its bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({unit: 'grapheme', maxLength: 200}), fc.array(fc.nat(), {maxLength: 20}), async (text, cuts) => {
        const bytes = new TextEncoder().encode(text)
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
        async function* pieces(): AsyncGenerator<Uint8Array> {
          let start = 0
          for (const point of [...points, bytes.length]) {
            yield bytes.subarray(start, point)
            start = point
          }
        }
        let decoded = ''
        for await (const chunk of textChunksFromBytes(pieces())) decoded += chunk
        // A leading U+FEFF is a BOM to the decoder and is dropped, as for files.
        expect(decoded).toBe(text.startsWith('\uFEFF') ? text.slice(1) : text)
      }),
      {numRuns: 300, seed: SEED},
    )
  })
})

describe('chat names (property)', () => {
  const title = fc
    .string({unit: 'grapheme', minLength: 1, maxLength: 25})
    .map((s) => s.replace(/[/\\\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim())
    .filter((s) => s.length > 0 && !/\(\d{1,3}\)$/u.test(s) && !/\.(txt|zip)$/iu.test(s) && !/^_|_$/u.test(s))

  it('the title of "WhatsApp Chat with NAME.txt" and "WhatsApp Chat - NAME.zip" is NAME', () => {
    fc.assert(
      fc.property(title, (name) => {
        // The file name has spaces, so underscores in NAME are NAME's own and are kept.
        const expected = name.normalize('NFC')
        expect(chatTitleFromName(`WhatsApp Chat with ${name}.txt`)).toBe(expected)
        expect(chatTitleFromName(`WhatsApp Chat - ${name}.zip`)).toBe(expected)
      }),
      {numRuns: 500, seed: SEED},
    )
  })

  it.each([
    ['WhatsApp_Chat_with_Tata_Jeanne.txt', 'Tata Jeanne'],
    ['Discussion_WhatsApp_avec_Mamie.txt', 'Mamie'],
    ['WhatsApp Chat with club_photo.txt', 'club_photo'],
    ['WhatsApp-Chat mit Oma (2).txt', 'Oma'],
    ['Léa ile WhatsApp Sohbeti.txt', 'Léa'],
    ['지민님과의 WhatsApp 대화.txt', '지민'],
    ['ママとのWhatsAppチャット.txt', 'ママ'],
    ['WhatsApp-chat met Opa.txt', 'Opa'],
    ['Conversa do WhatsApp com Vovó.txt', 'Vovó'],
    ['Чат WhatsApp с Бабушкой.txt', 'Бабушкой'],
    ['Chat de WhatsApp con Abuela.txt', 'Abuela'],
    ['Chat WhatsApp con Nonna.txt', 'Nonna'],
    ['WhatsApp Chat - Famille Martin.zip', 'Famille Martin'],
    ['downloads/WhatsApp Chat with Maman.zip', 'Maman'],
    ['My notes.txt', null],
    ['_chat.txt', null],
    ['WhatsApp Chat with .txt', null],
  ])('chatTitleFromName(%j) is %j', (name, expected) => {
    expect(chatTitleFromName(name)).toBe(expected)
  })

  it('never picks a name that is not a chat text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({maxLength: 20}).map((s) => `${s}.txt`), {maxLength: 10}), (names) => {
        const choice = findChatText(names)
        if (choice !== null) {
          expect(names).toContain(choice.name)
          expect(choice.name.endsWith('_chat.txt') || chatTitleFromName(choice.name) !== null).toBe(true)
        }
      }),
      {seed: SEED},
    )
  })
})
