import {describe, expect, it} from 'vitest'

import {UserError} from '../../../src/errors/index.js'
import {analyzeWhatsApp, parseWhatsApp, parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'
import {participantFromLabel} from '../../../src/importers/whatsapp/participants.js'

// Invisible characters, named so the fixtures below stay readable.
const LRM = '\u200E'
const RLM = '\u200F'
const NNBSP = '\u202F'
const NBSP = '\u00A0'
const LRE = '\u202A'
const PDF = '\u202C'

function parse(text: string, options = {}) {
  return parseWhatsAppString(text, options)
}

function summary(text: string, options = {}) {
  return parse(text, options).messages.map((m) => [m.date, m.author, m.text])
}

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}

describe('header formats', () => {
  it('Android en-US 12 h with U+202F before PM', () => {
    const {analysis, messages} = parse(`1/4/23, 7:02${NNBSP}PM - Ann: hi\n1/14/23, 12:05${NNBSP}AM - Bob: late\n1/14/23, 12:30${NNBSP}PM - Ann: noon`)
    expect(messages.map((m) => m.date)).toEqual(['2023-01-04T19:02:00', '2023-01-14T00:05:00', '2023-01-14T12:30:00'])
    expect(analysis.dateOrder).toBe('mdy')
    expect(analysis.dateOrderSource).toBe('above12')
    expect(analysis.format.platform).toBe('android')
    expect(analysis.formatLabel).toContain('12 h')
  })

  it('Android en-IN lowercase am/pm with U+202F', () => {
    expect(summary(`09/10/2023, 11:11${NNBSP}am - Ravi: namaste\n13/10/2023, 1:05${NNBSP}pm - Ravi: ok`)).toEqual([
      ['2023-10-09T11:11:00', 'Ravi', 'namaste'],
      ['2023-10-13T13:05:00', 'Ravi', 'ok'],
    ])
  })

  it('Android en-CA year first with p.m. and en-ZA slashes', () => {
    expect(summary('2023-12-20, 5:46 p.m. - Lee: a\n2023-12-21, 9:00 a.m. - Lee: b')).toEqual([
      ['2023-12-20T17:46:00', 'Lee', 'a'],
      ['2023-12-21T09:00:00', 'Lee', 'b'],
    ])
    const za = parse('2023/12/20, 5:46 pm - Lee: a\n2023/12/21, 9:00 am - Lee: b')
    expect(za.analysis.dateOrder).toBe('ymd')
    expect(za.messages[1]?.date).toBe('2023-12-21T09:00:00')
  })

  it('Android de dots with 2-digit years, cs without comma, nl dashes', () => {
    expect(summary('03.08.21, 12:30 - Jörg: Hallo\n18.08.21, 08:13 - Jörg: Tschüss')[1]).toEqual(['2021-08-18T08:13:00', 'Jörg', 'Tschüss'])
    expect(summary('23.03.22 13:31 - Petr: Ahoj')[0]?.[0]).toBe('2022-03-23T13:31:00')
    expect(summary('23-03-2022 13:31 - Joost: Hoi')[0]?.[0]).toBe('2022-03-23T13:31:00')
  })

  it('French " à " joiner, Finnish " klo " with dotted time', () => {
    expect(summary('26/09/2019 à 22:39 - Zoé: Bonsoir')[0]).toEqual(['2019-09-26T22:39:00', 'Zoé', 'Bonsoir'])
    expect(summary('[12.3.2022 klo 14.08.18] Aino: Moi\n[13.3.2022 klo 9.01.00] Aino: Hei')[1]?.[0]).toBe('2022-03-13T09:01:00')
  })

  it('Spanish "p. m." with a no-break space inside, es-MX two-digit year', () => {
    expect(summary(`20/6/2017 8:28 p.${NBSP}m. - Ana: hola`)[0]?.[0]).toBe('2017-06-20T20:28:00')
    expect(summary(`19/08/26 8:26 a.${NBSP}m. - Ana: hola\n19/08/26 12:10 a.${NBSP}m. - Ana: medianoche`)).toEqual([
      ['2026-08-19T08:26:00', 'Ana', 'hola'],
      ['2026-08-19T00:10:00', 'Ana', 'medianoche'],
    ])
  })

  it('Indonesian dotted time (Android and iOS)', () => {
    expect(summary('30/08/25 18.00 - Budi: halo')[0]?.[0]).toBe('2025-08-30T18:00:00')
    expect(summary('[3/18/22 14.56.01] Budi: halo')[0]?.[0]).toBe('2022-03-18T14:56:01')
  })

  it('iOS en-US 12 h with seconds, iOS en-GB without comma, iOS de 12 h', () => {
    expect(summary('[7/11/2017, 8:20:41 PM] Sam: yo\n[7/13/2017, 8:20:41 AM] Sam: yo')[0]?.[0]).toBe('2017-07-11T20:20:41')
    expect(summary('[31/12/2022 11:40:26] Kate: cheers')[0]?.[0]).toBe('2022-12-31T11:40:26')
    expect(summary('[05.08.23, 5:52:02 PM] Uwe: Na?\n[15.08.23, 5:52:02 AM] Uwe: Ja')[0]?.[0]).toBe('2023-08-05T17:52:02')
  })

  it('iOS zh/ja region year first', () => {
    const {analysis, messages} = parse('[2023/5/4, 16:17:13] 王: 你好\n[2023/5/14, 16:17:13] 李: 好')
    expect(analysis.dateOrder).toBe('ymd')
    expect(messages[0]?.date).toBe('2023-05-04T16:17:13')
  })

  it('AM/PM word before the time: Korean, Japanese, Chinese', () => {
    expect(summary('2024. 1. 15. 오전 9:30 - 민수: 안녕\n2024. 1. 15. 오후 12:30 - 민수: 점심')).toEqual([
      ['2024-01-15T09:30:00', '민수', '안녕'],
      ['2024-01-15T12:30:00', '민수', '점심'],
    ])
    expect(summary('2024/1/15 午前9:30 - 花子: おはよう\n2024/1/15 午後3:30 - 花子: こんにちは')[1]?.[0]).toBe('2024-01-15T15:30:00')
    expect(summary('2024/1/15 上午9:30 - 小明: 早\n2024/1/15 下午3:30 - 小明: 好')[1]?.[0]).toBe('2024-01-15T15:30:00')
  })

  it('time-first headers (iOS Vietnamese)', () => {
    const {analysis, messages} = parse('[14:56:01, 3/18/22] Lan: Xin chào\n[09:00:00, 3/19/22] Lan: Chào buổi sáng')
    expect(analysis.format.timeFirst).toBe(true)
    expect(messages.map((m) => m.date)).toEqual(['2022-03-18T14:56:01', '2022-03-19T09:00:00'])
  })

  it('Buddhist era years (" BE") become Gregorian', () => {
    expect(summary('[3/18/2565 BE, 14:56:01] Somchai: สวัสดี')[0]?.[0]).toBe('2022-03-18T14:56:01')
  })

  it('Arabic-Indic digits, U+200F after day and month, Arabic comma, NBSP before م', () => {
    const line = `[١٨${RLM}/٣${RLM}/٢٠٢٢، ٢:٥٦:٠٠${NBSP}م] ${LRE}+966 50 000 0000${PDF}: مرحبا`
    const {messages} = parse(line)
    expect(messages[0]).toMatchObject({date: '2022-03-18T14:56:00', author: '+966 50 000 0000', text: 'مرحبا'})
    expect(summary(`[${RLM}18${RLM}/3${RLM}/2022، 14:56:01] سارة: أهلا`)[0]?.[0]).toBe('2022-03-18T14:56:01')
  })

  it('Persian digits and ص (AM)', () => {
    expect(summary(`۱۸/۳/۲۰۲۲، ۹:۰۵${NBSP}ص - علی: سلام`)[0]?.[0]).toBe('2022-03-18T09:05:00')
  })

  it('legacy "DATE TIME: Sender: text"', () => {
    expect(summary('09/12/2012 17:03:48: Kim: old times\n24/3/14, 13:59:59: Kim: older').length).toBe(1)
    expect(summary('24/3/14, 13:59:59: Kim: a\n25/3/14, 14:00:00: Lou: b: c')).toEqual([
      ['2014-03-24T13:59:59', 'Kim', 'a'],
      ['2014-03-25T14:00:00', 'Lou', 'b: c'],
    ])
  })

  it('odd shapes: year in the middle, dotted month-first, no closer, dotted legacy', () => {
    expect(summary('[06/2018/13, 21:25:15] a: m')[0]?.[0]).toBe('2018-06-13T21:25:15')
    expect(summary('[06.13.18 21:25:15] a: m')[0]?.[0]).toBe('2018-06-13T21:25:15')
    expect(summary('13. 6. 2018. 21:25:15 a: m\n14. 6. 2018. 21:25:16 b: n')).toEqual([
      ['2018-06-13T21:25:15', 'a', 'm'],
      ['2018-06-14T21:25:16', 'b', 'n'],
    ])
    expect(summary('13.06.18 21.25.15: a: m')[0]).toEqual(['2018-06-13T21:25:15', 'a', 'm'])
  })

  it('bidi marks around the header and the name are removed, ZWJ emoji kept', () => {
    const {messages} = parse(`${LRM}[18/03/2022, 14:56:01] ${LRM}Mum 👨‍👩‍👧‍👦${LRM}: family 🏳️‍🌈${LRM}`)
    expect(messages[0]).toMatchObject({author: 'Mum 👨‍👩‍👧‍👦', text: 'family 🏳️‍🌈'})
  })
})

