import {mkdirSync, readFileSync, writeFileSync, existsSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {listContacts} from '../../src/contacts/index.js'
import {setContact} from '../../src/contacts/service.js'
import {InvitationLedger} from '../../src/invitations/InvitationLedger.js'
import {revokeInvitations} from '../../src/invitations/revoke-service.js'
import {Store} from '../../src/store/index.js'
import {runCli} from '../migrate/helpers.js'
import {workspaceWithGroups} from '../rooms/helpers.js'

// `invite revoke` without a server (issue 16): what is revoked, what is refused, what a dry run
// leaves alone. The server side is in test/xmpp/undo.test.ts.

async function invitedWorkspace() {
  const workspace = await workspaceWithGroups({name: 'Marie', jid: 'marie@example.org'}, [{title: 'Famille', people: [{name: 'Tom', jid: null}, {name: 'Zoé', jid: null}, {name: 'Paul', jid: 'paul@example.org'}]}])
  for (const name of ['Tom', 'Zoé']) setContact(workspace, name, {invite: true})
  const store = Store.open(workspace.storePath)
  const ids = new Map(listContacts(store).map((c) => [c.name, c.id]))
  store.close()
  // What `invite` leaves: Tom's token and a server invitation, his folder and his row in the index.
  const ledger = InvitationLedger.load(workspace)
  const tom = ledger.personal(ids.get('Tom')!, 'tom', new Date('2026-12-01T10:00:00Z'))
  ledger.record(ids.get('Tom')!, 'marie@example.org', {kind: 'contact-invite', uri: 'xmpp:marie@example.org?roster;preauth=SERVERTOKEN123', landingUrl: null, expires: '2026-12-08T10:00:00.000Z'})
  ledger.save()
  const kit = workspace.path('invitations')
  mkdirSync(join(kit, `${ids.get('Tom')}-tom`), {recursive: true})
  writeFileSync(join(kit, `${ids.get('Tom')}-tom`, 'message.txt'), tom.token)
  writeFileSync(join(kit, 'index.html'), [`<table>`, `<tr data-contact="${ids.get('Tom')}"><td>Tom</td><td>${tom.token}</td></tr>`, `<tr data-contact="${ids.get('Zoé')}"><td>Zoé</td></tr>`, `</table>`].join('\n'))
  return {workspace, ids, token: tom.token, kit}
}

describe('invite revoke', () => {
  it('revokes: the token (kept only as a hash), the mark, the folder and the row; the server token is noted with its expiry', async () => {
    const {workspace, ids, token, kit} = await invitedWorkspace()
    const dry = revokeInvitations(workspace, {selectors: [], dryRun: true})
    expect(dry.contacts.map((c) => [c.name, c.status])).toEqual([
      ['Tom', 'planned'],
      ['Zoé', 'nothing-issued'],
    ])
    expect(readFileSync(workspace.path('invitations.json'), 'utf8')).toContain(token)

    const done = revokeInvitations(workspace, {selectors: ['Tom'], dryRun: false})
    expect(done.contacts).toEqual([
      {contactId: ids.get('Tom'), name: 'Tom', status: 'revoked', personalToken: true, serverInvitation: {kind: 'contact-invite', expires: '2026-12-08T10:00:00.000Z', cancelled: false}, kitFolder: join(kit, `${ids.get('Tom')}-tom`)},
    ])
    const ledgerText = readFileSync(workspace.path('invitations.json'), 'utf8')
    expect(ledgerText).not.toContain(token)
    expect(ledgerText).not.toContain('SERVERTOKEN123')
    const ledger = InvitationLedger.load(workspace)
    expect(ledger.isRevokedToken(token)).toBe(true)
    expect(ledger.isRevokedToken('SERVERTOKEN123')).toBe(true)
    expect(ledger.isRevokedToken('another')).toBe(false)
    // A later invitation gets a fresh token.
    expect(ledger.personal(ids.get('Tom')!, 'tom', new Date()).token).not.toBe(token)
    expect(existsSync(join(kit, `${ids.get('Tom')}-tom`))).toBe(false)
    const index = readFileSync(join(kit, 'index.html'), 'utf8')
    expect(index).not.toContain(token)
    expect(index).toContain('Zoé')
    const store = Store.open(workspace.storePath)
    expect(listContacts(store).find((c) => c.name === 'Tom')?.invite).toBe(false)
    store.close()
  })

  it('refuses someone who already has an address, and says it in French with --lang fr', async () => {
    const {workspace} = await invitedWorkspace()
    expect(() => revokeInvitations(workspace, {selectors: ['Paul'], dryRun: false})).toThrow(expect.objectContaining({code: 'INVITE_REVOKE_ARRIVED'}))
    const fr = await runCli(['invite', 'revoke', '-w', workspace.dir, '--contact', 'Tom', '--lang', 'fr'])
    expect(fr.code, fr.stderr).toBe(0)
    const text = fr.stdout.replace(/\u202F/g, ' ')
    expect(text).toContain('✓ Tom : invitation annulée')
    expect(text).toContain('L’invitation du serveur pour Tom ne peut pas être annulée depuis votre compte')
  })
})
