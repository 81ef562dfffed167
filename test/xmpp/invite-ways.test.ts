import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {setContact} from '../../src/contacts/service.js'
import {inviteContacts} from '../../src/invitations/invite-service.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {probeSelfRegistration} from '../../src/xmpp/registration-probe.js'
import {workspaceWithGroups} from '../rooms/helpers.js'
import {testServerKind, useTestServer} from '../server/index.js'
import {settingsFor} from './helpers/settings.js'

// Issue 20 §2: what each link will really do is decided from what the server says, live. On a
// server where newcomers cannot register by themselves and the organizer cannot make accounts,
// the kit never claims the link creates one: it sends them to public providers.

const kind = testServerKind()

describe.each(['open', 'invite-only', 'closed'] as const)('a non-admin organizer, registration %s', (registration) => {
  const server = useTestServer({registration, accounts: [{username: 'claire', password: 'claire-pw-1'}]})

  it('the probe says what a newcomer can do, without creating anything', async () => {
    const s = server()
    const verdict = await probeSelfRegistration(settingsFor(s, 'claire'))
    // ejabberd has no invitations: its invite-only test server is closed (test/server/README.md).
    const expected = registration === 'open' ? 'open' : registration === 'invite-only' && kind === 'prosody' ? 'invite-only' : 'closed'
    expect(verdict.mode).toBe(expected)
    // The probe used Claire's own, existing name: her password still works.
    const session = await loginAccount(settingsFor(s, 'claire'), 'claire-pw-1')
    await session.close()
  })

  it('the kit tells the truth: register here in the app, or with a public provider', async () => {
    const s = server()
    const workspace = await workspaceWithGroups({name: 'Claire', jid: `claire@${s.domain}`}, [{title: 'Famille', people: [{name: 'Mamie Jeanne', jid: null}]}])
    setContact(workspace, 'Mamie Jeanne', {invite: true, language: 'fr'})
    const connect = () => loginAccount(settingsFor(s, 'claire'), 'claire-pw-1')
    const kit = await inviteContacts(workspace, {out: join(workspace.dir, 'kit'), selectors: [], serverInvites: true, connection: {}, connect, probeRegistration: () => probeSelfRegistration(settingsFor(s, 'claire'))})
    const mamie = kit.contacts[0]!
    expect(mamie.uri.startsWith(`xmpp:claire@${s.domain}?roster;name=Claire;preauth=`)).toBe(true)
    expect(mamie.uri).toMatch(/;preauth=[A-Za-z0-9_-]{24}$/)
    const page = readFileSync(join(kit.out, mamie.files.page), 'utf8')
    const message = readFileSync(join(kit.out, mamie.files.message), 'utf8')
    expect(page).not.toContain('crée votre compte sur')
    if (registration === 'open') {
      expect(mamie).toMatchObject({wayIn: 'register-in-app', server: s.domain, suggestedUsername: 'mamie.jeanne'})
      expect(message).toContain(`crée ton compte sur le serveur ${s.domain}. Comme nom, tape\u202F: mamie.jeanne.`)
      expect(page).not.toContain('id="providers"')
    } else {
      expect(mamie).toMatchObject({wayIn: 'account-elsewhere', server: null, suggestedUsername: null})
      expect(message).toContain('ne permet pas de créer un compte soi-même')
      // Public providers, where the app creates the account, in her language.
      expect(page).toContain('id="providers"')
      const domains = [...page.matchAll(/class="xm-provider-domain">([^<]+)</g)].map((m) => m[1])
      expect(domains.length).toBeGreaterThanOrEqual(2)
      expect(message).toMatch(/\n.*\..*\n/)
      expect(kit.warnings.map((w) => w.code)).toEqual(kind === 'prosody' ? ['INVITE_NO_ACCOUNT_CREATION'] : [])
    }
  })
})
