/**
 * Issue 19: what real exports from the wild showed. The fixtures (fixtures/whatsapp/issue-19/,
 * see its README) are the project's own lines in each language, written with the phrases WhatsApp
 * really uses; the property test checks the mechanism: a participant's line is never an event
 * unless its body is a known event.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {UserError} from '../../../src/errors/index.js'
import {openWhatsAppExport} from '../../../src/importers/whatsapp/index.js'
import {parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'
import {isKnownMarkedEvent, looksLikeEventBody} from '../../../src/importers/whatsapp/phrases.js'
import {cleanLabel, stripBidi} from '../../../src/importers/whatsapp/text.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'whatsapp', 'issue-19')

// Invisible characters, named.
const LRM = '\u200E'
const RLM = '\u200F'
const LRE = '\u202A'
const PDF = '\u202C'

function parseFixture(folder: string) {
  const name = readdirSync(join(root, folder)).find((n) => n.endsWith('.txt'))!
  return parseWhatsAppString(readFileSync(join(root, folder, name), 'utf8'), {fileName: name})
}

/** [line, author, kind] of each message (system events have author null and kind 'system'). */
function rows(folder: string) {
  return parseFixture(folder).messages.map((m) => [m.line, m.author, m.kind])
}

describe('issue 19 §1: a person\'s placeholder is not a WhatsApp event', () => {
  it('Russian iOS: «стикер не добавлен» and «Вы удалили данное сообщение.» keep their sender, and the chat stays one-to-one', () => {
    const {analysis} = parseFixture('ru-ios-placeholders')
    expect(analysis.kind).toBe('direct')
    expect(rows('ru-ios-placeholders')).toEqual([
      [1, null, 'system'],
      [2, 'Дмитрий Соколов', 'text'],
      [3, 'Дмитрий Соколов', 'media-omitted'],
      [4, 'Ольга Петрова', 'text'],
      [5, 'Дмитрий Соколов', 'deleted'],
      // A marked body no table knows: a placeholder of unknown kind, kept with its author.
      [6, 'Ольга Петрова', 'text'],
      [7, 'Дмитрий Соколов', 'text'],
    ])
  })

  it('Arabic iOS (U+200F marks): a location, omitted stickers and "you deleted this message" keep their sender', () => {
    expect(parseFixture('ar-ios-placeholders').analysis.kind).toBe('direct')
    expect(rows('ar-ios-placeholders')).toEqual([
      [1, null, 'system'],
      [2, 'كريم', 'text'],
      [3, 'كريم', 'location'],
      [4, 'سلمى', 'media-omitted'],
      [5, 'كريم', 'deleted'],
      [6, 'سلمى', 'text'],
    ])
  })

  it('Vietnamese iOS: «đã bỏ video», «bỏ qua tệp âm thanh», «đã bỏ sticker», and «xoá» as well as «xóa»', () => {
    expect(rows('vi-ios-placeholders')).toEqual([
      [1, null, 'system'],
      [2, 'Minh', 'text'],
      [3, 'Minh', 'media-omitted'],
      [4, 'Lan', 'media-omitted'],
      [5, 'Minh', 'media-omitted'],
      [6, 'Lan', 'deleted'],
      [7, 'Minh', 'text'],
    ])
  })

  it('Indonesian and Czech iOS deletions and omissions', () => {
    expect(rows('id-ios-placeholders')).toEqual([
      [1, null, 'system'],
      [2, 'Budi', 'text'],
      [3, 'Ayu', 'deleted'],
      [4, 'Budi', 'media-omitted'],
      [5, 'Ayu', 'text'],
    ])
    expect(rows('cs-ios-placeholders')).toEqual([
      [1, null, 'system'],
      [2, 'Jana Dvořáková', 'text'],
      [3, 'Petr Novák', 'deleted'],
      [4, 'Jana Dvořáková', 'media-omitted'],
      [5, 'Petr Novák', 'text'],
    ])
  })

  it('French iOS group: events under the group name stay events in any wording, the actor\'s own event too; placeholders stay with people', () => {
    const {analysis} = parseFixture('fr-ios-group')
    expect(analysis.kind).toBe('group')
    expect(analysis.authors).toEqual(['Hélène', 'Bernard'])
    expect(rows('fr-ios-group')).toEqual([
      [1, null, 'system'],
      // No table knows this wording; the label is the group's (it carried the encryption notice and never wrote).
      [2, null, 'system'],
      [3, 'Hélène', 'text'],
      [4, 'Hélène', 'media-omitted'],
      [5, 'Bernard', 'deleted'],
      // Under the acting member, naming them.
      [6, null, 'system'],
      [7, null, 'system'],
      [8, 'Hélène', 'text'],
      [9, 'Bernard', 'text'],
    ])
  })

  it('the container\'s chat name marks its label as the group\'s, even without a known event under it', () => {
    const text = [
      `[05/03/2024, 10:02:20] Ana: Hola`,
      `[05/03/2024, 10:02:25] Los del coro: ${LRM}Lucía ya forma parte`,
      `[15/03/2024, 10:03:00] Bea: ${LRM}Lucía salió`,
    ].join('\n')
    expect(parseWhatsAppString(text, {chatTitle: 'Los del coro'}).messages.map((m) => m.author)).toEqual(['Ana', null, 'Bea'])
    // Without it, the default keeps the author.
    expect(parseWhatsAppString(text).messages.map((m) => m.author)).toEqual(['Ana', 'Los del coro', 'Bea'])
  })

  it('learns placeholders from the export: a body seen under several people\'s names is a placeholder even under a pseudo-sender', () => {
    const notice = `${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`
    const text = [
      `[05/03/2024, 10:00:00] Zoé: ${notice}`,
      `[05/03/2024, 10:01:00] Ann: ${LRM}ステッカーなし`,
      `[05/03/2024, 10:02:00] Zoé: ${LRM}ステッカーなし`,
      `[05/03/2024, 10:03:00] Zoé: ${LRM}Zut alors`,
      `[15/03/2024, 10:04:00] Ann: ok`,
    ].join('\n')
    // Zoé carried the notice and never wrote: her unknown bodies are events, except the one Ann sent too.
    expect(parseWhatsAppString(text).messages.map((m) => m.author)).toEqual([null, 'Ann', 'Zoé', null, 'Ann'])
  })
})

