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

describe('which link', () => {
  const contactInvite: ServerInvitation = {kind: 'contact-invite', uri: 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y', landingUrl: 'https://example.test/i/AbC', expires: '2026-12-03T04:33:09.000Z'}
  const accountInvite: ServerInvitation = {kind: 'account-invite', uri: 'xmpp:example.test?register;preauth=AbCdEfGhIjKlMnOpQrStUvWx', landingUrl: null, expires: '2026-12-03T04:33:09.000Z'}

  it('a contact with an address gets the plain roster link', () => {
    expect(chooseLink(true, null, 'claire@example.test', 'Claire')).toEqual({status: 'has-account', linkKind: 'roster', uri: 'xmpp:claire@example.test?roster;name=Claire', contactUri: null, expires: null, landingUrl: null})
  })

  it('a contact invitation is the link, with its landing page and expiry', () => {
    expect(chooseLink(false, contactInvite, 'claire@example.test', 'Claire')).toEqual({status: 'invited', linkKind: 'contact-invite', uri: contactInvite.uri, contactUri: null, expires: contactInvite.expires, landingUrl: 'https://example.test/i/AbC'})
  })

  it('an account invitation adds the plain link to open afterwards, shown on the page and in the message', () => {
    const choice = chooseLink(false, accountInvite, 'claire@example.test', 'Claire')
    expect(choice).toMatchObject({status: 'invited', linkKind: 'account-invite', uri: accountInvite.uri, contactUri: 'xmpp:claire@example.test?roster;name=Claire'})
    const {landingUrl: _l, ...link} = choice
    const inv: ContactInvitation = {contactId: 1, name: 'Léa', jid: null, language: 'en', ...link, webUrl: null, rooms: [], files: {page: '', message: '', png: '', svg: ''}, roster: null}
    expect(renderContactPage(inv, 'Claire', '<svg></svg>')).toContain('Once your account exists, open this link to add Claire:<br><a class="link" id="contact-link" href="xmpp:claire@example.test?roster;name=Claire">')
    expect(renderMessage({...inv, language: 'fr'}, 'Claire')).toContain('Ensuite, pour m’ajouter :\nxmpp:claire@example.test?roster;name=Claire\n')
  })

  it('no address and no server invitation: plain link, no-jid', () => {
    expect(chooseLink(false, null, 'claire@example.test', 'Claire').status).toBe('no-jid')
  })

  it('room links are listed on the page when the room exists', () => {
    const inv: ContactInvitation = {contactId: 1, name: 'Léa', jid: 'lea@example.test', language: 'fr', ...chooseLink(true, null, 'claire@example.test', 'Claire'), webUrl: null, files: {page: '', message: '', png: '', svg: ''}, roster: 'added',
      rooms: [{name: 'Famille', address: 'famille@conference.example.test', joinUri: 'xmpp:famille@conference.example.test?join', qr: null}, {name: 'Pas encore créé', address: null, joinUri: null, qr: null}]}
    const page = renderContactPage(inv, 'Claire', '<svg></svg>')
    expect(page).toContain('<li>Famille: <a class="link" href="xmpp:famille@conference.example.test?join">')
    expect(page).not.toContain('Pas encore créé:')
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