describe('date order', () => {
  it('finds the proof far into the file (first day above 12 after weeks of messages)', () => {
    const lines: string[] = []
    for (let d = 1; d <= 12; d++) for (let i = 0; i < 50; i++) lines.push(`0${d}`.slice(-2) + `/02/2024, 10:${`0${i}`.slice(-2)} - Ann: m${d}-${i}`)
    lines.push('13/02/2024, 10:00 - Ann: proof')
    const {analysis, messages} = parse(lines.join('\n'))
    expect(analysis.dateOrder).toBe('dmy')
    expect(analysis.dateOrderSource).toBe('above12')
    expect(messages[0]?.date).toBe('2024-02-01T10:00:00')
  })

  it('uses chronology by majority, despite an out-of-order first line', () => {
    // The encryption notice is stamped later than the messages after it (real Android behaviour).
    const text = [
      '03/05/2024, 09:00 - Messages and calls are end-to-end encrypted.',
      '02/01/2024, 10:00 - Ann: a',
      '03/01/2024, 10:00 - Ann: b',
      '04/02/2024, 10:00 - Ann: c',
      '05/03/2024, 10:00 - Ann: d',
    ].join('\n')
    // As m/d: Mar 5, Feb 1, Mar 1, Apr 2, May 3 (one jump back). As d/m: May 3, Jan 2, Jan 3, Feb 4, Mar 5 (one jump back).
    // Tie on chronology → frequency: the first component changes every line, so it is the day.
    const {analysis} = parse(text)
    expect(analysis.dateOrder).toBe('dmy')
    const mdy = parse(['02/01/2024, 10:00 - A: a', '03/01/2024, 10:00 - A: b', '04/02/2024, 10:00 - A: c', '01/03/2024, 10:00 - A: d', '02/04/2024, 10:00 - A: e'].join('\n'))
    // d/m: Jan 2, Jan 3, Feb 4, Mar 1, Apr 2 → chronological; m/d: Feb 1, Mar 1, Apr 2, Jan 3, Feb 4 → backwards.
    expect(mdy.analysis.dateOrder).toBe('dmy')
    expect(mdy.analysis.dateOrderSource).toBe('chronology')
  })

  it('month-first by chronology', () => {
    const {analysis} = parse(['01/02/2024, 10:00 - A: a', '01/03/2024, 10:00 - A: b', '02/01/2024, 10:00 - A: c', '03/01/2024, 10:00 - A: d'].join('\n'))
    // m/d: Jan 2, Jan 3, Feb 1, Mar 1 → forward; d/m: Feb 1, Mar 1, Jan 2, Jan 3 → backwards.
    expect(analysis.dateOrder).toBe('mdy')
    expect(analysis.dateOrderSource).toBe('chronology')
  })

  it('undecidable: day first with a warning naming --date-order', () => {
    const {analysis, messages} = parse('05/06/2024, 10:00 - A: a')
    expect(analysis.dateOrder).toBe('dmy')
    expect(analysis.dateOrderSource).toBe('assumed')
    const issue = analysis.issues.find((i) => i.code === 'WA_DATE_ORDER_ASSUMED')
    expect(issue?.severity).toBe('warning')
    expect(issue?.message).toContain('--date-order')
    expect(messages[0]?.date).toBe('2024-06-05T10:00:00')
  })

  it('the option overrides the inference', () => {
    const {analysis, messages} = parse('05/06/2024, 10:00 - A: a', {dateOrder: 'mdy'})
    expect(analysis.dateOrderSource).toBe('option')
    expect(analysis.issues).toEqual([])
    expect(messages[0]?.date).toBe('2024-05-06T10:00:00')
  })

  it('does not depend on the machine time zone (no DST shift at 02:30)', () => {
    expect(summary('31/03/2024, 02:30 - A: in the Berlin DST gap')[0]?.[0]).toBe('2024-03-31T02:30:00')
  })
})

