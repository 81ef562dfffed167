/**
 * Whether the domain of a contact's address exists and answers as an XMPP server (issue 16: a
 * mistyped `papa@exmaple.test` must not be accepted silently). Two independent signs:
 * - DNS: the XMPP SRV records (RFC 6120 §3.2.1, `_xmpp-client._tcp` / `_xmpp-server._tcp`), else
 *   an address record (the fallback of §3.2.2);
 * - our own server: a disco#info (XEP-0030) sent to the domain travels over server-to-server; a
 *   domain nobody serves comes back as `remote-server-not-found` or `remote-server-timeout`
 *   (RFC 6120 §8.3.3.15/16); a result proves an XMPP server is there; other errors prove nothing.
 */
import {promises as dns} from 'node:dns'

import {xml} from './xml.js'
import {XmppRequestError} from './XmppRequestError.js'
import type {XmppSession} from './XmppSession.js'

/** What DNS says of a domain: `found` (SRV or address records), `no-such-domain`, or `unknown` (DNS not answering: offline). */
export type DnsVerdict = 'found' | 'no-such-domain' | 'unknown'

/** What our server says of a domain: `xmpp` (it answered), `unreachable` (remote-server-not-found/timeout), `unknown`. */
export type ServerVerdict = 'xmpp' | 'unreachable' | 'unknown'

/** DNS answer codes meaning the name does not exist or holds no such record (as opposed to DNS not working). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN'])

/** Looks a name up (tests pass their own). Rejects with a node:dns error. */
export interface DomainResolver {
  resolveSrv(name: string): Promise<unknown[]>
  lookup(name: string): Promise<unknown>
}

const systemResolver: DomainResolver = {
  resolveSrv: (name) => dns.resolveSrv(name),
  lookup: (name) => dns.lookup(name),
}

/** A domain that surely has XMPP SRV records (the XMPP Standards Foundation's): when even it does not resolve, DNS is not working here. */
export const CONTROL_DOMAIN = 'xmpp.org'

/**
 * DNS's view of `domain`: XMPP SRV records, else any address. Never fails: a DNS that does not
 * answer (no network; or a resolver that says "no such name" for everything, which the control
 * domain shows) gives `unknown`.
 */
export async function resolveXmppDomain(domain: string, resolver: DomainResolver = systemResolver, control: string = CONTROL_DOMAIN): Promise<DnsVerdict> {
  const verdict = await lookupDomain(domain, resolver)
  if (verdict !== 'no-such-domain' || domain === control) return verdict
  return (await lookupDomain(control, resolver)) === 'found' ? 'no-such-domain' : 'unknown'
}

async function lookupDomain(domain: string, resolver: DomainResolver): Promise<DnsVerdict> {
  let missing = 0
  for (const name of [`_xmpp-client._tcp.${domain}`, `_xmpp-server._tcp.${domain}`]) {
    try {
      if ((await resolver.resolveSrv(name)).length > 0) return 'found'
      missing++
    } catch (error) {
      if (NO_RECORD.has((error as NodeJS.ErrnoException).code ?? '')) missing++
    }
  }
  try {
    await resolver.lookup(domain)
    return 'found'
  } catch (error) {
    return NO_RECORD.has((error as NodeJS.ErrnoException).code ?? '') && missing === 2 ? 'no-such-domain' : 'unknown'
  }
}

/**
 * Asks our own server to reach `domain` (disco#info, XEP-0030 §3.1). Never fails on the other
 * side's answer; fails only when our own connection is lost (the caller then says "not checked").
 */
export async function probeXmppDomain(session: XmppSession, domain: string, timeoutMs?: number): Promise<ServerVerdict> {
  try {
    await session.iq(xml('iq', {type: 'get', to: domain}, xml('query', {xmlns: 'http://jabber.org/protocol/disco#info'})), timeoutMs)
    return 'xmpp'
  } catch (error) {
    if (!(error instanceof XmppRequestError)) return 'unknown'
    if (error.condition === 'remote-server-not-found' || error.condition === 'remote-server-timeout') return 'unreachable'
    // Any other refusal may come from our own server (server-to-server switched off, a policy):
    // it proves nothing about the other side.
    return 'unknown'
  }
}
