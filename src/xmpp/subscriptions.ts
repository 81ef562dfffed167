/**
 * Presence subscriptions seen from the account (RFC 6121 §3): the requests people send to it,
 * with the XEP-0379 token an invitation link put in them, and their approval. The arrivals
 * step reads them to find who came through the invitations.
 */
import {xml, type Element} from './xml.js'
import type {XmppSession} from './XmppSession.js'

const NS_PARS = 'urn:xmpp:pars:0'
const NS_NICK = 'http://jabber.org/protocol/nick'

/** A subscription request received (`<presence type='subscribe'/>`). */
export interface SubscriptionRequest {
  /** Who asks (bare JID, lowercase). */
  jid: string
  /** The XEP-0379 pre-authentication token it carries (`<preauth xmlns='urn:xmpp:pars:0'/>`), or null. */
  token: string | null
  /** The nickname they gave (XEP-0172), or null. */
  nick: string | null
}

/** Reads a subscription request out of a stanza, or null when it is not one. */
export function parseSubscriptionRequest(stanza: Element): SubscriptionRequest | null {
  if (stanza.name !== 'presence' || stanza.attrs.type !== 'subscribe') return null
  const jid = (stanza.attrs.from ?? '').split('/')[0]?.toLowerCase() ?? ''
  if (jid === '' || !jid.includes('@')) return null
  const token = stanza.getChild('preauth', NS_PARS)?.attrs.token
  const nick = stanza.getChildText('nick', NS_NICK)
  return {jid, token: typeof token === 'string' && token !== '' ? token : null, nick: nick ? nick.trim() || null : null}
}

/** Calls `handler` for every subscription request received; returns the function that stops it. */
export function onSubscriptionRequest(session: XmppSession, handler: (request: SubscriptionRequest) => void): () => void {
  return session.onStanza((stanza) => {
    const request = parseSubscriptionRequest(stanza)
    if (request) handler(request)
  })
}

/**
 * Says the account is available. Servers then send the subscription requests that waited while
 * the account was offline (RFC 6121 §3.1.3); Prosody keeps them whole, token included.
 * Priority -1 (RFC 6121 §4.7.2.3) keeps messages to the bare JID and offline messages for the
 * person's own apps; ejabberd 23.01 sends waiting requests only to a resource of priority 0 or
 * more (observed), and then also hands it the offline messages (apps that read the archive,
 * XEP-0313, still have them).
 */
export async function sendAvailablePresence(session: XmppSession, priority = -1): Promise<void> {
  await session.send(xml('presence', {}, xml('priority', {}, String(priority))))
}
