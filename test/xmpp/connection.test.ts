import {mkdtempSync, readFileSync} from 'node:fs'
import {createServer, type Server, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createServer as createTlsServer} from 'node:tls'
import {setTimeout as sleep} from 'node:timers/promises'

import {afterAll, describe, expect, it} from 'vitest'

import {saveCredentials} from '../../src/credentials/credentials-file.js'
import {setConsoleLanguage} from '../../src/i18n/index.js'
import {Workspace} from '../../src/workspace.js'
import {loginAccount, openSecureSession} from '../../src/xmpp/account.js'
import {connectFromWorkspace} from '../../src/xmpp/connect-from-workspace.js'
import {discoverServer} from '../../src/xmpp/discovery.js'
import {ensureTestPki} from '../server/certs.js'
import {useTestServer} from '../server/index.js'
import {settingsFor} from './helpers/settings.js'

const ASCII = {username: 'alice', password: 'correct-horse-42'}
// é (U+00E9, 2 UTF-8 bytes) and € (U+20AC, 3 bytes): btoa() would throw on the €.
const NON_ASCII = {username: 'helene', password: 'pâté-€uro é'}

const server = useTestServer({accounts: [ASCII, NON_ASCII]})

/** A TCP server on loopback that accepts connections and never says a word. */
async function silentServer(): Promise<{port: number; close: () => Promise<void>}> {
  const sockets: Socket[] = []
  const srv: Server = createServer((s) => sockets.push(s))
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const port = (srv.address() as {port: number}).port
  return {port, close: () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy()
    srv.close(() => resolve())
  })}
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const port = (srv.address() as {port: number}).port
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

