/**
 * Roster management (RFC 6121): read the roster, add or update an item, ask for a subscription
 * and pre-approve the contact's, so that both sides end up seeing each other.
 */
import {xml} from './xml.js'
import type {XmppSession} from './XmppSession.js'

const NS_ROSTER = 'jabber:iq:roster'
const NS_PRE_APPROVAL = 'urn:xmpp:features:pre-approval'

/** One roster item (RFC 6121 §2.1.2). */
export interface RosterItem {
  /** Bare JID, lower-cased. */
  jid: string
  /** The name the user gave the contact, or null. */
  name: string | null
  /** `none`, `to`, `from`, `both` (RFC 6121 §2.1.2.5). */
  subscription: 'none' | 'to' | 'from' | 'both'
  /** `subscribe` while our request is pending (RFC 6121 §2.1.2.2). */
  ask: 'subscribe' | null
  /** Whether the contact's subscription is pre-approved (RFC 6121 §3.4, `approved='true'`). */
  approved: boolean
  /** Roster groups. */
  groups: string[]
}

/** What {@link addContact} did. */
export interface AddContactOutcome {
  /** The roster item as set. */
  jid: string
  /** The groups after the change (ours merged with existing ones). */
  groups: string[]
  /** true when a subscription request was sent (not already subscribed or pending). */
  subscriptionRequested: boolean
  /** true when a pre-approval was sent and the server supports it (stream feature, RFC 6121 §3.4.1). */
  preApproved: boolean
}

const SUBSCRIPTIONS = new Set(['none', 'to', 'from', 'both'])

/**
 * Reads the roster (RFC 6121 §2.1.3). Fails with XmppRequestError or the session's UserErrors.
 */
export async function getRoster(session: XmppSession): Promise<RosterItem[]> {
  const reply = await session.iq(xml('iq', {type: 'get'}, xml('query', {xmlns: NS_ROSTER})))
  return (reply.getChild('query', NS_ROSTER)?.getChildren('item') ?? []).map((item) => {
    const subscription = item.attrs.subscription ?? 'none'
    return {
      jid: (item.attrs.jid ?? '').toLowerCase(),
      name: item.attrs.name ?? null,
      subscription: (SUBSCRIPTIONS.has(subscription) ? subscription : 'none') as RosterItem['subscription'],
      ask: item.attrs.ask === 'subscribe' ? 'subscribe' : null,
      approved: item.attrs.approved === 'true',
      groups: item.getChildren('group').map((g) => g.text()),
    }
  })
}

/** true when the server announced subscription pre-approval (RFC 6121 §3.4.1) on this stream. */
export function supportsPreApproval(session: XmppSession): boolean {
  return session.features?.getChild('sub', NS_PRE_APPROVAL) !== undefined
}

/**
 * Adds (or updates) `jid` in the roster with `name` and `groups` (merged with the groups it
 * already has; an existing name is kept: the user may have chosen it), then asks for a
 * subscription to their presence unless already subscribed or pending (RFC 6121 §3.1.1), and
 * pre-approves theirs (§3.4) when the server supports it, so when they ask back it is granted
 * without a prompt. Idempotent: a second call changes nothing.
 *
 * `existing` is the roster as read by {@link getRoster} (pass it when adding many contacts);
 * `approvedBefore`: this account pre-approved them on an earlier run (the roster may not say so).
 * Fails with XmppRequestError (e.g. `not-acceptable` for a bad JID) or the session's UserErrors.
 */
export async function addContact(session: XmppSession, contact: {jid: string; name: string; groups: string[]}, existing?: RosterItem[], options: {approvedBefore?: boolean} = {}): Promise<AddContactOutcome> {
  const jid = contact.jid.split('/')[0]?.toLowerCase() ?? contact.jid
  const roster = existing ?? (await getRoster(session))
  const current = roster.find((i) => i.jid === jid)
  const groups = [...new Set([...(current?.groups ?? []), ...contact.groups.filter((g) => g.trim() !== '')])]
  const name = current?.name ?? contact.name
  const unchanged = current !== undefined && current.name === name && groups.length === current.groups.length
  if (!unchanged) {
    await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: NS_ROSTER}, xml('item', {jid, name}, ...groups.map((g) => xml('group', {}, g))))))
  }
  const subscribed = current !== undefined && (current.subscription === 'to' || current.subscription === 'both' || current.ask === 'subscribe')
  if (!subscribed) await session.send(xml('presence', {to: jid, type: 'subscribe'}))
  // A pre-approval is not always visible in the roster (Prosody keeps it without showing it):
  // the caller says when it sent one before (`approvedBefore`, only for a server that keeps them).
  const theirsGranted = current !== undefined && (current.subscription === 'from' || current.subscription === 'both' || current.approved || (options.approvedBefore === true && supportsPreApproval(session)))
  // 'subscribed' approves their pending request if there is one (RFC 6121 §3.1.4), else is a
  // pre-approval where the server supports it (§3.4); a server without pre-approval ignores it
  // (ejabberd keeps pending requests outside the roster, so we cannot tell them apart here).
  if (!theirsGranted) await session.send(xml('presence', {to: jid, type: 'subscribed'}))
  return {jid, groups, subscriptionRequested: !subscribed, preApproved: supportsPreApproval(session) && !theirsGranted}
}
