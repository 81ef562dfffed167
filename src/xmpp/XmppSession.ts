import {randomBytes} from 'node:crypto'
import {StringDecoder} from 'node:string_decoder'
import {rootCertificates, type ConnectionOptions} from 'node:tls'

import {Client} from '@xmpp/client-core'
import ConnectionTCP from '@xmpp/connection-tcp'
import TcpSocket from '@xmpp/connection-tcp/Socket.js'
import iqCallee from '@xmpp/iq/callee.js'
import middleware from '@xmpp/middleware'
import {xml, type Element} from '@xmpp/xml'

import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import type {Endpoint} from './endpoints.js'
import {CONNECTION_CLOSED, translateConnectError, XmppErrorCode} from './errors.js'
import {VerifyingTlsSocket} from './VerifyingTlsSocket.js'
import {redactElement} from './redact.js'
import {xmlSafe} from './xml.js'
import {ScramSession, type ScramHash} from './ScramSession.js'
import {fromBase64, plainMessage, SUPPORTED_MECHANISMS, toBase64, type MechanismName} from './sasl-text.js'
import {stanzaError, XmppRequestError} from './XmppRequestError.js'

const NS_STREAM = 'http://etherx.jabber.org/streams'
const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls'
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl'
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind'
const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session'

/** How to reach and trust one server. */
export interface SessionOptions {
  /** The XMPP domain: sent in the stream header, used for SNI and checked in the certificate. */
  domain: string
  /** Where to connect, best first (see resolveEndpoints). */
  endpoints: Endpoint[]
  /** Extra trusted CA certificates (PEM text), added to the system's roots (`--ca`). */
  extraCa?: string[]
  /** How long to wait for the connection and for each answer, in ms. */
  timeoutMs: number
  /** Stream language (RFC 6120 §4.7.4), e.g. `fr`. */
  lang?: string
  /** Receives every element sent or received, already redacted (no passwords, no SASL data). */
  log?: (direction: 'in' | 'out', xmlText: string) => void
}

interface Waiter {
  predicate: (element: Element) => boolean
  resolve: (element: Element) => void
  reject: (error: unknown) => void
  timer: NodeJS.Timeout
}

function timeoutError(what: string): Error {
  // i18n-ignore: a developer's label; translateConnectError turns a TimeoutError into a sentence
  const error = new Error(`Timed out waiting for ${what}`)
  error.name = 'TimeoutError'
  return error
}

/**
 * One client-to-server XMPP stream (RFC 6120), composed from xmpp.js parts without stream
 * management or reconnect: a failure ends the session with an error, it never loops.
 *
 * Life cycle: `XmppSession.open()` connects and secures the stream (STARTTLS or direct TLS,
 * certificate checked against the domain); the stream is then pre-authentication, where
 * in-band registration (XEP-0077) can run through `iq()`; `authenticate()` does SASL and
 * resource binding; `close()` ends it.
 */
export class XmppSession {
  /** The options the session was opened with. */
  readonly options: SessionOptions
  /** The endpoint that answered. */
  readonly endpoint: Endpoint
  /** The latest `<stream:features/>` received. */
  features: Element | null = null
  /** The full JID once bound, else null. */
  boundJid: string | null = null

  readonly #client: Client
  readonly #waiters = new Set<Waiter>()
  #decoder = new StringDecoder('utf8')
  #closed = false
  readonly #stanzaHandlers = new Set<(stanza: Element) => void>()

