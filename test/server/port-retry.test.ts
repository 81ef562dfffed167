/**
 * The harness chooses free ports, releases them and lets the server bind them; another process may
 * take one in between. This file forces that race: the first start gets a port already held here,
 * and the harness must notice and start again on other ports (never answer with someone else's).
 */
import {createServer, type Server} from 'node:net'
import {afterAll, beforeAll, expect, it, vi} from 'vitest'
import {startTestServer, testServerKind} from './index.js'
import {RawXmppStream} from './RawXmppStream.js'

const forced = vi.hoisted(() => ({ports: [] as number[], calls: 0}))

vi.mock('./ports.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./ports.js')>()
  return {
    /** The first call hands out the forced (busy) ports first; later calls are the real thing. */
    findFreePorts: async (count: number): Promise<number[]> => {
      forced.calls++
      const free = await real.findFreePorts(count)
      if (forced.calls > 1 || forced.ports.length === 0) return free
      return [...forced.ports, ...free].slice(0, count)
    },
  }
})

/** A listener that accepts and says nothing: it must never be mistaken for the test server. */
let squatter: Server
beforeAll(async () => {
  // resume(): read (and drop) what arrives, so a client's close is noticed and close() can finish.
  squatter = createServer((socket) => socket.on('error', () => {}).resume())
  await new Promise<void>((resolve) => squatter.listen({host: '127.0.0.1', port: 0}, resolve))
  const address = squatter.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  forced.ports = [address.port]
})
afterAll(async () => {
  await new Promise<void>((resolve) => squatter.close(() => resolve()))
})

it(`retries on new ports when its c2s port is taken (${testServerKind()})`, async () => {
  const busy = forced.ports[0]
  const s = await startTestServer()
  try {
    expect(forced.calls).toBe(2)
    expect(s.port).not.toBe(busy)
    const stream = await RawXmppStream.connect(s.host, s.port)
    try {
      expect(await stream.openStream(s.domain)).toMatch(/<starttls /)
    } finally {
      stream.close()
    }
  } finally {
    await s.stop()
  }
}, 120_000)
