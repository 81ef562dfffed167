/**
 * Who each newcomer is (pure): the arrivals step's rules of evidence (issue 20). Only certain
 * evidence identifies someone; anything less is left to the person to answer.
 */
import {t} from '../i18n/index.js'
import type {ArrivalEvidence} from '../store/index.js'

/** Someone new on the account: a roster entry nobody's address, or a subscription request. */
export interface Newcomer {
  /** Bare JID, lowercase. */
  jid: string
  /** Where they were seen. */
  via: 'roster' | 'subscription'
  /** The XEP-0379 token their subscription request carried, or null. */
  token: string | null
}

/** An invitation still waiting for its person. */
export interface OutstandingInvitation {
  /** The contact invited. */
  contactId: number
  /** Their name. */
  name: string
  /** The token of the tool's own links (see PersonalInvitation), or null. */
  token: string | null
  /** The username their page suggested, or null. */
  username: string | null
  /** The domain they were told to create their account on, or null (any provider). */
  server: string | null
}

/** What was decided for one newcomer. */
export interface Identification {
  /** The newcomer. */
  jid: string
  /** Who they are, or null when not certain. */
  contactId: number | null
  /** How (`unknown` when not certain). */
  evidence: Extract<ArrivalEvidence, 'token' | 'username' | 'elimination' | 'unknown'>
}

function domainOf(jid: string): string {
  return jid.slice(jid.indexOf('@') + 1)
}

function localOf(jid: string): string {
  return jid.slice(0, jid.indexOf('@'))
}

/** true when `newcomer` could be the person of `invitation` by where their account lives. */
function fitsServer(newcomer: Newcomer, invitation: OutstandingInvitation): boolean {
  return invitation.server === null || domainOf(newcomer.jid) === invitation.server
}

/**
 * Identifies newcomers, in this order of evidence:
 * 1. `token`: a token we issued, seen in their subscription request (XEP-0379);
 * 2. `username`: the exact username their page suggested, on the server they were sent to
 *    (suggestions are unique per invitation);
 * 3. `elimination`: one invitation left and one newcomer left who could be its person (a roster
 *    entry the server made, or a request from the server the person was sent to).
 * Everyone else is `unknown`: the person is asked, never a guess. One invitation identifies at
 * most one newcomer; a token or username claimed by two newcomers identifies neither.
 */
export function identifyNewcomers(newcomers: readonly Newcomer[], outstanding: readonly OutstandingInvitation[]): Identification[] {
  const result = new Map<string, Identification>()
  const claimed = new Set<number>()
  const decide = (key: (invitation: OutstandingInvitation) => string | null, value: (newcomer: Newcomer) => string | null, evidence: 'token' | 'username'): void => {
    const byKey = new Map<string, OutstandingInvitation>()
    for (const invitation of outstanding) {
      const k = key(invitation)
      if (k !== null && !claimed.has(invitation.contactId)) byKey.set(k, invitation)
    }
    const matches = new Map<number, Newcomer[]>()
    for (const newcomer of newcomers) {
      if (result.has(newcomer.jid)) continue
      const v = value(newcomer)
      const invitation = v === null ? undefined : byKey.get(v)
      if (invitation === undefined || (evidence === 'username' && !fitsServer(newcomer, invitation))) continue
      matches.set(invitation.contactId, [...(matches.get(invitation.contactId) ?? []), newcomer])
    }
    for (const [contactId, found] of matches) {
      if (found.length !== 1) continue
      result.set(found[0]!.jid, {jid: found[0]!.jid, contactId, evidence})
      claimed.add(contactId)
    }
  }
  decide((i) => i.token, (n) => n.token, 'token')
  decide((i) => (i.username === null ? null : i.username.toLowerCase()), (n) => localOf(n.jid), 'username')
  const left = outstanding.filter((i) => !claimed.has(i.contactId))
  const unmatched = newcomers.filter((n) => !result.has(n.jid))
  // A subscription request can come from anyone (spam exists on public servers): elimination
  // needs more than that, a roster entry the server itself made (an invitation's account was
  // created), or a request from the very server the person was sent to.
  const eligible = (n: Newcomer, i: OutstandingInvitation): boolean => n.via === 'roster' || (i.server !== null && domainOf(n.jid) === i.server)
  if (left.length === 1 && unmatched.length === 1 && eligible(unmatched[0]!, left[0]!)) {
    result.set(unmatched[0]!.jid, {jid: unmatched[0]!.jid, contactId: left[0]!.contactId, evidence: 'elimination'})
  }
  return newcomers.map((n) => result.get(n.jid) ?? {jid: n.jid, contactId: null, evidence: 'unknown'})
}

/** The command that tells the tool who `jid` is ("NAME" in the console's language). */
export function assignCommand(jid: string): string {
  return t('arrivals.assignCommand', {jid})
}
