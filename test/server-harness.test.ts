/**
 * The test-server harness (test/server/) proves itself against the server kind of this run:
 *   npx vitest run test/server-harness.test.ts                            (Prosody)
 *   XMPP_TEST_SERVER=ejabberd npx vitest run test/server-harness.test.ts  (ejabberd)
 * Everything is checked on the wire by hand (RawXmppStream), with Node's TLS verification on.
 */
import {X509Certificate} from 'node:crypto'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {get as httpGet} from 'node:http'
import {connect} from 'node:net'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {startTestServer, testServerKind, useTestServer, type TestServer} from './server/index.js'
import {isAlive, runCommand, waitUntilGone} from './server/processes.js'
import {RawXmppStream} from './server/RawXmppStream.js'

const kind = testServerKind()
/** For tests that start servers of their own or a nested vitest run (ejabberd: ~4 s start, ~3 s stop). */
const SLOW_TEST_MS = 120_000
// Distinct, with non-ASCII: SASL PLAIN carries UTF-8 (RFC 4616), and the log check below needs
// strings that cannot appear by chance.
const ALICE = {username: 'alice', password: 'Alice-pré-€-7Qx'}
const server = useTestServer({accounts: [ALICE, {username: 'root2', password: 'Root2-pw-9Zk', admin: true}]})

/** Opens a stream, negotiates STARTTLS trusting only the test CA, and reopens the stream. */
async function secureStream(s: TestServer): Promise<{stream: RawXmppStream; features: string}> {
  const stream = await RawXmppStream.connect(s.host, s.port)
  await stream.openStream(s.domain)
  await stream.startTls({servername: s.domain, ca: readFileSync(s.caFile)})
  const features = await stream.openStream(s.domain)
  return {stream, features}
}

async function loginResult(s: TestServer, username: string, password: string): Promise<string> {
  const {stream} = await secureStream(s)
  try {
    return await stream.authenticatePlain(username, password)
  } finally {
    stream.close()
  }
}

/** A logged-in, resource-bound stream (SASL PLAIN, then RFC 6120 §7 bind). */
async function boundStream(s: TestServer, username: string, password: string): Promise<RawXmppStream> {
  const {stream} = await secureStream(s)
  try {
    expect(await stream.authenticatePlain(username, password)).toBe('success')
    await stream.openStream(s.domain) // RFC 6120 §6.4.6: a new stream after SASL
    const bound = await stream.iq('bind', `<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`)
    expect(bound).toMatch(new RegExp(`<jid>${username}@example\\.test/`))
    return stream
  } catch (error) {
    stream.close()
    throw error
  }
}

/** Sends a disco#info or disco#items query and returns the reply. */
async function disco(stream: RawXmppStream, id: string, to: string, what: 'info' | 'items', node?: string): Promise<string> {
  const nodeAttribute = node === undefined ? '' : ` node='${node}'`
  return stream.iq(id, `<iq type='get' id='${id}' to='${to}'><query xmlns='http://jabber.org/protocol/disco#${what}'${nodeAttribute}/></iq>`)
}

/** XEP-0077 registration by hand on a secured stream; returns the reply's error condition or 'result'. */
async function register(stream: RawXmppStream, id: string, username: string, password: string): Promise<string> {
  const reply = await stream.iq(
    id,
    `<iq type='set' id='${id}'><query xmlns='jabber:iq:register'>` +
      `<username>${username}</username><password>${password}</password></query></iq>`,
  )
  if (/type=['"]result['"]/.test(reply)) return 'result'
  return /<([a-z-]+) xmlns=['"]urn:ietf:params:xml:ns:xmpp-stanzas['"]/.exec(reply)?.[1] ?? reply
}

/** Number of processes named `name` (from /proc). */
function countProcesses(name: string): number {
  let count = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) count++
    } catch {
      // the process ended meanwhile
    }
  }
  return count
}

