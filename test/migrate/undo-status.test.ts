import {describe, expect, it} from 'vitest'

import {migrateMessages} from '../../src/migrate/messages.js'
import type {MigrationStatus} from '../../src/migrate/status.js'
import {statusLines} from '../../src/migrate/status-lines.js'
import {undoCommands} from '../../src/migrate/undo.js'

// `status` says what can be undone, with the exact commands (issue 16).

const status: MigrationStatus = {
  workspace: '/w',
  sources: [{path: 'a.txt', source: 'whatsapp', chats: 2, importedAt: null}],
  chats: {total: 2, groups: 2},
  contacts: {total: 4, me: 'Claire', withJid: 1, toInvite: 2, skipped: 0, undecided: 0},
  account: 'claire@example.org',
  rooms: {planned: 2, created: 2, reconciled: 2},
  invitations: {roomInvitations: 1, kitDir: '/w/invitations'},
  historyDir: null,
  historyShared: false,
  arrivals: {seated: 0, waiting: ['Papa', 'Maman'], unidentified: []},
  roomPeople: [],
  addressProblems: [],
  next: 'arrivals',
  undo: [],
}

describe('what can be undone', () => {
  it('lists the rooms created and the invitations not used, with their commands', () => {
    const undo = undoCommands(status)
    expect(undo).toEqual([
      {what: 'rooms', count: 2, command: 'xmpp-migrate rooms destroy', one: 'xmpp-migrate rooms destroy --chat ID'},
      {what: 'invitations', count: 2, command: 'xmpp-migrate invite revoke', one: 'xmpp-migrate invite revoke --contact NAME'},
    ])
    expect(undoCommands({rooms: {planned: 2, created: 0, reconciled: 0}, arrivals: {seated: 0, waiting: [], unidentified: []}})).toEqual([])
    const en = statusLines({...status, undo}, migrateMessages('en'))
    expect(en).toContain('  ↩ To undo: the 2 rooms created can be destroyed with `xmpp-migrate rooms destroy` (one room: `xmpp-migrate rooms destroy --chat ID`).')
    expect(en).toContain('  ↩ To undo: the 2 invitations not used yet can be revoked with `xmpp-migrate invite revoke` (one person: `xmpp-migrate invite revoke --contact NAME`).')
    const fr = statusLines({...status, undo}, migrateMessages('fr')).map((l) => l.replace(/\u202F/g, ' '))
    expect(fr).toContain('  ↩ Pour revenir en arrière : les 2 salons créés peuvent être détruits avec `xmpp-migrate rooms destroy` (un seul salon : `xmpp-migrate rooms destroy --chat ID`).')
  })
})