  private constructor(options: SessionOptions, endpoint: Endpoint) {
    this.options = options
    this.endpoint = endpoint
    const client = new Client({domain: options.domain, lang: options.lang, timeout: options.timeoutMs})
    this.#client = client
    const {Transport, service} = transportFor(endpoint, this.#tlsOptions())
    client.transports.push(Transport)
    this.#service = service

    // xmpp.js decodes each TCP chunk on its own (data.toString('utf8')), which breaks a UTF-8
    // character split across two chunks ("é" in a French message); decode as a stream instead.
    client._onData = (data: Buffer | string) => {
      const text = typeof data === 'string' ? data : this.#decoder.write(data)
      client.parser?.write(text)
    }
    // Every byte written goes through xmlSafe: a character XML forbids (ESC in a chat title or a
    // member's name) would make the server close the stream (issue 14). One place for all stanzas.
    const write = client.write.bind(client)
    client.write = async (text: string) => write(xmlSafe(text))
    client.on('error', (error: unknown) => this.#failAll(error))
    client.on('disconnect', () => {
      this.#failAll(new Error(CONNECTION_CLOSED))
      this.#notifyDisconnect()
    })
    client.on('element', (element: Element) => this.#onElement(element))
    client.on('stanza', (stanza: Element) => {
      for (const handler of this.#stanzaHandlers) handler(stanza)
    })
    if (options.log) {
      const log = options.log
      client.on('element', (element: Element) => log('in', redactElement(element).toString()))
      client.on('send', (element: Element) => log('out', redactElement(element).toString()))
    }
    const mw = middleware({entity: client})
    // Answer pings (XEP-0199) so a server checking liveness does not drop us; other queries get
    // service-unavailable from the callee (RFC 6120 §8.4).
    const callee = iqCallee({entity: client, middleware: mw})
    callee.get('urn:xmpp:ping', 'ping', () => ({}))
    // Roster pushes (RFC 6121 §2.1.6) are acknowledged with an empty result when they come from
    // our own account (no 'from', or our bare JID); others are not ours to accept.
    callee.set('jabber:iq:roster', 'query', (ctx) => {
      const from = ctx.stanza.attrs.from as string | undefined
      const ownBare = this.boundJid?.split('/')[0]?.toLowerCase()
      return from === undefined || (ownBare !== undefined && from.toLowerCase() === ownBare) ? true : undefined
    })
  }

  readonly #service: string

  /**
   * Connects to the first endpoint that answers, opens the stream and secures it with TLS.
   *
   * Fails with a UserError: XMPP_DNS_FAILED, XMPP_CONNECTION_REFUSED, XMPP_TIMEOUT (every endpoint
   * failed, last reason), XMPP_TLS_UNTRUSTED (certificate; not retried elsewhere),
   * XMPP_TLS_UNAVAILABLE (server offers no STARTTLS), XMPP_HOST_UNKNOWN.
   */
  static async open(options: SessionOptions): Promise<XmppSession> {
    let lastError: unknown = new UserError(XmppErrorCode.DNS_FAILED, t('errors.xmpp.noServer', {domain: options.domain}))
    for (const endpoint of options.endpoints) {
      const session = new XmppSession(options, endpoint)
      try {
        await session.#start()
        return session
      } catch (error) {
        session.abort()
        const translated = translateConnectError(error, {domain: options.domain, endpoint, timeoutMs: options.timeoutMs})
        const code = (translated as {code?: string}).code
        lastError = translated
        // Only network-level failures move on to the next endpoint; a certificate or protocol
        // failure would be the same (or worse, a downgrade) elsewhere.
        if (code !== XmppErrorCode.CONNECTION_REFUSED && code !== XmppErrorCode.TIMEOUT && code !== XmppErrorCode.DNS_FAILED && code !== XmppErrorCode.CONNECTION_LOST) {
          throw translated
        }
      }
    }
    throw lastError
  }

  /** true once the stream is encrypted (always, after open()). */
  get secure(): boolean {
    return this.#client.isSecure()
  }

  /** true if the server offers in-band registration on this stream (XEP-0077 §3.1.1 stream feature). */
  get offersRegistration(): boolean {
    return this.features?.getChild('register', 'http://jabber.org/features/iq-register') !== undefined
  }

  #tlsOptions(): ConnectionOptions {
    const {domain, extraCa} = this.options
    return {
      // SNI and the certificate check use the domain, never the IP or SRV target (RFC 6125 §6,
      // RFC 6120 §13.7.2.1): --host 127.0.0.1 still verifies "example.test".
      servername: domain,
      ...(extraCa && extraCa.length > 0 ? {ca: [...rootCertificates, ...extraCa]} : {}),
      minVersion: 'TLSv1.2',
    }
  }

  async #start(): Promise<void> {
    const timeoutMs = this.options.timeoutMs
    // i18n-ignore: developer labels of what was awaited (never shown: see timeoutError)
    await this.#withTimeout(this.#client.connect(this.#service), 'the TCP/TLS connection', timeoutMs)
    // Request/answer sequences (affiliations, invitations) write small stanzas: without this,
    // Nagle's algorithm holds each one back ~40 ms waiting for the previous ACK.
    const wrapped = this.#client.socket as unknown as {socket?: {setNoDelay?: (noDelay: boolean) => unknown}} | undefined
    wrapped?.socket?.setNoDelay?.(true)
    this.features = await this.#openStream(false)
    if (!this.#client.isSecure()) {
      if (!this.features.getChild('starttls', NS_TLS)) {
        throw new UserError(XmppErrorCode.TLS_UNAVAILABLE, t('errors.xmpp.noStartTls', {where: `${this.endpoint.host}:${this.endpoint.port}`}), {
          suggestions: [t('errors.xmpp.noStartTlsFix')],
        })
      }
      await this.#startTls()
    }
  }

  // RFC 6120 §5.4: <starttls/>, <proceed/>, TLS handshake on the same socket, then a new stream.
  async #startTls(): Promise<void> {
    // i18n-ignore: developer label
    const answer = this.#waitFor((el) => el.getNS() === NS_TLS, 'the STARTTLS answer')
    await this.#client.send(xml('starttls', {xmlns: NS_TLS}))
    if (!(await answer).is('proceed', NS_TLS)) {
      throw new UserError(XmppErrorCode.TLS_UNAVAILABLE, t('errors.xmpp.startTlsRefused'), {suggestions: [t('errors.xmpp.tryLaterOrAdmin')]})
    }
    const raw = this.#client.socket
    const tlsSocket = new VerifyingTlsSocket()
    tlsSocket.connect({...this.#tlsOptions(), socket: raw as unknown as ConnectionOptions['socket'], host: this.options.domain})
    await this.#withTimeout(
      new Promise<void>((resolve, reject) => {
        tlsSocket.once('connect', () => resolve())
        tlsSocket.once('error', reject)
      }),
      'the TLS handshake', // i18n-ignore: developer label
      this.options.timeoutMs,
    )
    this.#decoder = new StringDecoder('utf8')
    this.#client._attachSocket(tlsSocket)
    this.features = await this.#openStream(true)
  }

  // Opens (or, after STARTTLS/SASL, restarts: RFC 6120 §4.3.3) the stream and resolves with the
  // server's <stream:features/>. Not xmpp.js's open()/restart(): they listen for the server's
  // header only after our write completes, and a fast local server (ejabberd) answers before
  // that, so the wait times out although the stream is open. Here the features waiter is set
  // before a single byte is written.
  async #openStream(restart: boolean): Promise<Element> {
    const client = this.#client
    // i18n-ignore: developer label
    const features = this.#waitFor((el) => el.is('features', NS_STREAM), 'the stream features')
    try {
      if (restart) client._detachParser()
      const header = client.headerElement()
      header.attrs.to = this.options.domain
      if (this.options.lang) header.attrs['xml:lang'] = this.options.lang
      client.root = header
      client._attachParser(new client.Parser())
      await client.write(client.header(header))
    } catch (error) {
      throw error
    }
    return features
  }

  /**
   * Authenticates with SASL (SCRAM-SHA-256, SCRAM-SHA-1 or PLAIN over TLS, UTF-8 throughout),
   * then binds a resource. Resolves with the full JID.
   *
   * Fails with a UserError: XMPP_WRONG_PASSWORD (`not-authorized`), XMPP_ACCOUNT_DISABLED,
   * XMPP_AUTH_FAILED (other SASL failures or no common mechanism), XMPP_SERVER_NOT_AUTHENTIC
   * (the server's SCRAM signature is wrong), XMPP_TIMEOUT.
   */
  async authenticate(username: string, password: string, resource = `xmpp-migrate.${randomBytes(3).toString('hex')}`): Promise<string> {
    const offered = (this.features?.getChild('mechanisms', NS_SASL)?.getChildren('mechanism') ?? []).map((m) => m.text().trim())
    const mechanism = SUPPORTED_MECHANISMS.find((m) => offered.includes(m) && (m !== 'PLAIN' || this.secure))
    if (!mechanism) {
      throw new UserError(XmppErrorCode.AUTH_FAILED, t('errors.xmpp.noMechanism', {offered: offered.join(', ') || '—'}), {
        suggestions: [t('errors.xmpp.noMechanismFix')],
      })
    }
    await this.#sasl(mechanism, username, password)
    this.features = await this.#openStream(true)
    return this.#bind(resource)
  }

  async #sasl(mechanism: MechanismName, username: string, password: string): Promise<void> {
    const {domain} = this.options
    const account = `${username}@${domain}`
    // i18n-ignore: developer label
    const next = (): Promise<Element> => this.#waitFor((el) => el.getNS() === NS_SASL, 'the login answer')
    let scram: ScramSession | null = null
    let reply = next()
    if (mechanism === 'PLAIN') {
      await this.#client.send(xml('auth', {xmlns: NS_SASL, mechanism}, toBase64(plainMessage(username, password))))
    } else {
      const hash: ScramHash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha1'
      scram = new ScramSession(hash, username, password)
      await this.#client.send(xml('auth', {xmlns: NS_SASL, mechanism}, toBase64(scram.clientFirst())))
    }
    let serverFinalChecked = scram === null
    let step = 0
    for (;;) {
      const element = await reply
      if (element.is('success')) {
        const extra = element.text().trim()
        if (scram && !serverFinalChecked) {
          serverFinalChecked = extra !== '' && scram.verifyServerFinal(fromBase64(extra))
        }
        if (!serverFinalChecked) {
          throw new UserError(XmppErrorCode.SERVER_NOT_AUTHENTIC, t('errors.xmpp.notAuthentic', {account}), {
            suggestions: [t('errors.xmpp.notAuthenticFix')],
          })
        }
        return
      }
      if (element.is('failure')) throw saslFailure(element, account)
      if (element.is('challenge') && scram) {
        const challenge = fromBase64(element.text())
        reply = next()
        if (step === 0) {
          await this.#client.send(xml('response', {xmlns: NS_SASL}, toBase64(scram.clientFinal(challenge))))
        } else {
          // Some servers send the server-final as a last challenge (RFC 6120 §6.4.3 allows it).
          serverFinalChecked = scram.verifyServerFinal(challenge)
          await this.#client.send(xml('response', {xmlns: NS_SASL}))
        }
        step++
        continue
      }
      throw new UserError(XmppErrorCode.AUTH_FAILED, t('errors.xmpp.unexpectedLoginAnswer', {element: `<${element.name}/>`}))
    }
  }