describe('multi-line messages', () => {
  it('keeps date-like and other-format lines inside the message, with blank lines', () => {
    const text = [
      '18/03/2022, 14:56 - Ann: schedule:',
      '2016-04-29 10:30:00',
      '[4/6/24, 9:00:00 AM] Bob: quoted from iOS',
      '',
      '13.06.',
      '19/03/2022 14:56 - Ann: no comma: other shape',
      '18/03/2022, 14:57 - Bob: next',
    ].join('\n')
    const {messages} = parse(text)
    expect(messages).toHaveLength(2)
    expect(messages[0]?.text).toBe('schedule:\n2016-04-29 10:30:00\n[4/6/24, 9:00:00 AM] Bob: quoted from iOS\n\n13.06.\n19/03/2022 14:56 - Ann: no comma: other shape')
    expect(messages[1]?.line).toBe(7)
  })

  it('a header-shaped line with an impossible date continues the message', () => {
    const {messages} = parse('18/03/2022, 14:56 - Ann: a\n45/03/2022, 14:56 - Ann: not a date\n18/03/2022, 25:56 - Ann: not a time')
    expect(messages).toHaveLength(1)
  })

  it('handles CRLF, a BOM, no final newline, and chunks splitting lines', async () => {
    const text = `\uFEFF[18/03/2022, 14:56:01] Ann: one\r\ntwo\r\n[18/03/2022, 14:57:01] Bob: three`
    const {messages} = parse(text)
    expect(messages.map((m) => m.text)).toEqual(['one\ntwo', 'three'])
    for (const size of [1, 2, 3, 7, 64]) {
      const analysis = await analyzeWhatsApp(chunksOf(text, size))
      const streamed = []
      for await (const m of parseWhatsApp(chunksOf(text, size), analysis)) streamed.push(m)
      expect(streamed).toEqual(messages)
    }
  })

  it('lone CR line endings', () => {
    expect(summary('18/03/2022, 14:56 - Ann: a\rb\r18/03/2022, 14:57 - Bob: c').map((m) => m[2])).toEqual(['a\nb', 'c'])
  })

  it('empty body gives ""', () => {
    expect(summary('[18/03/2022, 14:56:01] Ann:\n[18/03/2022, 14:57:01] Bob: ok')[0]).toEqual(['2022-03-18T14:56:01', 'Ann', ''])
  })

  it('keeps " - " inside names, "~ Name", emoji names and phone numbers', () => {
    const text = [
      '18/03/2022, 14:56 - Ana - Plumber: hi',
      `18/03/2022, 14:57 - ~${NNBSP}Léa: salut`,
      `18/03/2022, 14:58 - ${LRE}+33 6 12 34 56 78${PDF}: allo`,
      '18/03/2022, 14:59 - 🌻 Mamie 🌻: bisous',
    ].join('\n')
    expect(parse(text).analysis.authors).toEqual(['Ana - Plumber', `~${NNBSP}Léa`, '+33 6 12 34 56 78', '🌻 Mamie 🌻'])
  })
})

