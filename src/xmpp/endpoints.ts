import {promises as dns} from 'node:dns'

/** One place to try a c2s connection. */
export interface Endpoint {
  /** Host name or IP to open the TCP connection to (never used for the certificate check). */
  host: string
  /** TCP port. */
  port: number
  /** true: TLS from the first byte (XEP-0368); false: plain TCP, then STARTTLS (RFC 6120 §5). */
  directTls: boolean
  /** Where this endpoint came from, for messages. */
  source: 'srv' | 'override' | 'fallback'
}

/** An SRV answer as node:dns returns it. */
export interface SrvRecord {
  /** Target host name; `.` means "no service here" (RFC 2782). */
  name: string
  /** Port. */
  port: number
  /** Lower is tried first. */
  priority: number
  /** Relative share among records of the same priority. */
  weight: number
}

/** Looks up SRV records; rejects with a node:dns error (code ENOTFOUND, ENODATA, …). */
export type SrvResolver = (name: string) => Promise<SrvRecord[]>

/** What the person (or the stored credentials) forced. */
export interface EndpointOverrides {
  /** `--host`: skip DNS SRV and connect here (the certificate is still checked against the domain). */
  host?: string
  /** `--port`. */
  port?: number
  /** `--direct-tls`: TLS from the first byte (XEP-0368) instead of STARTTLS. */
  directTls?: boolean
}

/** DNS answer codes that mean "no such record", as opposed to "DNS is not working". */
const NO_RECORD_CODES = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN'])

/** The default resolver (node:dns, the system's resolver configuration). */
export const systemSrvResolver: SrvResolver = (name) => dns.resolveSrv(name)

/**
 * Orders SRV records the RFC 2782 way: ascending priority; inside one priority, a weighted random
 * draw (records of weight 0 have a small chance, as the RFC says). `random` is injectable so the
 * order is testable.
 */
export function orderSrvRecords<T extends SrvRecord>(records: readonly T[], random: () => number = Math.random): T[] {
  const byPriority = new Map<number, T[]>()
  for (const record of records) {
    const group = byPriority.get(record.priority) ?? []
    group.push(record)
    byPriority.set(record.priority, group)
  }
  const ordered: T[] = []
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // RFC 2782: weight-0 records first in the list so they have a small chance of being chosen.
    const remaining = [...(byPriority.get(priority) ?? [])].sort((a, b) => a.weight - b.weight)
    while (remaining.length > 0) {
      const total = remaining.reduce((sum, r) => sum + r.weight, 0)
      const pick = Math.floor(random() * (total + 1))
      let running = 0
      let index = remaining.findIndex((r) => {
        running += r.weight
        return running >= pick
      })
      if (index < 0) index = remaining.length - 1
      const [chosen] = remaining.splice(index, 1)
      if (chosen) ordered.push(chosen)
    }
  }
  return ordered
}

/**
 * Where to connect for `domain`, best first.
 *
 * - `--host`/`--port`/`--direct-tls` win: one endpoint, no DNS.
 * - Otherwise both `_xmpps-client._tcp` (direct TLS, XEP-0368) and `_xmpp-client._tcp` (STARTTLS,
 *   RFC 6120 §3.2.1) are looked up and merged by priority/weight (XEP-0368 §3); a lone `.` target
 *   means the service is decidedly absent for that kind.
 * - No SRV at all: the domain itself on 5222 with STARTTLS (RFC 6120 §3.2.2), or 5223 with `--direct-tls`.
 *
 * Fails with the resolver's error only when DNS itself failed (not for "no such record").
 */
export async function resolveEndpoints(
  domain: string,
  overrides: EndpointOverrides = {},
  resolver: SrvResolver = systemSrvResolver,
  random: () => number = Math.random,
): Promise<Endpoint[]> {
  if (overrides.host !== undefined || overrides.port !== undefined) {
    const directTls = overrides.directTls ?? false
    return [{host: overrides.host ?? domain, port: overrides.port ?? (directTls ? 5223 : 5222), directTls, source: 'override'}]
  }

  const lookup = async (name: string): Promise<SrvRecord[]> => {
    try {
      return await resolver(name)
    } catch (error) {
      const code = (error as {code?: string}).code
      if (code !== undefined && NO_RECORD_CODES.has(code)) return []
      throw error
    }
  }
  const [tlsRecords, startTlsRecords] = await Promise.all([
    lookup(`_xmpps-client._tcp.${domain}`),
    overrides.directTls ? Promise.resolve([]) : lookup(`_xmpp-client._tcp.${domain}`),
  ])
  const usable = (records: SrvRecord[]): SrvRecord[] => (records.length === 1 && records[0]?.name === '.' ? [] : records.filter((r) => r.name !== '.'))
  const tagged = [
    ...usable(tlsRecords).map((r) => ({...r, directTls: true})),
    ...usable(startTlsRecords).map((r) => ({...r, directTls: false})),
  ]
  const endpoints: Endpoint[] = orderSrvRecords(tagged, random).map((r) => ({
    host: r.name.replace(/\.$/, ''),
    port: r.port,
    directTls: r.directTls,
    source: 'srv' as const,
  }))
  // RFC 6120 §3.2.1 step 9: the A/AAAA fallback is only for "no SRV records", not for "all failed".
  if (endpoints.length === 0) {
    endpoints.push(overrides.directTls ? {host: domain, port: 5223, directTls: true, source: 'fallback'} : {host: domain, port: 5222, directTls: false, source: 'fallback'})
  }
  return endpoints
}
