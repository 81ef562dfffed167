import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {getRoster} from '../../src/xmpp/roster.js'
import {loginAccount, xml} from '../../src/xmpp/index.js'
import {xmlSafe} from '../../src/xmpp/xml.js'
import {useTestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// Issue 14 item 3: a chat title or a member's name holding a character XML forbids (ESC, other C0
// controls) made Prosody close the stream ("not well-formed"). Every byte the session writes now
// goes through xmlSafe (src/xmpp/xml.ts).

/** Characters chat data can hold: every C0 and C1 control, bidi marks, unpaired surrogates, ordinary text. */
const hostileChar = fc.oneof(
  fc.integer({min: 0, max: 0x1f}).map((c) => String.fromCharCode(c)),
  fc.integer({min: 0x7f, max: 0x9f}).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\u061C', '\uFEFF', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00', '😀', 'é', '&', '<', '"', "'", ']]>', 'a', ' '),
)
const hostileText = fc.string({unit: hostileChar, minLength: 1, maxLength: 24})

// XML 1.0 §2.2 Char, for code units: what a document may hold.
const XML_CHAR = /^(?:[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/

describe('xmlSafe', () => {
  it('leaves only characters XML allows, keeps every allowed one, and is idempotent', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const safe = xmlSafe(text)
        expect(safe).toMatch(XML_CHAR)
        expect(xmlSafe(safe)).toBe(safe)
        if (XML_CHAR.test(text)) expect(safe).toBe(text)
      }),
      {seed: 14, numRuns: 2000},
    )
  })
})

describe('a session sending text XML forbids', () => {
  const server = useTestServer()

  it('stays connected, and the server stores the text with the forbidden characters replaced', async () => {
    const s = server()
    const name = uniqueName('ctl')
    await s.createAccount(name, 'pw-ctl-1')
    const session = await loginAccount(settingsFor(s, name), 'pw-ctl-1')
    try {
      const names = ['Famille \u001B[2J\u001B]0;titre\u0007', 'Tout\u0000\u0001\u0008\u000B\u000C\u001F', ...fc.sample(hostileText, {seed: 14, numRuns: 30})]
      for (const [index, text] of names.entries()) {
        const jid = `friend${index}@${s.domain}`
        await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: 'jabber:iq:roster'}, xml('item', {jid, name: text}, xml('group', {}, text)))))
        await session.send(xml('message', {to: `${name}@${s.domain}`, type: 'chat'}, xml('body', {}, text)))
      }
      // Still the same stream: a round trip works.
      await session.iq(xml('iq', {type: 'get', to: s.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
      const roster = await getRoster(session)
      for (const [index, text] of names.entries()) {
        const item = roster.find((i) => i.jid === `friend${index}@${s.domain}`)
        expect(item, `roster item ${index}`).toBeDefined()
        expect(item!.name).toMatch(XML_CHAR)
        expect(item!.name).not.toMatch(/[\u0000-\u0008\u001B]/)
      }
      expect(roster.find((i) => i.jid === `friend0@${s.domain}`)?.name).toBe(xmlSafe(names[0]!).trim())
    } finally {
      await session.close()
    }
  })
})