describe('system events', () => {
  it('Android events have no sender, and may contain ": "', () => {
    const text = [
      '18/03/2022, 14:56 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '18/03/2022, 14:57 - Ann added you to a group in the community: Neighbours',
      '18/03/2022, 14:58 - Ann changed the subject from "Plans: 2022" to "Plans: 2023"',
      '18/03/2022, 14:59 - Bob: hello: there',
    ].join('\n')
    const {analysis, messages} = parse(text)
    expect(messages.map((m) => [m.author, m.system, m.kind])).toEqual([
      [null, true, 'system'],
      [null, true, 'system'],
      [null, true, 'system'],
      ['Bob', false, 'text'],
    ])
    expect(messages[1]?.text).toBe('Ann added you to a group in the community: Neighbours')
    expect(analysis.kind).toBe('group')
    expect(analysis.titleHint).toBe('Plans: 2023')
    expect(analysis.authors).toEqual(['Bob'])
  })

  it('iOS pseudo-sender events (group name or actor followed by U+200E) are events', () => {
    const text = [
      `[18/03/2022, 14:56:01] Cousins: ${LRM}Messages and calls are end-to-end encrypted.`,
      `[18/03/2022, 14:56:02] Ann: ${LRM}Ann created group “Cousins”`,
      `[18/03/2022, 14:56:03] Ann: ${LRM}Ann added Bob`,
      '[18/03/2022, 14:57:01] Bob: hi',
      `${LRM}[18/03/2022, 14:58:01] Bob: ${LRM}image omitted`,
      '[18/03/2022, 14:59:01] Ann: hello',
    ].join('\r\n')
    const {analysis, messages} = parse(text)
    expect(messages.map((m) => m.author)).toEqual([null, null, null, 'Bob', 'Bob', 'Ann'])
    expect(messages[1]?.text).toBe('Ann created group “Cousins”')
    expect(messages[4]?.kind).toBe('media-omitted')
    expect(analysis.kind).toBe('group')
    expect(analysis.titleHint).toBe('Cousins')
  })

  it('RTL iOS: U+200F marks events and placeholders', () => {
    const text = [`[18/03/2022, 14:56:01] العائلة: ${RLM}الرسائل والمكالمات مشفرة تماماً`, `[18/03/2022, 14:57:01] سارة: ${RLM}<المُرفق: 00000001-PHOTO-2022-03-18-14-57-01.jpg>`].join('\n')
    const {messages} = parse(text)
    expect(messages[0]?.system).toBe(true)
    expect(messages[1]).toMatchObject({author: 'سارة', kind: 'media', attachment: {name: '00000001-PHOTO-2022-03-18-14-57-01.jpg', mediaType: 'image/jpeg'}})
  })

  it('direct chat: two authors and the iOS 1:1 encryption notice under the contact name', () => {
    const {analysis} = parse([`[18/03/2022, 14:56:01] Mum: ${LRM}Messages and calls are end-to-end encrypted.`, '[18/03/2022, 14:57:01] Mum: hi', '[18/03/2022, 14:58:01] Me: hi Mum'].join('\n'))
    expect(analysis.kind).toBe('direct')
    expect(analysis.titleHint).toBeNull()
    expect(analysis.authors).toEqual(['Mum', 'Me'])
  })

  it('French and German group events set the title', () => {
    expect(parse('26/09/2019 22:39 - Jean a créé le groupe « Famille »\n26/09/2019 22:40 - Jean: Salut').analysis.titleHint).toBe('Famille')
    expect(parse('26.09.19, 22:39 - Jörg hat die Gruppe „Familie“ erstellt.\n26.09.19, 22:40 - Jörg: Hallo').analysis).toMatchObject({titleHint: 'Familie', kind: 'group'})
  })

  it('Android 2025 pseudo-sender: an event sentence after a label is an event', () => {
    const {messages} = parse(
      [
        '18/03/2022, 14:55 - Famille: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
        '18/03/2022, 14:56 - Ann: Ann created group "Famille"',
        '18/03/2022, 14:57 - Ann: Ann left',
        '18/03/2022, 14:58 - Bob: I left early',
        '18/03/2022, 14:59 - Bob: Mum said Dad changed the group name',
      ].join('\n'),
    )
    expect(messages.map((m) => m.system)).toEqual([true, true, true, false, false])
    expect(messages[1]).toMatchObject({author: null, text: 'Ann created group "Famille"'})
  })
})

