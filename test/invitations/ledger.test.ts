import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {InvitationLedger, LEDGER_FILE} from '../../src/invitations/InvitationLedger.js'
import {Workspace} from '../../src/workspace.js'

// Issue 14 item 11: a corrupt invitations.json was ignored, and new tokens issued while the old
// ones, unrecorded, stayed valid.

let root: string
let workspace: Workspace
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'xm-ledger-'))
  workspace = new Workspace(join(root, 'ws')).ensure()
})
afterEach(() => rmSync(root, {recursive: true, force: true}))

const invitation = {kind: 'contact-invite' as const, uri: 'xmpp:marie@example.org?roster;preauth=T0K3N;ibr=y', landingUrl: null, expires: '2099-01-01T00:00:00Z'}

describe('the invitations ledger', () => {
  it('round-trips, and is empty when absent', () => {
    expect(InvitationLedger.load(workspace).reusable(3, 'marie@example.org', new Date())).toBeNull()
    const ledger = InvitationLedger.load(workspace)
    ledger.record(3, 'marie@example.org', invitation)
    ledger.save()
    expect(InvitationLedger.load(workspace).reusable(3, 'marie@example.org', new Date('2026-12-06'))).toMatchObject(invitation)
  })

  it('remembers pre-approvals per inviter (issue 17: a rerun does not send them again); an unreadable note is only forgotten', () => {
    const ledger = InvitationLedger.load(workspace)
    ledger.notePreApproved('marie@example.org', 'paul@example.org')
    ledger.notePreApproved('marie@example.org', 'paul@example.org')
    ledger.save()
    const again = InvitationLedger.load(workspace)
    expect(again.wasPreApproved('marie@example.org', 'paul@example.org')).toBe(true)
    expect(again.wasPreApproved('marie@example.org', 'lea@example.org')).toBe(false)
    expect(again.wasPreApproved('jean@example.org', 'paul@example.org')).toBe(false)
    expect(JSON.parse(readFileSync(workspace.path(LEDGER_FILE), 'utf8')).approved).toEqual({'marie@example.org': ['paul@example.org']})
    writeFileSync(workspace.path(LEDGER_FILE), '{"version":1,"contacts":{},"approved":{"marie@example.org":"paul@example.org"}}')
    expect(InvitationLedger.load(workspace).wasPreApproved('marie@example.org', 'paul@example.org')).toBe(false)
  })

  it('stops with INVITATIONS_LEDGER_DAMAGED when it cannot be read, and leaves the file alone', () => {
    for (const content of ['{"version":1,"contacts":{"3":{"uri":"xmpp:a', '', 'null', '[]', '{"version":2,"contacts":{}}', '{"version":1,"contacts":[]}', '{"version":1,"contacts":{"3":{"inviter":"m@e.org"}}}']) {
      writeFileSync(workspace.path(LEDGER_FILE), content)
      expect(() => InvitationLedger.load(workspace), JSON.stringify(content)).toThrow(expect.objectContaining({code: 'INVITATIONS_LEDGER_DAMAGED', message: expect.stringContaining(workspace.path(LEDGER_FILE))}))
      expect(readFileSync(workspace.path(LEDGER_FILE), 'utf8')).toBe(content)
    }
  })
})
