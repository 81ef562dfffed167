import {readFileSync} from 'node:fs'
import type {Socket} from 'node:net'
import {createServer, type TLSSocket} from 'node:tls'

import {describe, expect, it} from 'vitest'

import {openSecureSession} from '../../src/xmpp/account.js'
import {ensureTestPki} from '../server/certs.js'

// Regression: xmpp.js decodes every TCP chunk on its own (data.toString('utf8')), so a
// character whose UTF-8 bytes straddle two reads ("é" = C3 A9) turned into two U+FFFD.
// A tiny direct-TLS server sends the stream features in two writes cut inside "é" and "€".

describe('incoming UTF-8 split across reads', () => {
  it('reaches the parser intact', async () => {
    const pki = ensureTestPki()
    const text = 'Bienvenue à la maison, 5 €'
    const features = Buffer.from(
      `<stream:features><register xmlns='http://jabber.org/features/iq-register'/><motd xmlns='urn:example:motd'>${text}</motd></stream:features>`,
      'utf8',
    )
    const euro = features.indexOf(Buffer.from('€')) + 1 // inside the 3 bytes of €
    const agrave = features.indexOf(Buffer.from('à')) + 1 // between the 2 bytes of à
    const accepted: Socket[] = []
    const server = createServer({cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile)}, (socket: TLSSocket) => {
      socket.on('error', () => {})
      socket.once('data', () => {
        socket.write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.test' id='s1' version='1.0'>`)
        const parts = [features.subarray(0, agrave), features.subarray(agrave, euro), features.subarray(euro)]
        const writeNext = (): void => {
          const part = parts.shift()
          if (part) socket.write(part, () => setTimeout(writeNext, 20))
        }
        writeNext()
      })
    })
    server.on('connection', (s: Socket) => accepted.push(s))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as {port: number}).port
    try {
      const {session} = await openSecureSession({jid: 'alice@example.test', host: '127.0.0.1', port, directTls: true, caFile: pki.caFile, timeoutMs: 5000})
      expect(session.features?.getChildText('motd', 'urn:example:motd')).toBe(text)
      session.abort()
    } finally {
      for (const s of accepted) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