describe('placeholders and attachments', () => {
  it('Android placeholders in a participant slot', () => {
    const text = [
      '18/03/2022, 14:50 - Ann: <Media omitted>',
      '18/03/2022, 14:51 - Ann: <Médias omis>',
      '18/03/2022, 14:52 - Ann: This message was deleted',
      '18/03/2022, 14:53 - Ann: See you soon <This message was edited>',
      '18/03/2022, 14:54 - Ann: null',
      '18/03/2022, 14:55 - Ann: Missed voice call',
      '18/03/2022, 14:56 - Ann: POLL:\nLunch?\nOPTION: Pizza (2 votes)\nOPTION: Sushi (1 vote)',
      '18/03/2022, 14:57 - Ann: location: https://maps.google.com/?q=48.85,2.35',
      '18/03/2022, 14:58 - Ann: live location shared',
      '18/03/2022, 14:59 - Ann: Elle est absente aujourd’hui',
    ].join('\n')
    const {messages} = parse(text)
    expect(messages.map((m) => m.kind)).toEqual(['media-omitted', 'media-omitted', 'deleted', 'edited', 'view-once', 'call', 'poll', 'location', 'live-location', 'text'])
    expect(messages.every((m) => m.author === 'Ann' && !m.system && m.attachment === null)).toBe(true)
    expect(messages[3]?.text).toBe('See you soon <This message was edited>')
  })

  it('iOS placeholders with U+200E', () => {
    const text = [
      `${LRM}[18/03/2022, 14:50:00] Ann: ${LRM}image omitted`,
      `${LRM}[18/03/2022, 14:51:00] Ann: ${LRM}Bild weggelassen`,
      `${LRM}[18/03/2022, 14:52:00] Ann: ${LRM}This message was deleted.`,
      `[18/03/2022, 14:53:00] Ann: Bis dann ${LRM}<Diese Nachricht wurde bearbeitet>`,
      `${LRM}[18/03/2022, 14:54:00] Ann: ${LRM}Missed voice call. ${LRM}Click to call back`,
      `${LRM}[18/03/2022, 14:55:00] Ann: ${LRM}Location: https://maps.google.com/?q=48.85,2.35`,
      `${LRM}[18/03/2022, 14:56:00] Ann: ${LRM}Report.pdf • ${LRM}2 pages document omitted`,
    ].join('\r\n')
    expect(parse(text).messages.map((m) => [m.author, m.kind])).toEqual([
      ['Ann', 'media-omitted'],
      ['Ann', 'media-omitted'],
      ['Ann', 'deleted'],
      ['Ann', 'edited'],
      ['Ann', 'call'],
      ['Ann', 'location'],
      ['Ann', 'media-omitted'],
    ])
  })

  it('Android attachments in several languages, names with spaces, dots and accents', () => {
    const text = [
      '18/03/2022, 14:50 - Ann: IMG-20220318-WA0001.jpg (file attached)\ncaption line',
      '18/03/2022, 14:51 - Ann: Mes notes v2.final.pdf (fichier joint)',
      '18/03/2022, 14:52 - Ann: PTT-20250318-WA0002.opus (Datei angehängt)',
      '18/03/2022, 14:53 - Ann: Presupuesto año.xlsx (archivo adjunto)',
      `18/03/2022, 14:54 - Ann: ${LRM}Иван.vcf (файл добавлен)`,
      '18/03/2022, 14:55 - Ann: see (this)',
    ].join('\n')
    const {messages} = parse(text)
    expect(messages.map((m) => m.attachment?.name ?? null)).toEqual(['IMG-20220318-WA0001.jpg', 'Mes notes v2.final.pdf', 'PTT-20250318-WA0002.opus', 'Presupuesto año.xlsx', 'Иван.vcf', null])
    expect(messages.map((m) => m.kind)).toEqual(['media', 'media', 'media', 'media', 'contact', 'text'])
    expect(messages[0]?.text).toBe('IMG-20220318-WA0001.jpg (file attached)\ncaption line')
    expect(messages[2]?.attachment).toEqual({name: 'PTT-20250318-WA0002.opus', mediaType: 'audio/ogg', size: null, sha256: null, storedPath: null})
  })

  it('iOS attachments with any label, documents with page counts, Turkish and old forms', () => {
    const text = [
      `${LRM}[18/03/2022, 14:50:00] Ann: ${LRM}<attached: 00000012-PHOTO-2022-03-18-14-50-00.jpg>`,
      `${LRM}[18/03/2022, 14:51:00] Ann: ${LRM}<pièce jointe : 00000013-AUDIO-2022-03-18-14-51-00.opus>`,
      `${LRM}[18/03/2022, 14:52:00] Ann: ${LRM}<Anhang: 00000014-VIDEO-2022-03-18-14-52-00.mp4>`,
      `${LRM}[18/03/2022, 14:53:00] Ann: Report.pdf • ${LRM}2 pages ${LRM}<attached: 00000047-Report.pdf>`,
      `${LRM}[18/03/2022, 14:54:00] Ann: ${LRM}<00000015-PHOTO-2022-03-18-14-54-00.jpg eklendi>`,
      `[18/03/2022, 14:55:00] Ann: 2015-08-04-PHOTO-00004762.jpg <${LRM}attached>`,
    ].join('\r\n')
    const {messages} = parse(text)
    expect(messages.map((m) => m.attachment?.name)).toEqual([
      '00000012-PHOTO-2022-03-18-14-50-00.jpg',
      '00000013-AUDIO-2022-03-18-14-51-00.opus',
      '00000014-VIDEO-2022-03-18-14-52-00.mp4',
      '00000047-Report.pdf',
      '00000015-PHOTO-2022-03-18-14-54-00.jpg',
      '2015-08-04-PHOTO-00004762.jpg',
    ])
    expect(messages[3]?.text).toBe('Report.pdf • 2 pages <attached: 00000047-Report.pdf>')
    expect(messages.every((m) => m.author === 'Ann' && m.kind === 'media')).toBe(true)
  })

  it('hasFile confirms names: unknown labels count when listed, missing files are reported', () => {
    const files = new Set(['IMG-1.jpg', 'Notes.txt'])
    const text = ['18/03/2022, 14:50 - Ann: IMG-1.jpg (file attached)', '18/03/2022, 14:51 - Ann: Notes.txt (pièce jointe inconnue)', '18/03/2022, 14:52 - Ann: IMG-2.jpg (file attached)'].join('\n')
    const {analysis, messages} = parse(text, {hasFile: (n: string) => files.has(n), fileName: 'WhatsApp Chat with Ann.txt'})
    expect(messages.map((m) => [m.attachment?.name ?? null, m.kind])).toEqual([
      ['IMG-1.jpg', 'media'],
      ['Notes.txt', 'media'],
      [null, 'media-omitted'],
    ])
    expect(analysis.issues).toEqual([expect.objectContaining({code: 'WA_ATTACHMENT_MISSING', line: 3, file: 'WhatsApp Chat with Ann.txt'})])
  })
})