  // RFC 6120 §7: resource binding; RFC 3921 §3 session only when the server marks it required.
  async #bind(resource: string): Promise<string> {
    const reply = await this.iq(xml('iq', {type: 'set'}, xml('bind', {xmlns: NS_BIND}, xml('resource', {}, resource))))
    const jid = reply.getChild('bind', NS_BIND)?.getChildText('jid')
    if (!jid) throw new UserError(XmppErrorCode.AUTH_FAILED, t('errors.xmpp.bindFailed'))
    this.#client._jid(jid)
    const session = this.features?.getChild('session', NS_SESSION)
    if (session && !session.getChild('optional')) {
      await this.iq(xml('iq', {type: 'set'}, xml('session', {xmlns: NS_SESSION})))
    }
    this.#client._ready(false)
    this.boundJid = jid
    return jid
  }

  /**
   * Sends an iq (`type` get or set) and resolves with the reply stanza (RFC 6120 §8.2.3).
   * Fails with XmppRequestError (the server's error condition) or a UserError XMPP_TIMEOUT.
   *
   * Not xmpp.js's iq caller: it attaches its handler only after the write completes, so a reply
   * arriving first (a fast local server) becomes an unhandled rejection that kills the process.
   */
  async iq(stanza: Element, timeoutMs = this.options.timeoutMs): Promise<Element> {
    const id = stanza.attrs.id ?? `xm-${randomBytes(6).toString('hex')}`
    stanza.attrs.id = id
    const to = stanza.attrs.to?.toLowerCase()
    const ownBare = this.boundJid?.split('/')[0]?.toLowerCase()
    const reply = this.#waitFor(
      (el) => {
        if (el.name !== 'iq' || el.attrs.id !== id || (el.attrs.type !== 'result' && el.attrs.type !== 'error')) return false
        // RFC 6120 §8.1.2.1: only the addressed entity may answer (our own server answers for
        // our bare JID and for requests without 'to'); anything else could be spoofed.
        const from = el.attrs.from?.toLowerCase()
        return to === undefined || from === to || (from === undefined && (to === ownBare || to === this.options.domain))
      },
      `the answer to an iq (${stanza.getChildElements()[0]?.getNS() ?? 'empty'})`, // i18n-ignore: developer label
      timeoutMs,
    )
    try {
      await this.#client.send(stanza)
      const answer = await reply
      if (answer.attrs.type === 'error') {
        throw stanzaError(answer)
      }
      return answer
    } catch (error) {
      if (error instanceof XmppRequestError) throw error
      throw translateConnectError(error, {domain: this.options.domain, endpoint: this.endpoint, timeoutMs})
    }
  }

  /** Sends a stanza without waiting for an answer (message, presence). */
  async send(stanza: Element): Promise<void> {
    await this.#client.send(stanza)
  }

  /**
   * Calls `handler` once when the connection is lost or closed (network loss, server shutdown,
   * close()); returns the function that stops it. A session never reconnects by itself: the
   * caller opens a new one (`arrivals --watch` does).
   */
  onDisconnect(handler: () => void): () => void {
    if (this.#disconnected) {
      queueMicrotask(handler)
      return () => {}
    }
    this.#disconnectHandlers.add(handler)
    return () => this.#disconnectHandlers.delete(handler)
  }

  #disconnected = false
  readonly #disconnectHandlers = new Set<() => void>()

  #notifyDisconnect(): void {
    if (this.#disconnected) return
    this.#disconnected = true
    for (const handler of this.#disconnectHandlers) handler()
    this.#disconnectHandlers.clear()
  }

  /** Calls `handler` for every incoming stanza; returns the function that stops it. */
  onStanza(handler: (stanza: Element) => void): () => void {
    this.#stanzaHandlers.add(handler)
    return () => this.#stanzaHandlers.delete(handler)
  }

  /**
   * Closes the stream politely (`</stream:stream>`, RFC 6120 §4.4), then the socket; never
   * throws, safe to call twice.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#failAll(new Error(CONNECTION_CLOSED))
    this.#notifyDisconnect()
    const client = this.#client
    try {
      if (client.status !== 'offline' && client.socket) await client.stop()
    } catch {
      // Already gone: nothing to close.
    }
    this.#destroySocket()
  }

  /** Drops the connection at once, without closing the stream (after a failure). */
  abort(): void {
    this.#closed = true
    this.#failAll(new Error(CONNECTION_CLOSED))
    this.#notifyDisconnect()
    this.#destroySocket()
  }

  #destroySocket(): void {
    const socket = this.#client.socket as unknown as {destroy?: () => void; socket?: {destroy?: () => void}} | null
    socket?.socket?.destroy?.()
    socket?.destroy?.()
  }

  #onElement(element: Element): void {
    for (const waiter of this.#waiters) {
      if (waiter.predicate(element)) {
        this.#waiters.delete(waiter)
        clearTimeout(waiter.timer)
        waiter.resolve(element)
        return
      }
    }
  }

  #failAll(error: unknown): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(error)
    }
    this.#waiters.clear()
  }

  // The returned promise is marked handled at once: it may reject (connection lost) while the
  // caller is still writing, before it awaits; awaiting it later still throws.
  #waitFor(predicate: (element: Element) => boolean, what: string, timeoutMs = this.options.timeoutMs): Promise<Element> {
    const promise = new Promise<Element>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error(CONNECTION_CLOSED))
        return
      }
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter)
          reject(timeoutError(what))
        }, timeoutMs),
      }
      this.#waiters.add(waiter)
    })
    promise.catch(() => {})
    return promise
  }

  async #withTimeout<T>(promise: Promise<T>, what: string, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutError(what)), timeoutMs)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Maps a SASL `<failure/>` (RFC 6120 §6.5) to what the person should do. */