describe('issue 19 §1: the chat kind', () => {
  it('is never decided from a deletion notice, even one written as an event', () => {
    const text = ['12/03/2024, 10:00 - Ольга: Привет', '12/03/2024, 10:01 - Вы удалили данное сообщение', '13/03/2024, 10:02 - Дима: Пока'].join('\n')
    const {analysis, messages} = parseWhatsAppString(text)
    expect(messages.map((m) => m.system)).toEqual([false, true, false])
    expect(analysis.kind).toBe('direct')
    // A real group event still makes it a group.
    expect(parseWhatsAppString(`${text}\n13/03/2024, 10:03 - Дима удалил(-а) Катя`).analysis.kind).toBe('group')
  })
})

describe('issue 19 §2: only U+200E/U+200F mark an event', () => {
  it('a phone-number sender and a body wrapped in U+202A…U+202C keep their author', () => {
    const {analysis, messages} = parseFixture('pt-BR-ios-phone-sender')
    expect(analysis.authors).toEqual(['+55 11 91234\u20115678', 'Rita'])
    expect(messages.map((m) => [m.author, m.system, m.text])).toEqual([
      ['+55 11 91234\u20115678', false, 'Bom dia, pessoal!'],
      ['Rita', false, 'Bom dia! Tudo certo para sábado?'],
      ['+55 11 91234\u20115678', false, 'Tudo certo, levo o bolo'],
    ])
  })
})

describe('issue 19 §3: names with a quote', () => {
  it('Hebrew abbreviations typed with an ASCII double quote are names; an 80+ character label is a wrong split', () => {
    const {analysis, messages} = parseFixture('he-android-quoted-names')
    expect(analysis.authors).toEqual(['יונתן פרץ נדל"ן', 'ד"ר מיכל אברהם', 'רו"ח דני'])
    expect(messages.map((m) => [m.line, m.author, m.system])).toEqual([
      [1, null, true],
      [2, 'יונתן פרץ נדל"ן', false],
      [3, 'ד"ר מיכל אברהם', false],
      [4, 'רו"ח דני', false],
      [5, null, true],
      [6, 'יונתן פרץ נדל"ן', false],
    ])
  })

  it('an unbalanced quote that opens a quotation is still event wording', () => {
    const text = ['12/03/2024, 10:00 - Ana: hola', '13/03/2024, 10:01 - Ana cambió el asunto a "Coro: ensayos"', '14/03/2024, 10:02 - Ana: bien'].join('\n')
    expect(parseWhatsAppString(text).messages.map((m) => m.author)).toEqual(['Ana', null, 'Ana'])
  })
})

