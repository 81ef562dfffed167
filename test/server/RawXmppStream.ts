/**
 * A deliberately dumb XMPP client for checking the test servers themselves (and, in tests, what a
 * server really says on the wire): raw strings in and out, STARTTLS (RFC 6120 §5) and SASL PLAIN
 * (RFC 4616) by hand, with Node's own TLS verification. Not for the product: src/xmpp/ is.
 */
import {connect as netConnect, type Socket} from 'node:net'
import {connect as tlsConnect, type ConnectionOptions, type TLSSocket} from 'node:tls'

/** How long one expected answer may take before the wait fails with what was received. */
const ANSWER_TIMEOUT_MS = 10_000

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls'
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl'

/** One c2s connection whose received text is matched with regular expressions. */
export class RawXmppStream {
  private received = ''
  private closedBecause: string | undefined
  private wake: (() => void) | undefined

  private constructor(private socket: Socket | TLSSocket) {
    this.attach(socket)
  }

  /** Opens a plain TCP connection (for STARTTLS). @throws the socket error (e.g. ECONNREFUSED). */
  static async connect(host: string, port: number): Promise<RawXmppStream> {
    const socket = netConnect({host, port})
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new RawXmppStream(socket)
  }

  /**
   * Opens a XEP-0368 direct TLS connection, verifying the certificate as `options` say
   * (servername, ca). @throws the TLS error (e.g. code UNABLE_TO_VERIFY_LEAF_SIGNATURE).
   */
  static async connectDirectTls(host: string, port: number, options: ConnectionOptions): Promise<RawXmppStream> {
    const socket = tlsConnect({...options, host, port})
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve)
      socket.once('error', reject)
    })
    return new RawXmppStream(socket)
  }

  /** The current socket (a TLSSocket after STARTTLS or direct TLS). */
  get connection(): Socket | TLSSocket {
    return this.socket
  }

  /** Writes raw text. */
  send(text: string): void {
    this.socket.write(text)
  }

  /**
   * Sends an initial stream header (RFC 6120 §4.2) and returns the `<stream:features>` element.
   */
  async openStream(domain: string): Promise<string> {
    this.send(
      `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' ` +
        `xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en'>`,
    )
    return this.waitFor(/<stream:features[\s\S]*?<\/stream:features>/)
  }

  /**
   * Negotiates STARTTLS (after {@link openStream}) and upgrades the socket with `options`.
   * @throws the TLS handshake error when the certificate does not verify.
   */
  async startTls(options: ConnectionOptions): Promise<TLSSocket> {
    this.send(`<starttls xmlns='${NS_TLS}'/>`)
    await this.waitFor(new RegExp(`<proceed[^>]*${NS_TLS}[^>]*/>`))
    const plain = this.socket
    plain.removeAllListeners('data')
    plain.removeAllListeners('close')
    const secure = tlsConnect({...options, socket: plain})
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve)
      secure.once('error', reject)
    })
    this.socket = secure
    this.received = ''
    this.attach(secure)
    return secure
  }

  /**
   * SASL PLAIN (RFC 4616) with UTF-8 credentials. Returns 'success', or the failure's condition
   * element name (e.g. 'not-authorized').
   */
  async authenticatePlain(username: string, password: string): Promise<string> {
    const message = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64')
    this.send(`<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${message}</auth>`)
    const answer = await this.waitFor(/<success[^>]*\/>|<success[\s\S]*?<\/success>|<failure[\s\S]*?<\/failure>/)
    if (answer.startsWith('<success')) return 'success'
    return /<([a-z-]+)\s*\/>/.exec(answer.replace(/^<failure[^>]*>/, ''))?.[1] ?? answer
  }

  /** Sends an `<iq>` whose id attribute is `id` and returns the server's reply to it. */
  async iq(id: string, stanza: string): Promise<string> {
    this.send(stanza)
    return this.waitFor(new RegExp(`<iq(?=[^>]*\\sid=['"]${id}['"])[^>]*?(/>|>[\\s\\S]*?</iq>)`))
  }

  /**
   * Waits until the received text matches `pattern`, consumes it up to the match and returns it.
   * @throws Error with the text received so far on timeout or when the connection closes.
   */
  async waitFor(pattern: RegExp, timeoutMs = ANSWER_TIMEOUT_MS): Promise<string> {
    const giveUpAt = Date.now() + timeoutMs
    for (;;) {
      const match = pattern.exec(this.received)
      if (match) {
        this.received = this.received.slice(match.index + match[0].length)
        return match[0]
      }
      if (this.closedBecause !== undefined || Date.now() >= giveUpAt) {
        const why = this.closedBecause ?? `timeout after ${timeoutMs} ms`
        throw new Error(`expected ${pattern} (${why}); received: ${this.received.slice(0, 2000)}`)
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve
        setTimeout(resolve, Math.max(1, giveUpAt - Date.now()))
      })
    }
  }

  /** Closes the stream politely and the socket. */
  close(): void {
    if (!this.socket.destroyed) {
      this.socket.end('</stream:stream>')
      this.socket.destroy()
    }
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.received += chunk
      this.wake?.()
    })
    socket.on('close', () => {
      this.closedBecause ??= 'connection closed'
      this.wake?.()
    })
    socket.on('error', (error) => {
      this.closedBecause = `socket error: ${error.message}`
      this.wake?.()
    })
  }
}