function saslFailure(element: Element, account: string): UserError {
  const condition = element.getChildElements().find((c) => c.name !== 'text')?.name ?? 'not-authorized'
  const text = element.getChildText('text') ?? ''
  const detail = text ? ` ${t('errors.xmpp.serverSaid', {text})}` : ''
  switch (condition) {
    case 'not-authorized':
      return new UserError(XmppErrorCode.WRONG_PASSWORD, t('errors.xmpp.wrongPassword', {account}) + detail, {
        suggestions: [t('errors.xmpp.wrongPasswordCheck'), t('errors.xmpp.wrongPasswordCreate')],
      })
    case 'account-disabled':
      return new UserError(XmppErrorCode.ACCOUNT_DISABLED, t('errors.xmpp.accountDisabled', {account}) + detail, {
        suggestions: [t('errors.xmpp.contactAdmin')],
      })
    default:
      return new UserError(XmppErrorCode.AUTH_FAILED, t('errors.xmpp.loginFailed', {account, condition}) + detail, {
        suggestions: condition === 'temporary-auth-failure' ? [t('errors.xmpp.waitAMinute')] : [t('errors.xmpp.loginFailedFix')],
      })
  }
}

/**
 * A transport class for exactly one endpoint: xmpp.js picks its transport through
 * `socketParameters(service)` on the prototype, so the TLS options (SNI, CA) are baked in here
 * rather than passed through its public API, which cannot carry them.
 */
function transportFor(endpoint: Endpoint, tlsOptions: ConnectionOptions): {Transport: typeof ConnectionTCP; service: string} {
  const hostInUrl = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host
  const service = `${endpoint.directTls ? 'xmpps' : 'xmpp'}://${hostInUrl}:${endpoint.port}`
  class EndpointTransport extends ConnectionTCP {
    override socketParameters(requested: string): unknown {
      if (requested !== service) return undefined
      return endpoint.directTls
        ? {...tlsOptions, host: endpoint.host, port: endpoint.port, ALPNProtocols: ['xmpp-client']} // XEP-0368 §3: ALPN xmpp-client
        : {host: endpoint.host, port: endpoint.port}
    }
  }
  EndpointTransport.prototype.Socket = endpoint.directTls ? VerifyingTlsSocket : TcpSocket
  EndpointTransport.prototype.NS = 'jabber:client'
  return {Transport: EndpointTransport, service}
}
