import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {describe, expect, it} from 'vitest'

import {createAccount, loginAccount} from '../../src/xmpp/account.js'
import {INVITE_NODES, issueInvitation} from '../../src/xmpp/adhoc-invites.js'
import {parseInvite} from '../../src/xmpp/invite-uri.js'
import {addContact, getRoster, supportsPreApproval, type RosterItem} from '../../src/xmpp/roster.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {testServerKind, useTestServer} from '../server/index.js'
import {noQuestions, settingsFor, uniqueName} from './helpers/settings.js'

const captchaDir = mkdtempSync(join(tmpdir(), 'xm-captcha-'))
const noInvites = 'ejabberd 23.01 has no XEP-0401 invitation commands'

/** Reads the roster until `ok` holds for the item of `jid` (presence handling is asynchronous), at most ~10 s. */
async function rosterItemUntil(session: XmppSession, jid: string, ok: (item: RosterItem | undefined) => boolean): Promise<RosterItem | undefined> {
  let item: RosterItem | undefined
  for (let i = 0; i < 100; i++) {
    item = (await getRoster(session)).find((r) => r.jid === jid)
    if (ok(item)) return item
    await sleep(100)
  }
  return item
}

describe('server-issued invitations (XEP-0401 ad-hoc, Prosody mod_invites)', () => {
  const kind = testServerKind()
  const server = useTestServer({registration: 'invite-only', accounts: [{username: 'carol', password: 'carol-pw-1'}]})

  async function admin(): Promise<XmppSession> {
    const s = server()
    return loginAccount(settingsFor(s, s.admin.jid.split('@')[0] ?? ''), s.admin.password)
  }

  it('a contact invitation registers a new account from the token and both end up in each other\'s roster', async (ctx) => {
    if (kind === 'ejabberd') return ctx.skip(noInvites)
    const s = server()
    const inviter = await admin()
    try {
      const issued = await issueInvitation(inviter, INVITE_NODES.contact)
      const inviterJid = s.admin.jid.toLowerCase()
      expect(issued.uri).toMatch(new RegExp(`^xmpp:${inviterJid.replace('.', '\\.')}\\?roster;preauth=[A-Za-z0-9_-]{20,};ibr=y$`))
      expect(issued.landingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invites_page\?/)
      const days = (new Date(issued.expires ?? 0).getTime() - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(6)
      expect(days).toBeLessThanOrEqual(7)

      const name = uniqueName('nina')
      const {session: invitee} = await createAccount(settingsFor(s, name), {password: 'nina-pw-1', invite: parseInvite(issued.uri), ask: noQuestions, captchaDir})
      try {
        const newJid = `${name}@${s.domain}`
        expect((await rosterItemUntil(invitee, inviterJid, (i) => i?.subscription === 'both'))?.subscription).toBe('both')
        expect((await rosterItemUntil(inviter, newJid, (i) => i?.subscription === 'both'))?.subscription).toBe('both')
      } finally {
        await invitee.close()
      }
    } finally {
      await inviter.close()
    }
  })

  it('as admin, an account invitation registers once; the token cannot be used twice', async (ctx) => {
    if (kind === 'ejabberd') return ctx.skip(noInvites)
    const s = server()
    const inviter = await admin()
    try {
      const issued = await issueInvitation(inviter, INVITE_NODES.account)
      expect(issued.uri).toMatch(/^xmpp:example\.test\?register;preauth=[A-Za-z0-9_-]{20,}$/)
      const first = uniqueName('otto')
      const {session} = await createAccount(settingsFor(s, first), {password: 'otto-pw-1', invite: parseInvite(issued.uri), ask: noQuestions, captchaDir})
      await session.close()
      const again = await createAccount(settingsFor(s, uniqueName('pia')), {password: 'pia-pw-1', invite: parseInvite(issued.uri), ask: noQuestions, captchaDir}).catch((e: unknown) => e)
      expect(again).toMatchObject({code: expect.stringMatching(/INVITE|REGISTRATION/)})
    } finally {
      await inviter.close()
    }
  })

  it('a plain user: account invitations are INVITE_NOT_ALLOWED, contact invitations come without ibr', async (ctx) => {
    if (kind === 'ejabberd') return ctx.skip(noInvites)
    const s = server()
    const carol = await loginAccount(settingsFor(s, 'carol'), 'carol-pw-1')
    try {
      await expect(issueInvitation(carol, INVITE_NODES.account)).rejects.toMatchObject({code: 'INVITE_NOT_ALLOWED'})
      const issued = await issueInvitation(carol, INVITE_NODES.contact)
      expect(issued.uri).toMatch(/^xmpp:carol@example\.test\?roster;preauth=[A-Za-z0-9_-]{20,}$/)
      expect(parseInvite(issued.uri).allowsRegistration).toBe(false)
    } finally {
      await carol.close()
    }
  })
})

describe('roster entries with subscription request and pre-approval (RFC 6121)', () => {
  const server = useTestServer({accounts: [{username: 'rita', password: 'rita-pw-1'}, {username: 'sam', password: 'sam-pw-1'}]})

  it('adds the contact with name and group, asks, pre-approves; the contact accepting gives both', async () => {
    const s = server()
    const rita = await loginAccount(settingsFor(s, 'rita'), 'rita-pw-1')
    const sam = await loginAccount(settingsFor(s, 'sam'), 'sam-pw-1')
    const samJid = `sam@${s.domain}`
    const ritaJid = `rita@${s.domain}`
    try {
      const outcome = await addContact(rita, {jid: samJid, name: 'Sam <Cousin>', groups: ['Famille Dupont']})
      expect(outcome).toMatchObject({jid: samJid, groups: ['Famille Dupont'], subscriptionRequested: true, preApproved: supportsPreApproval(rita)})
      const item = await rosterItemUntil(rita, samJid, (i) => i?.ask === 'subscribe')
      expect(item).toMatchObject({name: 'Sam <Cousin>', groups: ['Famille Dupont'], ask: 'subscribe'})

      // Rerun with another group: merged, nothing asked twice.
      const again = await addContact(rita, {jid: samJid, name: 'Other name', groups: ['Club']})
      expect(again.subscriptionRequested).toBe(false)
      const merged = (await getRoster(rita)).find((i) => i.jid === samJid)
      // Roster groups are a set (RFC 6121 §2.1.2.4): the server may return them in any order.
      expect({name: merged?.name, groups: [...(merged?.groups ?? [])].sort()}).toEqual({name: 'Sam <Cousin>', groups: ['Club', 'Famille Dupont']})

      // Sam does the same (approves Rita's request, asks back, which Rita's pre-approval grants).
      await addContact(sam, {jid: ritaJid, name: 'Rita', groups: ['Famille Dupont']})
      // Without pre-approval (ejabberd 23.01 does not announce it), Sam's request waits for Rita:
      // running the add again approves it.
      if (!supportsPreApproval(rita)) {
        await rosterItemUntil(rita, samJid, (i) => i?.subscription === 'to')
        expect((await addContact(rita, {jid: samJid, name: 'Sam', groups: []})).subscriptionRequested).toBe(false)
      }
      expect((await rosterItemUntil(rita, samJid, (i) => i?.subscription === 'both'))?.subscription).toBe('both')
      expect((await rosterItemUntil(sam, ritaJid, (i) => i?.subscription === 'both'))?.subscription).toBe('both')
    } finally {
      await rita.close()
      await sam.close()
    }
  })
})
