import {describe, expect, it} from 'vitest'

import {BugError, UserError} from '../../src/errors/index.js'
import {InvitationOutbox, type OutboxJob} from '../../src/rooms/InvitationOutbox.js'
import {setConsoleLanguage} from '../../src/i18n/index.js'
import {invitationLanguage, invitationReason} from '../../src/rooms/invitation-text.js'
import {roomFailure} from '../../src/rooms/room-errors.js'
import {XmppRequestError} from '../../src/xmpp/XmppRequestError.js'

function job(log: string[], target: string, fail = false): OutboxJob {
  return {
    write: async () => {
      log.push(`write ${target}`)
      if (fail) throw new Error('connection closed')
    },
    step: {chatId: 1, step: 'invited', target},
  }
}

describe('InvitationOutbox', () => {
  it('writes a batch, confirms once, then commits the batch together before resolving', async () => {
    const log: string[] = []
    const outbox = new InvitationOutbox(
      async () => {
        log.push('confirm')
      },
      (steps) => log.push(`commit ${steps.map((s) => s.target).join(',')}`),
    )
    await Promise.all([outbox.send(job(log, 'a')), outbox.send(job(log, 'b'))])
    expect(log).toEqual(['write a', 'write b', 'confirm', 'commit a,b'])
    await outbox.send(job(log, 'c'))
    expect(log.slice(4)).toEqual(['write c', 'confirm', 'commit c'])
  })

  it('commits nothing of a batch whose confirmation fails, rejects its jobs, and goes on with the next', async () => {
    const commits: string[][] = []
    let confirmations = 0
    const outbox = new InvitationOutbox(
      async () => {
        if (++confirmations === 1) throw new Error('XMPP connection closed')
      },
      (steps) => commits.push(steps.map((s) => s.target)),
    )
    const log: string[] = []
    await expect(outbox.send(job(log, 'a'))).rejects.toThrow('closed')
    await outbox.send(job(log, 'b'))
    expect(commits).toEqual([['b']])
  })

  it('does not confirm or commit when a write fails', async () => {
    const commits: string[][] = []
    const outbox = new InvitationOutbox(async () => {}, (steps) => commits.push(steps.map((s) => s.target)))
    await expect(Promise.all([outbox.send(job([], 'a', true)), outbox.send(job([], 'b'))])).rejects.toThrow()
    expect(commits).toEqual([])
  })
})

describe('roomFailure', () => {
  const room = 'famille@conference.example.test'

  it('names the room and the fix for a refused creation', () => {
    const error = roomFailure(new XmppRequestError('not-allowed', 'Room creation is restricted', 'cancel', ''), room, 'enter')
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('ROOM_CREATION_REFUSED')
    expect(error.message).toContain(room)
    expect(error.message).toContain('Room creation is restricted')
    expect(error.suggestions.join(' ')).toContain('--muc-service')
  })

  it('tells to wait on rate limits, and to replan for a members-only room of someone else', () => {
    expect(roomFailure(new XmppRequestError('resource-constraint', '', 'wait', ''), room, 'affiliate').code).toBe('ROOM_SERVER_BUSY')
    expect(roomFailure(new XmppRequestError('policy-violation', 'Too many', 'wait', ''), room, 'invite').message).toContain('inviting its members')
    expect(roomFailure(new XmppRequestError('registration-required', '', 'auth', ''), room, 'enter').code).toBe('ROOM_NOT_OURS')
  })

  it('keeps our own errors, and calls anything unknown a bug', () => {
    const own = new UserError('ROOM_NOT_OURS', 'x')
    expect(roomFailure(own, room, 'enter')).toBe(own)
    expect(roomFailure(new TypeError('oops'), room, 'configure')).toBeInstanceOf(BugError)
    expect(roomFailure(new Error('XMPP connection closed'), room, 'configure').code).toBe('ROOM_CONNECTION_LOST')
  })
})

describe('invitation text (issue 13)', () => {
  it("is in the member's language, else the workspace's, else the organizer's console language", () => {
    expect(invitationLanguage('fr', 'en')).toBe('fr')
    expect(invitationLanguage(null, 'fr')).toBe('fr')
    // Tests run with LANG=C.UTF-8: the console speaks English.
    expect(invitationLanguage(null, null)).toBe('en')
    setConsoleLanguage('fr')
    try {
      expect(invitationLanguage(null, null)).toBe('fr')
      expect(invitationLanguage('en', null)).toBe('en')
    } finally {
      setConsoleLanguage('en')
    }
  })

  it('names inviter and group, says "tu" to a relative unless told "vous", with French spacing', () => {
    const nnbsp = '\u202F'
    expect(invitationReason('fr', 'Marie', 'Famille 🏡')).toBe(`Marie t’invite à rejoindre le groupe «${nnbsp}Famille 🏡${nnbsp}» (il remplace le groupe du même nom sur WhatsApp ou Signal).`)
    expect(invitationReason('fr', 'Marie', 'Famille 🏡', 'tu')).toContain('Marie t’invite')
    expect(invitationReason('fr', 'Marie', 'Association 🎺', 'vous')).toBe(`Marie vous invite à rejoindre le groupe «${nnbsp}Association 🎺${nnbsp}» (il remplace le groupe du même nom sur WhatsApp ou Signal).`)
    expect(invitationReason('en', 'Marie', 'Famille 🏡', 'vous')).toBe('Marie invites you to join the group "Famille 🏡" (it replaces the group of the same name on WhatsApp or Signal).')
  })
})
