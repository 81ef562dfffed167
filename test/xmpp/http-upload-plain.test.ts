import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {describe, expect, it} from 'vitest'

import {isLoopbackHost, putToSlot, UploadHttpError, UploadNotEncryptedError} from '../../src/xmpp/http-upload.js'

// Issue 14 item 11: the history archive was sent over http:// because the upload slot said so.

const body = new TextEncoder().encode('PK archive')

describe('upload slots over plain http', () => {
  it('are refused before anything is sent, for the PUT or the GET address', async () => {
    for (const slot of [
      {putUrl: 'http://upload.invalid/slot/1/a.zip', putHeaders: {}, getUrl: 'https://upload.invalid/slot/1/a.zip'},
      {putUrl: 'https://upload.invalid/slot/1/a.zip', putHeaders: {}, getUrl: 'http://upload.invalid/slot/1/a.zip'},
      {putUrl: 'http://192.0.2.7/slot/1/a.zip', putHeaders: {}, getUrl: 'http://192.0.2.7/slot/1/a.zip'},
    ]) {
      await expect(putToSlot(slot, body, 'application/zip')).rejects.toBeInstanceOf(UploadNotEncryptedError)
    }
  })

  it('are tried when --allow-http-upload says so (here: an address that does not resolve)', async () => {
    const slot = {putUrl: 'http://upload.invalid/slot/1/a.zip', putHeaders: {}, getUrl: 'http://upload.invalid/slot/1/a.zip'}
    await expect(putToSlot(slot, body, 'application/zip', {allowHttp: true, timeoutMs: 10_000})).rejects.toBeInstanceOf(UploadHttpError)
  })

  it('are accepted on this machine (loopback), where nothing crosses a network', async () => {
    const received: Buffer[] = []
    const server = createServer((req, res) => {
      req.on('data', (d: Buffer) => received.push(d))
      req.on('end', () => res.writeHead(201).end())
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      const {port} = server.address() as AddressInfo
      await putToSlot({putUrl: `http://127.0.0.1:${port}/a.zip`, putHeaders: {}, getUrl: `http://localhost:${port}/a.zip`}, body, 'application/zip')
      expect(Buffer.concat(received).toString()).toBe('PK archive')
    } finally {
      server.close()
    }
  })

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'LOCALHOST', 'a.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1', 'example.org', '::2', '1127.0.0.1']) expect(isLoopbackHost(host), host).toBe(false)
  })
})