describe('login', () => {
  it('logs in with an ASCII password over STARTTLS, trusting the test CA', async () => {
    const s = server()
    const session = await loginAccount(settingsFor(s, ASCII.username), ASCII.password)
    try {
      expect(session.secure).toBe(true)
      expect(session.endpoint).toMatchObject({host: s.host, port: s.port, directTls: false})
      expect(session.boundJid).toMatch(new RegExp(`^alice@${s.domain.replace('.', '\\.')}/.+`))
    } finally {
      await session.close()
    }
  })

  it('logs in with a non-ASCII password (é, €)', async () => {
    const s = server()
    const session = await loginAccount(settingsFor(s, NON_ASCII.username), NON_ASCII.password)
    expect(session.boundJid?.startsWith(`helene@${s.domain}/`)).toBe(true)
    await session.close()
  })

  it('logs in with direct TLS (XEP-0368) on the direct TLS port', async (ctx) => {
    const s = server()
    if (s.directTlsPort === null) ctx.skip('the harness configured no direct TLS port for this server')
    const session = await loginAccount(settingsFor(s, ASCII.username, {port: s.directTlsPort ?? 0, directTls: true}), ASCII.password)
    expect(session.endpoint.directTls).toBe(true)
    expect(session.secure).toBe(true)
    await session.close()
  })

  it('a wrong password ends with XMPP_WRONG_PASSWORD after one attempt, no reconnect', async () => {
    const s = server()
    const streams: string[] = []
    const log = (direction: 'in' | 'out', text: string): void => {
      if (direction === 'in' && text.startsWith('<stream:features')) streams.push(text)
    }
    const error = await loginAccount(settingsFor(s, ASCII.username), 'not-the-password', {log}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_WRONG_PASSWORD', message: expect.stringContaining(`alice@${s.domain}`)})
    // One connection: features before and after STARTTLS, then nothing.
    expect(streams).toHaveLength(2)
    await sleep(300)
    expect(streams).toHaveLength(2)
  })

  it('issue 13: a wrong password reads in French in a French console (the code unchanged)', async () => {
    const s = server()
    setConsoleLanguage('fr')
    try {
      const error = await loginAccount(settingsFor(s, ASCII.username), 'not-the-password').catch((e: unknown) => e)
      expect(error).toMatchObject({code: 'XMPP_WRONG_PASSWORD', message: expect.stringContaining(`Mot de passe incorrect pour alice@${s.domain}`)})
      expect((error as {suggestions: string[]}).suggestions[0]).toContain('tapez de nouveau le mot de passe')
    } finally {
      setConsoleLanguage('en')
    }
  })

  it('a non-ASCII password typed slightly wrong is refused too', async () => {
    const s = server()
    await expect(loginAccount(settingsFor(s, NON_ASCII.username), 'pâté-€uro e')).rejects.toMatchObject({code: 'XMPP_WRONG_PASSWORD'})
  })
})

describe('TLS verification', () => {
  it('refuses the server certificate without the test CA, naming the certificate and --ca', async () => {
    const s = server()
    const error = await openSecureSession(settingsFor(s, ASCII.username, {caFile: undefined})).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_TLS_UNTRUSTED'})
    const {message, suggestions} = error as {message: string; suggestions: string[]}
    expect(message).toContain(s.domain)
    expect(message).toMatch(/certificate for ".*CN=/)
    expect(suggestions.join(' ')).toContain('--ca')
  })

  it('checks the certificate against the domain, not the IP connected to', async () => {
    // The test certificate names example.test AND IP:127.0.0.1: a client checking the IP would
    // accept it for any domain. Ours must refuse it for another domain.
    const pki = ensureTestPki()
    const accepted: Socket[] = []
    const tlsServer = createTlsServer({cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile)}, (socket) => socket.on('error', () => {}))
    tlsServer.on('connection', (socket: Socket) => accepted.push(socket))
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
    const port = (tlsServer.address() as {port: number}).port
    try {
      const error = await openSecureSession({jid: 'alice@other-domain.test', host: '127.0.0.1', port, directTls: true, caFile: pki.caFile, timeoutMs: 5000}).catch((e: unknown) => e)
      expect(error).toMatchObject({code: 'XMPP_TLS_UNTRUSTED', message: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID')})
      // The same server passes the TLS check for its own domain (then times out: it speaks no XMPP).
      const ok = await openSecureSession({jid: 'alice@example.test', host: '127.0.0.1', port, directTls: true, caFile: pki.caFile, timeoutMs: 300}).catch((e: unknown) => e)
      expect(ok).toMatchObject({code: 'XMPP_TIMEOUT'})
    } finally {
      for (const socket of accepted) socket.destroy()
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()))
    }
  })

  it('a domain the server does not host is reported as such', async () => {
    const s = server()
    const error = await openSecureSession({...settingsFor(s, 'alice'), jid: 'alice@not-hosted.example'}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_HOST_UNKNOWN'})
  })

  it('reports an unreadable --ca file clearly', async () => {
    const s = server()
    await expect(openSecureSession(settingsFor(s, 'alice', {caFile: '/nonexistent/ca.pem'}))).rejects.toMatchObject({code: 'XMPP_CA_FILE_UNREADABLE'})
  })
})

describe('connection failures', () => {
  const silent: {close?: () => Promise<void>} = {}
  afterAll(async () => silent.close?.())

  it('connection refused', async () => {
    const s = server()
    const port = await closedPort()
    const error = await openSecureSession(settingsFor(s, 'alice', {port})).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_CONNECTION_REFUSED', message: expect.stringContaining(`127.0.0.1:${port}`)})
  })

  it('a server that never answers times out', async () => {
    const s = server()
    const quiet = await silentServer()
    silent.close = quiet.close
    await expect(openSecureSession(settingsFor(s, 'alice', {port: quiet.port, timeoutMs: 500}))).rejects.toMatchObject({code: 'XMPP_TIMEOUT'})
  })

  it('a DNS failure while looking up SRV records is reported as such', async () => {
    const resolver = async (): Promise<never> => {
      throw Object.assign(new Error('querySrv ESERVFAIL'), {code: 'ESERVFAIL', syscall: 'querySrv'})
    }
    await expect(openSecureSession({jid: 'alice@example.test'}, {resolver})).rejects.toMatchObject({code: 'XMPP_DNS_FAILED'})
  })

  it('an invalid address is refused before connecting', async () => {
    await expect(openSecureSession({jid: 'alice example.test'})).rejects.toMatchObject({code: 'XMPP_INVALID_JID'})
  })
})

describe('connectFromWorkspace (what later commands call)', () => {
  it('logs in with the stored account, its overrides and password', async () => {
    const s = server()
    const ws = new Workspace(join(mkdtempSync(join(tmpdir(), 'xm-ws-')), 'ws'))
    saveCredentials(ws, {version: 1, jid: `${NON_ASCII.username}@${s.domain}`, password: NON_ASCII.password, host: s.host, port: s.port, ca: s.caFile, verifiedAt: '2026-01-01T00:00:00.000Z'})
    const session = await connectFromWorkspace(ws, {})
    expect(session.boundJid?.startsWith(`helene@${s.domain}/`)).toBe(true)
    await session.close()
  })

  it('without a stored account and no --jid: NO_ACCOUNT', async () => {
    const ws = new Workspace(join(mkdtempSync(join(tmpdir(), 'xm-ws-')), 'ws'))
    await expect(connectFromWorkspace(ws, {})).rejects.toMatchObject({code: 'NO_ACCOUNT'})
  })
})

describe('service discovery', () => {
  it('finds the MUC service, upload, MAM, bookmarks and the server version', async () => {
    const s = server()
    const session = await loginAccount(settingsFor(s, ASCII.username), ASCII.password)
    try {
      const info = await discoverServer(session, () => new Date('2026-01-02T03:04:05Z'))
      expect(info.domain).toBe(s.domain)
      expect(info.account).toBe(`alice@${s.domain}`)
      expect(info.discoveredAt).toBe('2026-01-02T03:04:05.000Z')
      expect(info.muc?.jid).toBe(s.mucDomain)
      if (s.uploadDomain) {
        expect(info.upload?.jid).toBe(s.uploadDomain)
        expect(info.upload?.maxFileSize).toBeGreaterThan(0)
      }
      expect(info.software?.name.toLowerCase()).toBe(s.kind)
      expect(info.mam).toBe(true)
      expect(info.server.identities).toContainEqual(expect.objectContaining({category: 'server', type: 'im'}))
    } finally {
      await session.close()
    }
  })

  it('sees XEP-0401 account invitations as an admin (Prosody mod_invites)', async (ctx) => {
    const s = server()
    if (s.kind === 'ejabberd') ctx.skip('ejabberd 23.01 has no XEP-0401 invitations (no mod_invites)')
    const admin = s.admin.jid.split('@')[0] ?? 'admin'
    const session = await loginAccount(settingsFor(s, admin), s.admin.password)
    try {
      const info = await discoverServer(session)
      expect(info.invites).toEqual({contactInvites: true, accountInvites: true})
      expect(info.bookmarks2).toBe(true)
    } finally {
      await session.close()
    }
  })
})