describe('issue 19 §4: formats refused before', () => {
  it('iOS with Japanese era years: Reiwa, and Heisei 31 followed by Reiwa 1, read per header', () => {
    const {analysis, messages} = parseFixture('ja-ios-era')
    expect(analysis.dateOrder).toBe('mdy')
    expect(messages.map((m) => [m.date, m.author, m.kind])).toEqual([
      ['2019-04-28T20:00:20', null, 'system'],
      ['2019-04-28T20:01:05', '鈴木', 'text'],
      ['2019-04-30T23:59:10', '佐藤', 'text'],
      ['2019-05-01T00:00:30', '鈴木', 'text'],
      ['2022-03-27T21:41:35', '佐藤', 'text'],
      ['2022-03-27T21:42:02', '鈴木', 'media-omitted'],
    ])
    expect(parseWhatsAppString('[3/27/R4, 21:41:35] Dmitry S: Hello World\n[1/7/S64, 09:00:00] Ann: Showa').messages.map((m) => m.date)).toEqual([
      '2022-03-27T21:41:35',
      '1989-01-07T09:00:00',
    ])
  })

  it('old Android with month names, in English and French; a date-like body line stays in its message', () => {
    const en = parseFixture('en-android-month-names')
    expect([en.analysis.dateOrder, en.analysis.dateOrderSource]).toEqual(['dmy', 'month-name'])
    expect(en.messages.map((m) => [m.date, m.author, m.kind, m.text])).toEqual([
      ['2014-08-04T11:36:00', 'Priya', 'media-omitted', '<Media omitted>'],
      ['2014-08-04T11:37:00', 'Tom', 'text', 'Is that the beach?'],
      ['2014-08-04T11:40:00', 'Priya', 'text', 'Yes! Back on\n12 Aug 2014 Tuesday'],
      ['2014-09-12T09:05:00', 'Tom', 'text', 'Welcome back'],
    ])
    expect(parseFixture('fr-android-month-names').messages.map((m) => [m.date, m.author])).toEqual([
      ['2014-08-04T11:36:00', 'Léa'],
      ['2014-09-05T08:15:00', 'Marc'],
      ['2014-12-01T19:02:00', 'Léa'],
    ])
  })

  it('dates without a year are refused with their own error, through openWhatsAppExport too', async () => {
    const folder = join(root, 'en-android-no-year')
    const error = await openWhatsAppExport(join(folder, 'WhatsApp Chat with Tom.txt')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('WA_DATES_WITHOUT_YEAR')
    expect((error as UserError).message).toContain('dates have no year')
    expect((error as UserError).suggestions.join(' ')).toContain('Export the chat again')
  })

  it('a header after a byte-order mark in the middle of the file is a message, with a warning that exports were joined', () => {
    const {analysis, messages} = parseFixture('en-ios-joined')
    expect(messages.map((m) => [m.line, m.author, m.text])).toEqual([
      [1, 'Ann', 'First export'],
      [2, 'Bob', 'Hello'],
      [3, 'Ann', 'Second export'],
      [4, 'Bob', 'Still here'],
    ])
    expect(analysis.issues.map((i) => [i.code, i.line])).toEqual([['WA_EXPORTS_JOINED', 3]])
  })

  it('"NAME ‎document omitted" is omitted media', () => {
    expect(rows('en-ios-document-omitted')).toEqual([
      [1, 'Ann', 'text'],
      [2, 'Ann', 'media-omitted'],
      [3, 'Bob', 'media-omitted'],
      [4, 'Bob', 'text'],
    ])
  })
})

// --- The property: a participant's line is never an event unless its body is a known event. ---

/** Participants' labels as exported (the clean author is the label without bidi controls). */
const PEOPLE = ['Ann', 'Bob - Plumber', 'Дмитрий Соколов', 'سلمى', 'יונתן פרץ נדל"ן', '~\u202FZoé', `${LRE}+33 6 12 34 56 78${PDF}`, '佐藤', 'Lan']
const GROUP = 'Chorale du jeudi'

/** Pieces of bodies: marks, colons, words of placeholders and events in several languages, quotes, URLs. */
const piece = fc.oneof(
  fc.constantFrom(
    LRM, RLM, LRE, PDF, ': ', ' ', ':', '"', '“', '«', '<', '>', '(', ')', 'https://maps.google.com/?q=1,2', '.jpg', 'omitted', 'стикер', 'не добавлен', 'удалил',
    'сообщение', 'Вы', 'đã bỏ', 'xoá', 'تم حذف', 'موقع', 'deleted', 'left', 'added', 'created group', 'Ann', 'Zoé', 'a', 'Z', '12', 'WhatsApp', 'Tap', 'message',
  ),
  fc.string({maxLength: 6}).map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ')),
)
const bodyArb = fc.array(piece, {maxLength: 12}).map((parts) => parts.join(''))

/** Whether the parser may read `Label: body` as an event: its body (or the text after a ": " + mark) is a known event. */
function knownEvent(author: string, body: string): boolean {
  if (looksLikeEventBody(body, author)) return true
  const clean = stripBidi(body).trim()
  if (isKnownMarkedEvent(clean, author)) return true
  // A label may itself hold ": " (a group renamed "Club: spring"): the text after a ": " followed by a mark.
  for (let i = body.indexOf(': '); i >= 0; i = body.indexOf(': ', i + 1)) {
    const next = body.charAt(i + 2)
    if (next === LRM || next === RLM) {
      const label = cleanLabel(`${author}: ${body.slice(0, i)}`)
      if (isKnownMarkedEvent(stripBidi(body.slice(i + 2)).trim(), label)) return true
    }
  }
  return false
}

const lineArb = fc.record({who: fc.nat({max: PEOPLE.length - 1}), mark: fc.constantFrom('', LRM, RLM, ` ${LRM}`), body: bodyArb})
const chatArb = fc.record({
  platform: fc.constantFrom('ios', 'android'),
  // Which participants also write an ordinary message somewhere (the others only have the random lines).
  writers: fc.array(fc.boolean(), {minLength: PEOPLE.length, maxLength: PEOPLE.length}),
  lines: fc.array(lineArb, {minLength: 1, maxLength: 20}),
})

describe('issue 19: property', () => {
  it('a participant\'s line is never an event unless its body is a known event (iOS and Android, with a group pseudo-sender present)', () => {
    fc.assert(
      fc.property(chatArb, ({platform, writers, lines}) => {
        const header = (i: number) => (platform === 'ios' ? `[${13 + (i % 15)}/03/2024, 10:${String(i % 60).padStart(2, '0')}:00] ` : `${13 + (i % 15)}/03/2024, 10:${String(i % 60).padStart(2, '0')} - `)
        const out: string[] = [`${header(0)}${GROUP}: ${LRM}Les messages et les appels sont chiffrés de bout en bout. Personne en dehors de cette discussion, pas même WhatsApp, ne peut les lire ou les écouter.`]
        const checks: Array<{index: number; author: string; body: string}> = []
        PEOPLE.forEach((label, who) => {
          if (writers[who]) out.push(`${header(out.length)}${label}: Bonjour`)
        })
        for (const {who, mark, body} of lines) {
          const label = PEOPLE[who]!
          const written = `${mark}${body}`
          checks.push({index: out.length, author: cleanLabel(label), body: written})
          out.push(`${header(out.length)}${label}: ${written}`)
        }
        const {messages} = parseWhatsAppString(out.join(platform === 'ios' ? '\r\n' : '\n'))
        expect(messages.length).toBe(out.length)
        expect(messages[0]!.system).toBe(true)
        for (const {index, author, body} of checks) {
          const m = messages[index]!
          if (m.author !== author) {
            expect(m.system, `${JSON.stringify(body)} under ${author} was read as ${JSON.stringify(m.author)}`).toBe(true)
            expect(knownEvent(author, body), `${JSON.stringify(body)} under ${author} became an event`).toBe(true)
          }
        }
      }),
      {seed: 20261206, numRuns: 1500},
    )
  })
})
