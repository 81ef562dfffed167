import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {escapeHtml} from '../../src/ui/html.js'
import {contactFolderName} from '../../src/invitations/kit-files.js'
import {primaryLink, renderContactPage, renderIndex, renderMessage} from '../../src/invitations/kit-pages.js'
import {kitLanguage} from '../../src/invitations/kit-texts.js'
import type {ContactInvitation} from '../../src/invitations/types.js'

function invitation(overrides: Partial<ContactInvitation> = {}): ContactInvitation {
  return {
    contactId: 4,
    name: 'Élodie',
    jid: null,
    language: 'fr',
    status: 'invited',
    wayIn: 'link-creates-account',
    server: 'example.test',
    registrationUrl: null,
    suggestedUsername: 'elodie',
    linkKind: 'contact-invite',
    uri: 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y',
    contactUri: null,
    webUrl: 'https://example.test/invite/AbCdEfGhIjKlMnOpQrStUvWx',
    expires: '2026-12-03T04:33:09.000Z',
    rooms: [{name: 'Famille Dupont', address: 'famille@conference.example.test', joinUri: 'xmpp:famille@conference.example.test?join', qr: null}],
    files: {page: '4-elodie/invitation.html', message: '4-elodie/message.txt', png: '4-elodie/qr.png', svg: '4-elodie/qr.svg'},
    roster: null,
    ...overrides,
  }
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>'

describe('contact page', () => {
  it('French: greeting, inviter, groups, three steps with the apps, failure help, expiry', () => {
    const page = renderContactPage(invitation(), 'Claire', SVG)
    expect(page).toContain('<html lang="fr">')
    expect(page).toContain('Bonjour Élodie,')
    // A relative: "tu" unless the organizer said "vous" (issue 13).
    expect(page).toContain('Claire t’invite')
    expect(renderContactPage(invitation({tone: 'vous'}), 'Claire', SVG)).toContain('Claire vous invite')
    expect(page).toContain('<li>Famille Dupont</li>')
    for (const app of ['Conversations', 'F-Droid', 'Monal', 'Gajim', 'Dino']) expect(page).toContain(app)
    expect(page).toContain('Si cela ne marche pas')
    // Local time with the zone named (vitest.config.ts pins TZ to Pacific/Chatham, UTC+13:45).
    expect(page).toContain('valable jusqu’au 3 décembre 2026 à 18:18 UTC+13:45')
    expect(page).toContain(SVG)
  })

  it('English, plain link without expiry', () => {
    const page = renderContactPage(invitation({language: 'en', status: 'no-jid', wayIn: 'register-in-app', linkKind: 'roster', uri: 'xmpp:claire@example.test?roster', webUrl: null, expires: null, rooms: []}), 'Claire', SVG)
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Hello Élodie,')
    expect(page).toContain('This link does not expire.')
    expect(page).not.toContain('web-link')
    expect(page).toContain('href="xmpp:claire@example.test?roster"')
    // No server invitation: the link cannot create the account, the page says to make one first.
    expect(page).toContain('In the app, create your account on the server example.test. As the name, type: elodie.')
    expect(renderContactPage(invitation(), 'Claire', SVG)).toContain('elle crée ton compte sur example.test. Comme nom, tape\u202F: elodie.')
    expect(renderContactPage(invitation({tone: 'vous'}), 'Claire', SVG)).toContain('elle crée votre compte sur example.test. Comme nom, tapez\u202F: elodie.')
  })

  it('self-contained: no script, no external resource, a CSP forbidding any', () => {
    const page = renderContactPage(invitation(), 'Claire', SVG)
    expect(page).not.toMatch(/<script|<link |src=|@import|url\(/i)
    expect(page).toContain("default-src 'none'")
  })

  it('any name, inviter or group shows as text (no markup gets through)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.constantFrom('fr' as const, 'en' as const), (name, inviter, group, language) => {
        const page = renderContactPage(invitation({name, language, rooms: [{name: group, address: null, joinUri: null, qr: null}]}), inviter, SVG)
        const index = renderIndex([invitation({name, language})], language, inviter)
        for (const html of [page, index]) {
          // The only tags are the template's: every < comes from it.
          const tags = html.match(/<\/?[a-zA-Z][^>]*>/g) ?? []
          expect(tags.some((t) => /^<\/?(script|iframe|img|object)/i.test(t))).toBe(false)
          if (name.length > 0) expect(html).toContain(escapeHtml(name))
        }
      }),
      {seed: 66, numRuns: 200},
    )
  })

  it('a contact called <script> is shown as text', () => {
    const page = renderContactPage(invitation({name: '<script>alert(1)</script>'}), 'Claire "<b>"', SVG)
    expect(page).toContain('Bonjour &lt;script&gt;alert(1)&lt;/script&gt;,')
    expect(page).toContain('Claire &quot;&lt;b&gt;&quot; t’invite')
    expect(page).not.toContain('<script>')
  })
})

describe('message and index', () => {
  it('message.txt holds the web link, groups and expiry in the contact\'s language', () => {
    const fr = renderMessage(invitation(), 'Claire')
    expect(fr).toContain('https://example.test/invite/AbCdEfGhIjKlMnOpQrStUvWx\n')
    expect(fr).toContain('(groupes\u202F: Famille Dupont)')
    expect(fr).toContain('Valable jusqu’au 3 décembre 2026 à 18:18 UTC+13:45.')
    expect(fr).toContain('Installe Conversations')
    expect(renderMessage(invitation({tone: 'vous'}), 'Claire')).toContain('Installez Conversations')
    const en = renderMessage(invitation({language: 'en', webUrl: null}), 'Claire')
    expect(en).toContain('xmpp:claire@example.test?roster;preauth=')
    expect(en).toContain('Valid until 3 December 2026 at 18:18 GMT+13:45.')
  })

  it('index lists everyone with status, link and page', () => {
    const html = renderIndex([invitation(), invitation({contactId: 5, name: 'Bruno', jid: 'bruno@example.test', status: 'has-account', wayIn: 'has-account', linkKind: 'roster', uri: 'xmpp:claire@example.test?roster', webUrl: null, expires: null, files: {page: '5-bruno/invitation.html', message: '', png: '', svg: ''}})], 'en', 'Claire')
    expect(html).toContain('<td>the link creates their account here</td>')
    expect(html).toContain('<td>has an account: added to contacts and rooms</td>')
    expect(html).toContain('href="5-bruno/invitation.html"')
    expect(html).toContain('bruno@example.test')
  })

  it('primary link is the web link when there is one', () => {
    expect(primaryLink(invitation())).toBe('https://example.test/invite/AbCdEfGhIjKlMnOpQrStUvWx')
    expect(primaryLink(invitation({webUrl: null}))).toBe(invitation().uri)
  })
})

describe('choices', () => {
  it('language: the contact\'s, else --lang, else the workspace\'s, else the console\'s', () => {
    expect(kitLanguage('fr', 'en', 'en')).toBe('fr')
    expect(kitLanguage(null, 'fr', 'en')).toBe('fr')
    expect(kitLanguage(null, undefined, 'fr')).toBe('fr')
    expect(kitLanguage(null, undefined, null)).toBe('en')
  })

  it('folder names: id and ASCII slug', () => {
    expect(contactFolderName(4, 'Élodie Dupont-Martin')).toBe('4-elodie-dupont-martin')
    expect(contactFolderName(9, '<script>')).toBe('9-script')
    expect(contactFolderName(3, '🙂')).toBe('3-contact')
    expect(contactFolderName(12, '../../etc')).toBe('12-etc')
  })
})
