import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {identifyNewcomers, type Newcomer, type OutstandingInvitation} from '../../src/arrivals/identify.js'

const mamie: OutstandingInvitation = {contactId: 2, name: 'Mamie Jeanne', token: 'TokenMamie-aaaaaaaaaaaaa', username: 'mamie.jeanne', server: 'example.test'}
const maman: OutstandingInvitation = {contactId: 4, name: 'Maman', token: 'TokenMaman-bbbbbbbbbbbbb', username: 'maman', server: 'example.test'}
const elsewhere: OutstandingInvitation = {contactId: 5, name: 'Inès', token: 'TokenInes-cccccccccccccc', username: null, server: null}

describe('who a newcomer is: certain evidence only (issue 20)', () => {
  it('the token of their link, whatever their name and server', () => {
    expect(identifyNewcomers([{jid: 'sophie@other.example', via: 'subscription', token: mamie.token}], [mamie, maman])).toEqual([{jid: 'sophie@other.example', contactId: 2, evidence: 'token'}])
  })

  it('the suggested username, only on the server they were sent to', () => {
    expect(identifyNewcomers([{jid: 'maman@example.test', via: 'roster', token: null}, {jid: 'x@example.test', via: 'roster', token: null}, {jid: 'y@example.test', via: 'roster', token: null}], [mamie, maman])).toEqual([
      {jid: 'maman@example.test', contactId: 4, evidence: 'username'},
      {jid: 'x@example.test', contactId: null, evidence: 'unknown'},
      {jid: 'y@example.test', contactId: null, evidence: 'unknown'},
    ])
    expect(identifyNewcomers([{jid: 'maman@elsewhere.example', via: 'subscription', token: null}], [mamie, maman])[0]?.evidence).toBe('unknown')
  })

  it('elimination: one invitation left, one newcomer left who could be its person', () => {
    expect(identifyNewcomers([{jid: 'sophie@example.test', via: 'subscription', token: null}], [mamie])).toEqual([{jid: 'sophie@example.test', contactId: 2, evidence: 'elimination'}])
    // After the token took Mamie, the other newcomer is Maman's by elimination.
    expect(identifyNewcomers([{jid: 'a@example.test', via: 'subscription', token: mamie.token}, {jid: 'b@example.test', via: 'roster', token: null}], [mamie, maman]).map((d) => [d.jid, d.contactId, d.evidence])).toEqual([
      ['a@example.test', 2, 'token'],
      ['b@example.test', 4, 'elimination'],
    ])
  })

  it("never from a stranger's request: someone sent to any provider is not matched by elimination on a plain request", () => {
    expect(identifyNewcomers([{jid: 'spam@public.example', via: 'subscription', token: null}], [elsewhere])[0]?.evidence).toBe('unknown')
    // A roster entry the server made for an invitation is enough.
    expect(identifyNewcomers([{jid: 'ines@public.example', via: 'roster', token: null}], [elsewhere])[0]?.evidence).toBe('elimination')
  })

  it('two newcomers and no evidence: neither is guessed', () => {
    const decisions = identifyNewcomers([{jid: 'a@example.test', via: 'subscription', token: null}, {jid: 'b@example.test', via: 'subscription', token: null}], [mamie, maman])
    expect(decisions.every((d) => d.contactId === null && d.evidence === 'unknown')).toBe(true)
  })

  it('a token claimed by two newcomers identifies neither', () => {
    const decisions = identifyNewcomers([{jid: 'a@example.test', via: 'subscription', token: mamie.token}, {jid: 'b@example.test', via: 'subscription', token: mamie.token}], [mamie, maman])
    expect(decisions.filter((d) => d.evidence === 'token')).toEqual([])
  })

  it('property: one invitation identifies at most one newcomer, and an identified one always holds evidence', () => {
    const invitation = fc.record({contactId: fc.integer({min: 1, max: 6}), name: fc.constant('X'), token: fc.option(fc.constantFrom('t1', 't2', 't3'), {nil: null}), username: fc.option(fc.constantFrom('a', 'b', 'c'), {nil: null}), server: fc.option(fc.constantFrom('s1.example', 's2.example'), {nil: null})})
    const newcomer = fc.record({jid: fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('s1.example', 's2.example', 's3.example')).map(([l, d]) => `${l}@${d}`), via: fc.constantFrom('roster' as const, 'subscription' as const), token: fc.option(fc.constantFrom('t1', 't2', 't3', 'tx'), {nil: null})})
    fc.assert(
      fc.property(fc.uniqueArray(invitation, {selector: (i) => i.contactId, maxLength: 4}), fc.uniqueArray(newcomer, {selector: (n) => n.jid, maxLength: 5}), (invitations, newcomers: Newcomer[]) => {
        const decisions = identifyNewcomers(newcomers, invitations)
        const ids = decisions.flatMap((d) => (d.contactId === null ? [] : [d.contactId]))
        expect(new Set(ids).size).toBe(ids.length)
        for (const d of decisions) {
          if (d.contactId === null) continue
          const inv = invitations.find((i) => i.contactId === d.contactId)!
          const n = newcomers.find((x) => x.jid === d.jid)!
          if (d.evidence === 'token') expect(n.token).toBe(inv.token)
          if (d.evidence === 'username') expect(n.jid).toBe(`${inv.username}@${inv.server ?? n.jid.split('@')[1]}`)
          if (d.evidence === 'elimination') expect(n.via === 'roster' || (inv.server !== null && n.jid.endsWith(`@${inv.server}`))).toBe(true)
        }
      }),
      {numRuns: 500},
    )
  })
})