describe('not an export', () => {
  for (const [name, text] of [
    ['empty', ''],
    ['blank lines', '\n\n  \n'],
    ['random text', 'Dear Sir,\nplease find attached the invoice.\nRegards'],
    ['a PDF read as text', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>'],
    ['a CSV with dates', 'date,amount\n2024-01-02,3\n2024-01-03,4'],
  ] as const) {
    it(`throws WA_NOT_AN_EXPORT for ${name}`, () => {
      let error: unknown
      try {
        parse(text, {fileName: 'notes.txt'})
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).code).toBe('WA_NOT_AN_EXPORT')
      expect((error as UserError).message).toContain('notes.txt')
    })
  }

  it('bounds the author list of a damaged file and says so', () => {
    const text = Array.from({length: 5003}, (_, i) => `18/03/2022, 14:56 - Person ${i}: hi`).join('\n')
    const {analysis, messages} = parse(text)
    expect(messages).toHaveLength(5003)
    expect(analysis.authors).toHaveLength(5000)
    expect(analysis.issues.map((i) => i.code)).toContain('WA_TOO_MANY_AUTHORS')
  })

  it('skips and reports text before the first message', () => {
    const {analysis, messages} = parse('Chat history\n18/03/2022, 14:50 - Ann: hi')
    expect(messages).toHaveLength(1)
    expect(analysis.issues.map((i) => i.code)).toContain('WA_TEXT_BEFORE_FIRST_MESSAGE')
  })
})

