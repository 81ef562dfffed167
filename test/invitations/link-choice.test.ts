import {describe, expect, it} from 'vitest'

import {hideToken} from '../../src/invitations/invite-service.js'
import {chooseLink, invitationCommand, type InvitationCommand} from '../../src/invitations/link-choice.js'
import {renderContactPage, renderMessage} from '../../src/invitations/kit-pages.js'
import type {ContactInvitation, ServerInvitation} from '../../src/invitations/types.js'

const both = {contactInvites: true, accountInvites: true}

describe('which server command', () => {
  it('contact invitation first, account invitation when contact ones are refused or absent, none when disabled', () => {
    expect(invitationCommand(both, true, new Set())).toBe('contact')
    expect(invitationCommand(both, true, new Set<InvitationCommand>(['contact']))).toBe('account')
    expect(invitationCommand({contactInvites: false, accountInvites: true}, true, new Set())).toBe('account')
    expect(invitationCommand(both, true, new Set<InvitationCommand>(['contact', 'account']))).toBeNull()
    expect(invitationCommand(both, false, new Set())).toBeNull()
    expect(invitationCommand({contactInvites: false, accountInvites: false}, true, new Set())).toBeNull()
  })
})

describe('which link, and what it really does (issue 20)', () => {
  const ibr: ServerInvitation = {kind: 'contact-invite', uri: 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y', landingUrl: 'https://example.test/i/AbC', expires: '2026-12-03T04:33:09.000Z'}
  const noIbr: ServerInvitation = {kind: 'contact-invite', uri: 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx', landingUrl: 'https://example.test/i/AbC', expires: '2026-12-03T04:33:09.000Z'}
  const accountInvite: ServerInvitation = {kind: 'account-invite', uri: 'xmpp:example.test?register;preauth=AbCdEfGhIjKlMnOpQrStUvWx', landingUrl: null, expires: '2026-12-03T04:33:09.000Z'}
  const personal = {token: 'OwnToken-OwnToken-Own123', username: 'mamie.jeanne'}
  const base = {inviter: 'claire@example.test', inviterName: 'Claire'}
  const open = {mode: 'open', url: null} as const

  it('a contact with an address gets the plain roster link', () => {
    expect(chooseLink({...base, hasJid: true, issued: null, personal: null, selfRegistration: null})).toEqual({
      status: 'has-account', wayIn: 'has-account', linkKind: 'roster', uri: 'xmpp:claire@example.test?roster;name=Claire', contactUri: null, expires: null, landingUrl: null, registrationUrl: null, server: null, suggestedUsername: null,
    })
  })

  it('a contact invitation with ibr=y creates the account here: its URI, landing page, expiry, and the suggested name', () => {
    expect(chooseLink({...base, hasJid: false, issued: ibr, personal, selfRegistration: null})).toEqual({
      status: 'invited', wayIn: 'link-creates-account', linkKind: 'contact-invite', uri: ibr.uri, contactUri: null, expires: ibr.expires, landingUrl: 'https://example.test/i/AbC', registrationUrl: null, server: 'example.test', suggestedUsername: 'mamie.jeanne',
    })
  })

  it('a contact invitation without ibr=y is never handed out: our own token, and the way in follows the server', () => {
    const inApp = chooseLink({...base, hasJid: false, issued: noIbr, personal, selfRegistration: open})
    expect(inApp).toMatchObject({status: 'no-jid', wayIn: 'register-in-app', linkKind: 'roster', server: 'example.test', suggestedUsername: 'mamie.jeanne', expires: null, landingUrl: null})
    expect(inApp.uri).toBe('xmpp:claire@example.test?roster;name=Claire;preauth=OwnToken-OwnToken-Own123')
    expect(inApp.uri).not.toContain('AbCdEf')
    const elsewhere = chooseLink({...base, hasJid: false, issued: noIbr, personal, selfRegistration: {mode: 'invite-only', url: null}})
    expect(elsewhere).toMatchObject({wayIn: 'account-elsewhere', server: null, suggestedUsername: null})
    const web = chooseLink({...base, hasJid: false, issued: null, personal, selfRegistration: {mode: 'web', url: 'https://example.test/register'}})
    expect(web).toMatchObject({wayIn: 'register-on-web', registrationUrl: 'https://example.test/register', server: 'example.test'})
    // Not probed (or the probe could not tell): never claimed to work here.
    expect(chooseLink({...base, hasJid: false, issued: null, personal, selfRegistration: null}).wayIn).toBe('account-elsewhere')
  })

  it('an account invitation adds the link to open afterwards, with our token, shown on the page and in the message', () => {
    const choice = chooseLink({...base, hasJid: false, issued: accountInvite, personal, selfRegistration: null})
    expect(choice).toMatchObject({status: 'invited', wayIn: 'link-creates-account', linkKind: 'account-invite', uri: accountInvite.uri, contactUri: 'xmpp:claire@example.test?roster;name=Claire;preauth=OwnToken-OwnToken-Own123'})
    const {landingUrl: _l, ...link} = choice
    const inv: ContactInvitation = {contactId: 1, name: 'Léa', jid: null, language: 'en', ...link, webUrl: null, rooms: [], files: {page: '', message: '', png: '', svg: ''}, roster: null}
    expect(renderContactPage(inv, 'Claire', '<svg></svg>')).toContain('Once your account exists, open this link to add Claire:<br><a class="link" id="contact-link" href="xmpp:claire@example.test?roster;name=Claire;preauth=OwnToken-OwnToken-Own123">')
    expect(renderMessage({...inv, language: 'fr'}, 'Claire')).toContain('Ensuite, pour m’ajouter\u202F:\nxmpp:claire@example.test?roster;name=Claire;preauth=OwnToken-OwnToken-Own123\n')
  })

  it('the page and the message say exactly what happens, per way in', () => {
    const link = (way: Parameters<typeof chooseLink>[0]) => {
      const {landingUrl: _l, ...rest} = chooseLink(way)
      return {contactId: 1, name: 'Mamie', jid: null, language: 'fr' as const, ...rest, webUrl: null, rooms: [], files: {page: '', message: '', png: '', svg: ''}, roster: null}
    }
    const creates = renderContactPage(link({...base, hasJid: false, issued: ibr, personal, selfRegistration: null}), 'Claire', '<svg></svg>')
    expect(creates).toContain('elle crée ton compte sur example.test. Comme nom, tape\u202F: mamie.jeanne.')
    expect(creates).toContain('id="open-app"')
    const inApp = renderMessage(link({...base, hasJid: false, issued: noIbr, personal, selfRegistration: open}), 'Claire')
    expect(inApp).toContain('crée ton compte sur le serveur example.test. Comme nom, tape\u202F: mamie.jeanne.')
    expect(inApp).not.toContain('crée ton compte sur example.test')
    const elsewhere = renderMessage(link({...base, hasJid: false, issued: null, personal, selfRegistration: {mode: 'closed', url: null}}), 'Claire', 'https://providers.example/')
    expect(elsewhere).toContain('ne permet pas de créer un compte soi-même')
    expect(elsewhere).toContain('https://providers.example/')
  })

  it('room links are listed on the page when the room exists', () => {
    const {landingUrl: _l, ...link} = chooseLink({...base, hasJid: true, issued: null, personal: null, selfRegistration: null})
    const inv: ContactInvitation = {contactId: 1, name: 'Léa', jid: 'lea@example.test', language: 'fr', ...link, webUrl: null, files: {page: '', message: '', png: '', svg: ''}, roster: 'added',
      rooms: [{name: 'Famille', address: 'famille@conference.example.test', joinUri: 'xmpp:famille@conference.example.test?join', qr: null}, {name: 'Pas encore créé', address: null, joinUri: null, qr: null}]}
    const page = renderContactPage(inv, 'Claire', '<svg></svg>')
    expect(page).toContain('<li>Famille\u202F: <a class="link" href="xmpp:famille@conference.example.test?join">')
    expect(page).not.toContain('Pas encore créé\u202F:')
  })
})

describe('hiding tokens', () => {
  const uri = 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y'
  it('in the URI and in a landing page that carries the token', () => {
    expect(hideToken(uri, uri)).toBe('xmpp:claire@example.test?roster;preauth=[hidden];ibr=y')
    expect(hideToken('http://127.0.0.1:5280/invites_page?AbCdEfGhIjKlMnOpQrStUvWx', uri)).toBe('http://127.0.0.1:5280/invites_page?[hidden]')
  })
  it('a link without token is left as is', () => {
    expect(hideToken('xmpp:claire@example.test?roster', 'xmpp:claire@example.test?roster')).toBe('xmpp:claire@example.test?roster')
  })
})
