/**
 * Is a contact's XMPP address plausible? (issue 16: `papa@exmaple.test` was accepted silently,
 * became a room member, and its invitation failed without a word.) One check per domain:
 * - a domain one or two typos away from one known to work (the account's, another contact's) is
 *   probably misspelled: "did you mean papa@example.test?" (local: works offline and in dry runs);
 * - our own server is asked to reach the domain (src/xmpp/domain-check.ts): an answer proves it,
 *   `remote-server-not-found` disproves it;
 * - else DNS: no such domain (while DNS works) disproves it.
 * What none of these can tell is reported as not checked, with why (dry run, offline).
 */
import {existsSync} from 'node:fs'

import {loadCredentials} from '../credentials/credentials-file.js'
import {t} from '../i18n/index.js'
import {Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {probeXmppDomain, resolveXmppDomain, type DomainResolver} from '../xmpp/domain-check.js'
import {listContacts} from './index.js'
import type {XmppSession} from '../xmpp/XmppSession.js'

/**
 * What is known of one address: `ok` (its server answered, or it is a domain known to work),
 * `misspelled` (close to a known domain: `suggestion` is the address with that domain),
 * `not-found` (no XMPP server answers for its domain: `domainExists` says whether the name
 * itself exists), `unchecked` (`why`: `dry-run`, or `offline` when neither DNS nor our server
 * could tell).
 */
export type AddressVerdict =
  | {state: 'ok'}
  | {state: 'misspelled'; suggestion: string}
  | {state: 'not-found'; domainExists: boolean}
  | {state: 'unchecked'; why: 'dry-run' | 'offline'}

/** How to check. */
export interface AddressCheckOptions {
  /** Domains known to work (the account's domain, its group chat service). */
  knownDomains: string[]
  /** A logged-in session of our account, to ask our server (none in a dry run or offline). */
  session?: XmppSession | null
  /** true: nothing goes on the network (only the typo check). */
  offline?: boolean
  /** DNS (tests). */
  resolver?: DomainResolver
  /** Seconds to wait for the other server. */
  timeoutMs?: number
}

/** The domain part of a bare address, lower-cased. */
export function domainOf(jid: string): string {
  return (jid.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? ''
}

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions
 * and swaps of two neighbours each count one (`exmaple` → `example` is 1).
 */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** The known domain `domain` is probably a misspelling of (1 typo, or 2 in a long name), or null. */
export function nearDomain(domain: string, known: Iterable<string>): string | null {
  let best: {domain: string; distance: number} | null = null
  for (const k of known) {
    if (k === domain) return null
    const distance = typoDistance(domain, k)
    const allowed = Math.min(k.length, domain.length) >= 8 ? 2 : 1
    if (distance <= allowed && (best === null || distance < best.distance)) best = {domain: k, distance}
  }
  return best?.domain ?? null
}

/**
 * Checks addresses, one probe per domain. Never fails: what cannot be known is `unchecked`.
 * Returns a verdict per address as given.
 */
export async function checkAddresses(jids: string[], options: AddressCheckOptions): Promise<Map<string, AddressVerdict>> {
  const known = new Set(options.knownDomains.map((d) => d.toLowerCase()).filter((d) => d !== ''))
  const byDomain = new Map<string, AddressVerdict>()
  const domains = [...new Set(jids.map(domainOf))]
  // Domains our server can reach are known to work: a typo is then measured against them too.
  const reached = new Set<string>()
  const probed = new Map<string, 'xmpp' | 'unreachable' | 'unknown'>()
  for (const domain of domains) {
    if (known.has(domain) || options.offline || !options.session) continue
    const verdict = await probeXmppDomain(options.session, domain, options.timeoutMs).catch(() => 'unknown' as const)
    probed.set(domain, verdict)
    if (verdict === 'xmpp') reached.add(domain)
  }
  for (const domain of domains) {
    if (known.has(domain) || reached.has(domain)) {
      byDomain.set(domain, {state: 'ok'})
      continue
    }
    // Compared with the known domains and with the other contacts' domains (a family mostly shares one server).
    const others = [...known, ...reached, ...domains.filter((d) => d !== domain && jids.filter((j) => domainOf(j) === d).length >= 2)]
    const near = nearDomain(domain, others)
    if (near !== null) {
      byDomain.set(domain, {state: 'misspelled', suggestion: near})
      continue
    }
    if (options.offline) {
      byDomain.set(domain, {state: 'unchecked', why: 'dry-run'})
      continue
    }
    const server = probed.get(domain) ?? 'unknown'
    const dns = await resolveXmppDomain(domain, options.resolver)
    if (server === 'unreachable') byDomain.set(domain, {state: 'not-found', domainExists: dns === 'found'})
    else if (dns === 'no-such-domain') byDomain.set(domain, {state: 'not-found', domainExists: false})
    else if (dns === 'found') byDomain.set(domain, {state: 'ok'})
    else byDomain.set(domain, {state: 'unchecked', why: 'offline'})
  }
  const result = new Map<string, AddressVerdict>()
  for (const jid of jids) {
    const verdict = byDomain.get(domainOf(jid)) ?? {state: 'unchecked', why: 'offline'}
    if (verdict.state === 'misspelled') {
      const local = jid.split('/')[0]!.split('@')
      result.set(jid, {state: 'misspelled', suggestion: `${local.slice(0, -1).join('@')}@${verdict.suggestion}`})
    } else result.set(jid, verdict)
  }
  return result
}

/**
 * What `contacts set --jid` says after setting an address (issue 16): a warning when the domain
 * is one typo away from the account's or from other contacts' domains (local, no network: the
 * flow's check asks the server). Returns the sentences to print (console language), or none.
 */
export async function addressWarnings(workspace: Workspace, contact: string, jid: string | undefined): Promise<string[]> {
  if (jid === undefined || jid.trim() === '' || !existsSync(workspace.storePath)) return []
  const account = loadCredentials(workspace)?.jid
  const store = Store.open(workspace.storePath)
  let others: string[]
  try {
    others = listContacts(store).flatMap((c) => (c.jid !== null && c.jid.toLowerCase() !== jid.trim().toLowerCase() ? [c.jid] : []))
  } finally {
    store.close()
  }
  const address = jid.trim().toLowerCase()
  const verdict = (await checkAddresses([address, ...others], {knownDomains: account !== undefined ? [domainOf(account)] : [], offline: true})).get(address)
  if (verdict?.state !== 'misspelled') return []
  const quoted = /^[\w.@-]+$/.test(contact) ? contact : `"${contact.replaceAll('"', '\\"')}"`
  return [t('flow.check.misspelled', {name: contact, jid: address, suggestion: verdict.suggestion}), `  → ${t('flow.check.fix', {command: `xmpp-migrate contacts set ${quoted} --jid ${verdict.suggestion}`})}`] // i18n-ignore: command arguments
}