describe('participantFromLabel', () => {
  it('gives E.164 for +-prefixed numbers with NBSP, U+2011, parentheses and bidi wrappers', () => {
    expect(participantFromLabel(`${LRE}+33${NBSP}6 12 34 56 78${PDF}`)).toEqual({name: `+33${NBSP}6 12 34 56 78`, phone: '+33612345678'})
    expect(participantFromLabel('+1 (555) 010\u20110000').phone).toBe('+15550100000')
    expect(participantFromLabel('+7 900 000-00-00').phone).toBe('+79000000000')
  })

  it('gives no phone for names, "~ Name" and numbers without +', () => {
    expect(participantFromLabel('~ Léa')).toEqual({name: '~ Léa', phone: null})
    expect(participantFromLabel('06 12 34 56 78').phone).toBeNull()
    expect(participantFromLabel('Ana +1').phone).toBeNull()
  })
})

describe('parseWhatsApp stream', () => {
  const text = Array.from({length: 600}, (_, i) => `18/03/2022, 14:${`${i % 60}`.padStart(2, '0')} - Ann: message ${i}`).join('\n')

  it('yields every message across batches and chunks, then is done', async () => {
    const analysis = await analyzeWhatsApp(chunksOf(text, 1000))
    const it = parseWhatsApp(chunksOf(text, 1000), analysis)
    const texts: string[] = []
    for await (const m of it) texts.push(m.text)
    expect(texts).toHaveLength(600)
    expect(texts[599]).toBe('message 599')
    expect(await it.next()).toEqual({value: undefined, done: true})
  })

  it('serves concurrent next() calls in order', async () => {
    const analysis = await analyzeWhatsApp(chunksOf(text, 1000))
    const it = parseWhatsApp(chunksOf(text, 1000), analysis)
    const results = await Promise.all([it.next(), it.next(), it.next()])
    expect(results.map((r) => r.value?.text)).toEqual(['message 0', 'message 1', 'message 2'])
  })

  it('releases the chunk source when the consumer stops early', async () => {
    let released = false
    async function* source(): AsyncGenerator<string> {
      try {
        yield* chunksOf(text, 100)
      } finally {
        released = true
      }
    }
    const analysis = await analyzeWhatsApp(chunksOf(text, 1000))
    for await (const m of parseWhatsApp(source(), analysis)) {
      if (m.text === 'message 3') break
    }
    expect(released).toBe(true)
  })

  it('passes the chunk source error on', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield text.slice(0, 500)
      throw new Error('disk gone')
    }
    const analysis = await analyzeWhatsApp(chunksOf(text, 1000))
    await expect(async () => {
      for await (const _ of parseWhatsApp(failing(), analysis)) void _
    }).rejects.toThrow('disk gone')
  })
})
