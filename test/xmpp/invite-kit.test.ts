import {mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {describe, expect, it} from 'vitest'

import {listContacts} from '../../src/contacts/index.js'
import {setContact as setContactInWorkspace} from '../../src/contacts/service.js'
import {inviteContacts} from '../../src/invitations/invite-service.js'
import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import {createAccount, loginAccount} from '../../src/xmpp/account.js'
import {parseInvite} from '../../src/xmpp/invite-uri.js'
import {getRoster} from '../../src/xmpp/roster.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {decodePng, decodeSvg} from '../invitations/qr-decode.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {testServerKind, useTestServer} from '../server/index.js'
import {noQuestions, settingsFor, uniqueName} from './helpers/settings.js'

const captchaDir = mkdtempSync(join(tmpdir(), 'xm-captcha-'))

async function bothUntil(session: XmppSession, jid: string): Promise<string | undefined> {
  let sub: string | undefined
  for (let i = 0; i < 100; i++) {
    sub = (await getRoster(session)).find((r) => r.jid === jid)?.subscription
    if (sub === 'both') return sub
    await sleep(100)
  }
  return sub
}

describe('invite: the kit against a real server', () => {
  const kind = testServerKind()
  const server = useTestServer({accounts: [{username: 'bruno', password: 'bruno-pw-1'}]})

  it('adds people with a JID to the roster, gives server invitations to the others, writes a private kit whose QR codes decode to working links', async () => {
    const s = server()
    const adminLocal = s.admin.jid.split('@')[0] ?? ''
    const workspace = await workspaceWithGroups({name: 'Claire Martin', jid: s.admin.jid}, [
      {title: 'Famille Dupont', people: [{name: 'Bruno', jid: `bruno@${s.domain}`}, {name: 'Élodie', jid: null}]},
      {title: 'Les amis <du> jeudi', people: [{name: 'Élodie', jid: null}, {name: 'Zed', jid: null}]},
    ])
    setContactInWorkspace(workspace, 'Élodie', {invite: true, language: 'fr'})
    setContactInWorkspace(workspace, 'Zed', {invite: true, name: '<script>alert(1)</script>'})
    // The rooms engineer's store records room addresses per chat; one room exists, one not yet.
    const store = Store.open(workspace.storePath)
    try {
      const famille = listContacts(store).find((c) => c.name === 'Bruno')?.chats.find((c) => c.title === 'Famille Dupont')
      const rooms = RoomRepository.open(store)
      rooms.reserve(famille?.id ?? -1, `famille-dupont@${s.mucDomain}`, 'Famille Dupont', false)
      rooms.close()
    } finally {
      store.close()
    }

    const out = join(workspace.dir, 'kit')
    const connect = () => loginAccount(settingsFor(s, adminLocal), s.admin.password)
    const kit = await inviteContacts(workspace, {out, selectors: [], lang: 'en', serverInvites: true, connection: {}, connect})

    expect(kit.inviter).toBe(s.admin.jid.toLowerCase())
    expect(kit.contacts.map((c) => c.name).sort()).toEqual(['<script>alert(1)</script>', 'Bruno', 'Élodie'])
    const bruno = kit.contacts.find((c) => c.name === 'Bruno')
    const elodie = kit.contacts.find((c) => c.name === 'Élodie')
    const zed = kit.contacts.find((c) => c.name.startsWith('<script>'))
    expect(bruno).toMatchObject({status: 'has-account', linkKind: 'roster', roster: 'added', language: 'en'})
    expect(bruno?.uri).toBe(`xmpp:${s.admin.jid.toLowerCase()}?roster;name=Claire%20Martin`)
    const roomFolder = bruno?.files.page.split('/')[0] ?? ''
    expect(bruno?.rooms).toEqual([{name: 'Famille Dupont', address: `famille-dupont@${s.mucDomain}`, joinUri: `xmpp:famille-dupont@${s.mucDomain}?join`, qr: {png: `${roomFolder}/room-1.png`, svg: `${roomFolder}/room-1.svg`}}])
    expect(elodie?.language).toBe('fr')
    expect(elodie?.rooms.map((r) => r.name).sort()).toEqual(['Famille Dupont', 'Les amis <du> jeudi'])

    // Bruno is in Claire's roster with the group's name and a pending request.
    const claire = await connect()
    try {
      const item = (await getRoster(claire)).find((r) => r.jid === `bruno@${s.domain}`)
      expect(item).toMatchObject({name: 'Bruno', groups: ['Famille Dupont'], ask: 'subscribe'})
    } finally {
      await claire.close()
    }

    // Private kit: folders 0700, files 0600.
    expect(statSync(out).mode & 0o777).toBe(0o700)
    for (const c of kit.contacts) {
      for (const file of Object.values(c.files)) expect(statSync(join(out, file)).mode & 0o777).toBe(0o600)
      expect(statSync(join(out, c.files.page, '..')).mode & 0o777).toBe(0o700)
      // Every QR code decodes to the contact's link.
      const link = c.webUrl ?? c.uri
      expect(decodePng(readFileSync(join(out, c.files.png)))).toBe(link)
      expect(decodeSvg(readFileSync(join(out, c.files.svg), 'utf8'))).toBe(link)
      for (const room of c.rooms) {
        if (!room.qr) continue
        expect(decodePng(readFileSync(join(out, room.qr.png)))).toBe(room.joinUri)
        expect(decodeSvg(readFileSync(join(out, room.qr.svg), 'utf8'))).toBe(room.joinUri)
        expect(statSync(join(out, room.qr.png)).mode & 0o777).toBe(0o600)
      }
      const message = readFileSync(join(out, c.files.message), 'utf8')
      expect(message).toContain(link)
    }
    expect(statSync(join(out, 'index.html')).mode & 0o777).toBe(0o600)

    // Names are text, never markup.
    const zedPage = readFileSync(join(out, zed?.files.page ?? ''), 'utf8')
    expect(zedPage).not.toContain('<script>')
    expect(zedPage).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const index = readFileSync(join(out, 'index.html'), 'utf8')
    expect(index).not.toContain('<script>')
    expect(readFileSync(join(out, elodie?.files.page ?? ''), 'utf8')).toContain('Les amis &lt;du&gt; jeudi')

    if (kind === 'ejabberd') {
      // ejabberd 23.01 offers no XEP-0401 commands: the server lets anyone register (open
      // registration on the test server), so she creates her account in the app, then the link
      // (our own XEP-0379 token) adds Claire; the web link carries it after # (issue 20).
      expect(elodie).toMatchObject({status: 'no-jid', wayIn: 'register-in-app', linkKind: 'roster', expires: null, server: s.domain})
      expect(elodie?.uri).toMatch(/\?roster;name=Claire%20Martin;preauth=[A-Za-z0-9_-]{24}$/)
      expect(elodie?.webUrl).toBe(`https://xmpp.link/#${elodie?.uri}`)
      return
    }
    expect(elodie).toMatchObject({status: 'invited', wayIn: 'link-creates-account', linkKind: 'contact-invite', server: s.domain, suggestedUsername: 'elodie'})
    expect(elodie?.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invites_page\?/)
    expect(readFileSync(join(out, elodie?.files.page ?? ''), 'utf8')).toMatch(/valable jusqu’au \d+ \S+ 20\d\d/)

    // A rerun reuses the same token (ledger), it does not mint a new one.
    const again = await inviteContacts(workspace, {out, selectors: ['Élodie'], serverInvites: true, connection: {}, connect})
    expect(again.contacts.map((c) => c.uri)).toEqual([elodie?.uri])
    // Bruno again: Prosody keeps the pre-approval sent by the first run (without showing it in
    // the roster), so nothing is sent again (issue 17); ejabberd has no pre-approval, so its
    // 'subscribed' is sent each run (it approves a request that arrived meanwhile).
    const brunoAgain = await inviteContacts(workspace, {out, selectors: ['Bruno'], serverInvites: true, connection: {}, connect})
    expect(brunoAgain.contacts[0]?.roster).toBe(kind === 'prosody' ? 'already' : 'added')

    // The link Élodie scans (decoded from her PNG) creates her account and makes both contacts.
    const scanned = decodePng(readFileSync(join(out, elodie?.files.png ?? '')))
    expect(scanned).not.toBeNull()
    const invite = parseInvite(elodie?.uri ?? '')
    expect(parseInvite(scanned ?? '').token).toBe(invite.token)
    const name = uniqueName('elodie')
    const {session: newcomer} = await createAccount(settingsFor(s, name), {password: 'elodie-pw-1', invite, ask: noQuestions, captchaDir})
    const inviter = await connect()
    try {
      expect(await bothUntil(newcomer, s.admin.jid.toLowerCase())).toBe('both')
      expect(await bothUntil(inviter, `${name}@${s.domain}`)).toBe('both')
    } finally {
      await newcomer.close()
      await inviter.close()
    }
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['index.html']))
  })
})