describe(`test server harness (${kind})`, () => {
  it('describes a running server of the selected kind on loopback', () => {
    const s = server()
    expect(s.kind).toBe(kind)
    expect(s.domain).toBe('example.test')
    expect(s.host).toBe('127.0.0.1')
    expect(s.mucDomain).toBe('conference.example.test')
    expect(s.uploadDomain).toBe('upload.example.test')
    expect(s.admin.jid).toBe('admin@example.test')
    const ports = [s.port, s.directTlsPort, s.httpPort]
    expect(new Set(ports).size).toBe(3)
    for (const port of ports) expect(port).toBeGreaterThan(1023)
  })

  it('ships a CA certificate (CA:TRUE) that signed the certificate the server presents', async () => {
    const s = server()
    const ca = new X509Certificate(readFileSync(s.caFile))
    expect(ca.ca).toBe(true)
    const {stream} = await secureStream(s)
    try {
      const socket = stream.connection as import('node:tls').TLSSocket
      expect(socket.authorized).toBe(true)
      const leaf = socket.getPeerX509Certificate()
      expect(leaf?.ca).toBe(false)
      expect(leaf?.checkIssued(ca)).toBe(true)
      expect(leaf?.verify(ca.publicKey)).toBe(true)
      for (const name of ['example.test', '*.example.test', 'conference.example.test', 'upload.example.test']) {
        expect(leaf?.subjectAltName).toContain(`DNS:${name}`)
      }
    } finally {
      stream.close()
    }
  })

  it('requires STARTTLS, and after it offers SASL PLAIN with a verified certificate', async () => {
    const s = server()
    const plain = await RawXmppStream.connect(s.host, s.port)
    try {
      const features = await plain.openStream(s.domain)
      // RFC 6120 §5.3.1: mandatory-to-negotiate TLS is flagged <required/>.
      expect(features).toMatch(/<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]>\s*<required\/>/)
      expect(features).not.toMatch(/<mechanism>PLAIN<\/mechanism>/)
    } finally {
      plain.close()
    }
    const {stream, features} = await secureStream(s)
    stream.close()
    expect(features).toMatch(/<mechanism>PLAIN<\/mechanism>/)
  })

  it('fails the TLS handshake without the test CA (certificate not trusted)', async () => {
    const s = server()
    const stream = await RawXmppStream.connect(s.host, s.port)
    try {
      await stream.openStream(s.domain)
      const error: unknown = await stream.startTls({servername: s.domain}).then(
        () => new Error('the handshake succeeded without the test CA'),
        (e: unknown) => e,
      )
      expect((error as NodeJS.ErrnoException).code).toMatch(
        /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/,
      )
    } finally {
      stream.close()
    }
  })

  it('fails the TLS handshake for a name the certificate does not carry, even with the CA', async () => {
    const s = server()
    const stream = await RawXmppStream.connect(s.host, s.port)
    try {
      await stream.openStream(s.domain)
      const error: unknown = await stream.startTls({servername: 'example.org', ca: readFileSync(s.caFile)}).then(
        () => new Error('the handshake succeeded for the wrong name'),
        (e: unknown) => e,
      )
      expect((error as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    } finally {
      stream.close()
    }
  })

  it('serves XEP-0368 direct TLS on directTlsPort, verified with the test CA', async () => {
    const s = server()
    expect(s.directTlsPort).not.toBeNull()
    const stream = await RawXmppStream.connectDirectTls(s.host, s.directTlsPort ?? 0, {
      servername: s.domain,
      ca: readFileSync(s.caFile),
    })
    try {
      const features = await stream.openStream(s.domain)
      expect(features).toMatch(/<mechanism>PLAIN<\/mechanism>/)
      expect(await stream.authenticatePlain('alice', ALICE.password)).toBe('success')
    } finally {
      stream.close()
    }
    const untrusted = await RawXmppStream.connectDirectTls(s.host, s.directTlsPort ?? 0, {servername: s.domain}).then(
      (connected) => {
        connected.close()
        return new Error('direct TLS succeeded without the test CA')
      },
      (e: unknown) => e,
    )
    expect((untrusted as NodeJS.ErrnoException).code).toMatch(/CERT|VERIFY|SIGNATURE/)
  })

  it('created the accounts of the options and the admin: they log in, a wrong password does not', async () => {
    const s = server()
    expect(await loginResult(s, ALICE.username, ALICE.password)).toBe('success')
    expect(await loginResult(s, 'root2', 'Root2-pw-9Zk')).toBe('success')
    expect(await loginResult(s, 'admin', s.admin.password)).toBe('success')
    expect(await loginResult(s, ALICE.username, `${ALICE.password}x`)).toBe('not-authorized')
    expect(await loginResult(s, 'nobody', 'whatever')).toBe('not-authorized')
  })

  it('createAccount makes an account that logs in (non-ASCII password) and refuses a duplicate', async () => {
    const s = server()
    const password = 'Motdepasse-été-€-4Hw'
    expect(await loginResult(s, 'carol', password)).toBe('not-authorized')
    await s.createAccount('carol', password)
    expect(await loginResult(s, 'carol', password)).toBe('success')
    const duplicate = await s.createAccount('carol', 'other').then(() => 'created', (e: Error) => e.message)
    expect(duplicate).toMatch(/cannot create carol@example\.test/)
    expect(duplicate).not.toContain('other')
  })

  it('offers what later issues need: MUC, HTTP upload, MAM, carbons (and invitations on Prosody)', async () => {
    const s = server()
    const stream = await boundStream(s, 'admin', s.admin.password)
    try {
      const items = await disco(stream, 'd1', s.domain, 'items')
      expect(items).toMatch(new RegExp(`jid=['"]${s.mucDomain}['"]`))
      expect(items).toMatch(new RegExp(`jid=['"]${s.uploadDomain}['"]`))
      expect(await disco(stream, 'd2', s.mucDomain, 'info')).toMatch(/var=['"]http:\/\/jabber\.org\/protocol\/muc['"]/)
      expect(await disco(stream, 'd3', s.uploadDomain ?? '', 'info')).toMatch(/var=['"]urn:xmpp:http:upload:0['"]/)
      expect(await disco(stream, 'd4', 'admin@example.test', 'info')).toMatch(/var=['"]urn:xmpp:mam:2['"]/)
      const domain = await disco(stream, 'd5', s.domain, 'info')
      expect(domain).toMatch(/var=['"]urn:xmpp:carbons:2['"]/)
      expect(domain).toMatch(/var=['"]jabber:iq:version['"]/)
      if (kind === 'prosody') {
        // XEP-0401 account invitations, as ad-hoc commands for admins (mod_invites_adhoc).
        expect(await disco(stream, 'd6', s.domain, 'items', 'http://jabber.org/protocol/commands')).toContain('urn:xmpp:invite#create-account')
      }
    } finally {
      stream.close()
    }
  })

  it('serves XEP-0363 HTTP upload on httpPort: a slot, a PUT and a GET of the same bytes', async () => {
    const s = server()
    const stream = await boundStream(s, ALICE.username, ALICE.password)
    const content = 'Bonjour à tous 👋\n'
    const size = Buffer.byteLength(content)
    let slot: string
    try {
      slot = await stream.iq(
        'u1',
        `<iq type='get' id='u1' to='${s.uploadDomain}'><request xmlns='urn:xmpp:http:upload:0' ` +
          `filename='hello.txt' size='${size}' content-type='text/plain; charset=utf-8'/></iq>`,
      )
    } finally {
      stream.close()
    }
    const unescape = (text: string): string => text.replaceAll('&amp;', '&').replaceAll('&apos;', "'").replaceAll('&quot;', '"')
    const putUrl = unescape(/<put[^>]*url=['"]([^'"]+)['"]/.exec(slot)?.[1] ?? '')
    const getUrl = unescape(/<get[^>]*url=['"]([^'"]+)['"]/.exec(slot)?.[1] ?? '')
    expect(putUrl, slot).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.httpPort}/`))
    expect(getUrl, slot).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.httpPort}/`))
    const headers: Record<string, string> = {'content-type': 'text/plain; charset=utf-8'}
    for (const [, name, value] of slot.matchAll(/<header name=['"]([^'"]+)['"]>([^<]*)<\/header>/g)) {
      if (name !== undefined && value !== undefined) headers[name] = unescape(value)
    }
    const put = await fetch(putUrl, {method: 'PUT', headers, body: content})
    expect(put.status).toBeLessThan(300)
    const get = await fetch(getUrl)
    expect(get.status).toBe(200)
    expect(await get.text()).toBe(content)
  })

  it('makes accounts with admin: true server admins (they see more ad-hoc commands than others)', async () => {
    const s = server()
    const commandCount = async (username: string, password: string): Promise<number> => {
      const stream = await boundStream(s, username, password)
      try {
        const items = await disco(stream, 'c1', s.domain, 'items', 'http://jabber.org/protocol/commands')
        return (items.match(/<item /g) ?? []).length
      } finally {
        stream.close()
      }
    }
    const forAlice = await commandCount(ALICE.username, ALICE.password)
    expect(await commandCount('root2', 'Root2-pw-9Zk')).toBeGreaterThan(forAlice)
    expect(await commandCount('admin', s.admin.password)).toBeGreaterThan(forAlice)
  })

  it('allows open in-band registration without throttling (several in a row)', async () => {
    const s = server()
    const {stream} = await secureStream(s)
    try {
      expect(await register(stream, 'r1', 'dave', 'Dave-pw-3Lm')).toBe('result')
      expect(await register(stream, 'r2', 'erin', 'Erin-pw-8Tp')).toBe('result')
      expect(await register(stream, 'r3', 'dave', 'Dave-pw-3Lm')).toBe('conflict')
    } finally {
      stream.close()
    }
    expect(await loginResult(s, 'erin', 'Erin-pw-8Tp')).toBe('success')
  })

  it.runIf(kind === 'prosody')('createAccountInvite returns a working single-use account invitation (Prosody)', async () => {
    const s = server()
    const uri = await s.createAccountInvite()
    const token = /^xmpp:example\.test\?register;preauth=([A-Za-z0-9_-]{24})$/.exec(uri)?.[1]
    expect(token, uri).toBeDefined()
    expect(await s.createAccountInvite()).not.toBe(uri)
    // mod_invites_page serves its landing page on httpPort for the VirtualHost's name.
    const landing = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpGet({host: s.host, port: s.httpPort, path: `/invites_page?${token}`, headers: {host: s.domain}}, (response) => {
        response.resume()
        resolve(response.statusCode)
      })
      request.on('error', reject)
    })
    expect(landing).toBe(200)
    const {stream} = await secureStream(s)
    try {
      // XEP-0401 §4: the token is presented with a urn:xmpp:pars:0 preauth IQ before registering.
      const bogus = await stream.iq('p0', `<iq type='set' id='p0'><preauth xmlns='urn:xmpp:pars:0' token='not-a-token'/></iq>`)
      expect(bogus).toMatch(/type=['"]error['"]/)
      const accepted = await stream.iq('p1', `<iq type='set' id='p1'><preauth xmlns='urn:xmpp:pars:0' token='${token}'/></iq>`)
      expect(accepted).toMatch(/type=['"]result['"]/)
    } finally {
      stream.close()
    }
  })

  it.runIf(kind === 'ejabberd')('createAccountInvite is unsupported on ejabberd (no XEP-0401)', async () => {
    await expect(server().createAccountInvite()).rejects.toThrow('unsupported on ejabberd: no XEP-0401')
  })

  it('keeps passwords out of the server log', async () => {
    const s = server()
    await loginResult(s, ALICE.username, ALICE.password)
    const logs = await s.logs()
    expect(logs.length).toBeGreaterThan(0)
    for (const secret of [ALICE.password, 'Root2-pw-9Zk', 'Motdepasse-été-€-4Hw', 'Dave-pw-3Lm', s.admin.password]) {
      expect(logs).not.toContain(secret)
    }
  })
})

describe(`registration modes (${kind})`, () => {
  it('closed: nobody registers in band', async () => {
    const s = await startTestServer({registration: 'closed'})
    try {
      const {stream} = await secureStream(s)
      try {
        expect(await register(stream, 'c1', 'frank', 'Frank-pw-2Qs')).not.toBe('result')
      } finally {
        stream.close()
      }
      expect(await loginResult(s, 'frank', 'Frank-pw-2Qs')).toBe('not-authorized')
      // Out-of-band creation still works.
      await s.createAccount('grace', 'Grace-pw-5Ud')
      expect(await loginResult(s, 'grace', 'Grace-pw-5Ud')).toBe('success')
    } finally {
      await s.stop()
    }
  }, SLOW_TEST_MS)

  it.runIf(kind === 'prosody')('invite-only: plain registration refused, registration with a token accepted once', async () => {
    const s = await startTestServer({registration: 'invite-only'})
    try {
      const token = /preauth=([A-Za-z0-9_-]+)/.exec(await s.createAccountInvite())?.[1]
      const {stream} = await secureStream(s)
      try {
        expect(await register(stream, 'i1', 'heidi', 'Heidi-pw-6Vb')).toBe('not-acceptable')
        await stream.iq('i2', `<iq type='set' id='i2'><preauth xmlns='urn:xmpp:pars:0' token='${token}'/></iq>`)
        expect(await register(stream, 'i3', 'heidi', 'Heidi-pw-6Vb')).toBe('result')
      } finally {
        stream.close()
      }
      expect(await loginResult(s, 'heidi', 'Heidi-pw-6Vb')).toBe('success')
      // Account invitations are single-use.
      const again = await secureStream(s)
      try {
        const reuse = await again.stream.iq('i4', `<iq type='set' id='i4'><preauth xmlns='urn:xmpp:pars:0' token='${token}'/></iq>`)
        expect(reuse).toMatch(/<forbidden /)
      } finally {
        again.stream.close()
      }
    } finally {
      await s.stop()
    }
  }, SLOW_TEST_MS)
})

describe(`stopping (${kind})`, () => {
  it('stop() ends every process of the server, frees its ports and deletes its files', async () => {
    const epmdBefore = countProcesses('epmd')
    const s = await startTestServer()
    const pids = (s as TestServer & {pids(): number[]}).pids()
    expect(pids.length).toBe(kind === 'ejabberd' ? 2 : 1) // ejabberdctl's shell + beam.smp, or prosody
    for (const pid of pids) expect(isAlive(pid)).toBe(true)
    const dir = readFileSync(`/proc/${pids.at(-1)}/cmdline`, 'utf8').match(/\/[^\0]*?\/xm[pe]-[A-Za-z0-9]{6}/)?.[0]
    expect(dir && existsSync(dir)).toBe(true)

    await s.stop()

    for (const pid of pids) expect(isAlive(pid)).toBe(false)
    expect(existsSync(dir ?? '/nonexistent')).toBe(false)
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({host: s.host, port: s.port})
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', () => resolve(true))
    })
    expect(refused).toBe(true)
    // ejabberd without ERL_DIST_PORT would have started a lasting system-wide epmd.
    expect(countProcesses('epmd')).toBe(epmdBefore)
    // The log stays readable after stop, for reports.
    expect((await s.logs()).length).toBeGreaterThan(0)
    await s.stop() // idempotent
  }, SLOW_TEST_MS)
})

/** Runs the fixture files matching `filter` in a nested vitest (test/server/fixtures/vitest.config.ts). */
async function runFixture(filter: string): Promise<{code: number | null; output: string; pids: number[]}> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // A clean environment for the nested run: this worker's VITEST_* variables would confuse it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')))
  const run = await runCommand(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/server/fixtures/vitest.config.ts', filter],
    {cwd: root, env: {...env, NO_COLOR: '1', FORCE_COLOR: '0', XMPP_TEST_SERVER: kind}, timeoutMs: 90_000},
  )
  const output = run.stdout + run.stderr
  const pids = JSON.parse(/FIXTURE-PIDS (\[[\d,]*\])/.exec(output)?.[1] ?? '[]') as number[]
  return {code: run.code, output, pids}
}

describe(`the harness in a real vitest run (${kind})`, () => {
  it('useTestServer prints the server log of a failing test only, and stops the server after the file', async () => {
    const {code, output, pids} = await runFixture('failing-test')
    expect(code, output).toBe(1)
    expect(output).toContain(`--- ${kind} log during "fails after talking to the server"`)
    expect(output).toContain(`--- end of ${kind} log ---`)
    // The printed part is the real server log of that test: it saw the test's connection.
    expect(output).toMatch(kind === 'prosody' ? /Client sent opening <stream:stream> to example\.test/ : /Accepted connection 127\.0\.0\.1/)
    expect(output).not.toContain('log during "passes and reports the server pids"')
    expect(pids.length, output).toBeGreaterThan(0)
    for (const pid of pids) expect(isAlive(pid)).toBe(false)
  }, SLOW_TEST_MS)

  it('a server that a test file forgets to stop is ended with the vitest worker', async () => {
    const {code, output, pids} = await runFixture('forgotten-stop')
    expect(code, output).toBe(0)
    expect(pids.length, output).toBeGreaterThan(0)
    // SIGKILLed by the worker's signal handler as it ended; the kernel may take a moment to reap.
    expect(await waitUntilGone(pids, 5000)).toBe(true)
    const dir = /FIXTURE-DIR (\S+)/.exec(output)?.[1]
    expect(dir, output).toMatch(/\/xm[pe]-/)
    expect(existsSync(dir ?? '')).toBe(false)
  }, SLOW_TEST_MS)
})
