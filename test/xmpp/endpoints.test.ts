import {describe, expect, it} from 'vitest'

import {orderSrvRecords, resolveEndpoints, type SrvRecord, type SrvResolver} from '../../src/xmpp/endpoints.js'

function fakeResolver(answers: Record<string, SrvRecord[] | string>): {resolver: SrvResolver; asked: string[]} {
  const asked: string[] = []
  const resolver: SrvResolver = async (name) => {
    asked.push(name)
    const answer = answers[name]
    if (answer === undefined) throw Object.assign(new Error(`queryNotFound ${name}`), {code: 'ENOTFOUND', syscall: 'querySrv'})
    if (typeof answer === 'string') throw Object.assign(new Error(`${answer} ${name}`), {code: answer, syscall: 'querySrv'})
    return answer
  }
  return {resolver, asked}
}

describe('orderSrvRecords (RFC 2782)', () => {
  it('sorts by ascending priority whatever the weights', () => {
    const records = [
      {name: 'c', port: 1, priority: 20, weight: 100},
      {name: 'a', port: 1, priority: 0, weight: 0},
      {name: 'b', port: 1, priority: 10, weight: 5},
    ]
    expect(orderSrvRecords(records, () => 0.99).map((r) => r.name)).toEqual(['a', 'b', 'c'])
  })

  it('draws by weight inside a priority: the random value decides who comes first', () => {
    const records = [
      {name: 'light', port: 1, priority: 5, weight: 1},
      {name: 'heavy', port: 1, priority: 5, weight: 9},
    ]
    // total 10, pick = floor(r * 11): 0..1 selects "light" (running sum 1), 2..10 "heavy".
    expect(orderSrvRecords(records, () => 0).map((r) => r.name)).toEqual(['light', 'heavy'])
    expect(orderSrvRecords(records, () => 0.5).map((r) => r.name)).toEqual(['heavy', 'light'])
  })

  it('keeps every record exactly once', () => {
    const records = Array.from({length: 7}, (_, i) => ({name: `h${i}`, port: i, priority: i % 2, weight: i}))
    let seed = 1
    const random = (): number => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647)
    const ordered = orderSrvRecords(records, random)
    expect(ordered).toHaveLength(7)
    expect(new Set(ordered.map((r) => r.name)).size).toBe(7)
    expect(ordered.slice(0, 4).every((r) => r.priority === 0)).toBe(true)
  })
})

describe('resolveEndpoints', () => {
  it('uses --host/--port without any DNS query, keeping STARTTLS unless --direct-tls', async () => {
    const {resolver, asked} = fakeResolver({})
    expect(await resolveEndpoints('example.test', {host: '127.0.0.1', port: 15222}, resolver)).toEqual([{host: '127.0.0.1', port: 15222, directTls: false, source: 'override'}])
    expect(await resolveEndpoints('example.test', {host: '127.0.0.1', directTls: true}, resolver)).toEqual([{host: '127.0.0.1', port: 5223, directTls: true, source: 'override'}])
    expect(asked).toEqual([])
  })

  it('merges _xmpps-client and _xmpp-client records by priority (XEP-0368)', async () => {
    const {resolver, asked} = fakeResolver({
      '_xmpps-client._tcp.example.test': [{name: 'tls.example.test.', port: 443, priority: 5, weight: 0}],
      '_xmpp-client._tcp.example.test': [
        {name: 'xmpp.example.test', port: 5222, priority: 10, weight: 0},
        {name: 'early.example.test', port: 5222, priority: 1, weight: 0},
      ],
    })
    const endpoints = await resolveEndpoints('example.test', {}, resolver, () => 0)
    expect(asked.sort()).toEqual(['_xmpp-client._tcp.example.test', '_xmpps-client._tcp.example.test'])
    expect(endpoints).toEqual([
      {host: 'early.example.test', port: 5222, directTls: false, source: 'srv'},
      {host: 'tls.example.test', port: 443, directTls: true, source: 'srv'},
      {host: 'xmpp.example.test', port: 5222, directTls: false, source: 'srv'},
    ])
  })

  it('falls back to the domain on 5222 when there is no SRV record', async () => {
    const {resolver} = fakeResolver({})
    expect(await resolveEndpoints('example.test', {}, resolver)).toEqual([{host: 'example.test', port: 5222, directTls: false, source: 'fallback'}])
  })

  it('treats a lone "." target as "no service of that kind" (RFC 2782)', async () => {
    const {resolver} = fakeResolver({
      '_xmpps-client._tcp.example.test': [{name: '.', port: 0, priority: 0, weight: 0}],
      '_xmpp-client._tcp.example.test': [{name: 'xmpp.example.test', port: 5222, priority: 0, weight: 0}],
    })
    expect(await resolveEndpoints('example.test', {}, resolver)).toEqual([{host: 'xmpp.example.test', port: 5222, directTls: false, source: 'srv'}])
  })

  it('with --direct-tls and no --host, only looks up _xmpps-client', async () => {
    const {resolver, asked} = fakeResolver({'_xmpps-client._tcp.example.test': [{name: 'tls.example.test', port: 5223, priority: 0, weight: 0}]})
    expect(await resolveEndpoints('example.test', {directTls: true}, resolver)).toEqual([{host: 'tls.example.test', port: 5223, directTls: true, source: 'srv'}])
    expect(asked).toEqual(['_xmpps-client._tcp.example.test'])
  })

  it('propagates a real DNS failure (not "no record")', async () => {
    const {resolver} = fakeResolver({'_xmpps-client._tcp.example.test': 'ESERVFAIL'})
    await expect(resolveEndpoints('example.test', {}, resolver)).rejects.toMatchObject({code: 'ESERVFAIL'})
  })
})
