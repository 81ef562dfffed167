import {createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual} from 'node:crypto'

import {saslPrep, toBase64} from './sasl-text.js'

/** The SCRAM hash functions we speak (RFC 5802 SHA-1, RFC 7677 SHA-256). */
export type ScramHash = 'sha1' | 'sha256'

/** Escapes a SCRAM username (RFC 5802 §5.1: `=` → `=3D`, `,` → `=2C`). */
function escapeScramName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C')
}

function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const part of message.split(',')) {
    const eq = part.indexOf('=')
    if (eq === 1) attributes.set(part.slice(0, 1), part.slice(2))
  }
  return attributes
}

/**
 * One SCRAM exchange, client side (RFC 5802 §3, §5). Channel binding is not used (gs2 header
 * `n,,`): the TLS layer is verified against the domain instead.
 */
export class ScramSession {
  readonly #hash: ScramHash
  readonly #password: string
  readonly #clientNonce: string
  readonly #clientFirstBare: string
  #serverSignature: Buffer | null = null

  /** @param nonce fixed client nonce (tests only); random otherwise. */
  constructor(hash: ScramHash, username: string, password: string, nonce?: string) {
    this.#hash = hash
    this.#password = saslPrep(password)
    this.#clientNonce = nonce ?? randomBytes(18).toString('base64').replace(/[+/=]/g, 'x')
    this.#clientFirstBare = `n=${escapeScramName(saslPrep(username))},r=${this.#clientNonce}`
  }

  /** The client-first-message. */
  clientFirst(): string {
    return `n,,${this.#clientFirstBare}`
  }

  /**
   * Computes the client-final-message from the server-first-message.
   * Throws an Error when the server's nonce does not extend ours or its parameters are unusable.
   */
  clientFinal(serverFirst: string): string {
    const attributes = parseAttributes(serverFirst)
    const nonce = attributes.get('r')
    const salt = attributes.get('s')
    const iterations = Number(attributes.get('i'))
    if (nonce === undefined || !nonce.startsWith(this.#clientNonce) || salt === undefined || !Number.isInteger(iterations) || iterations < 1) {
      // i18n-ignore: a protocol failure, reported as a login failure
      throw new Error('SCRAM: unusable server-first-message')
    }
    const keyLength = this.#hash === 'sha1' ? 20 : 32
    const salted = pbkdf2Sync(Buffer.from(this.#password, 'utf8'), Buffer.from(salt, 'base64'), iterations, keyLength, this.#hash)
    // i18n-ignore: RFC 5802 constant
    const clientKey = createHmac(this.#hash, salted).update('Client Key').digest()
    const storedKey = createHash(this.#hash).update(clientKey).digest()
    const withoutProof = `c=${toBase64('n,,')},r=${nonce}`
    const authMessage = `${this.#clientFirstBare},${serverFirst},${withoutProof}`
    const clientSignature = createHmac(this.#hash, storedKey).update(authMessage).digest()
    const proof = Buffer.alloc(clientKey.length)
    for (let i = 0; i < clientKey.length; i++) proof[i] = (clientKey[i] ?? 0) ^ (clientSignature[i] ?? 0)
    // i18n-ignore: RFC 5802 constant
    const serverKey = createHmac(this.#hash, salted).update('Server Key').digest()
    this.#serverSignature = createHmac(this.#hash, serverKey).update(authMessage).digest()
    return `${withoutProof},p=${proof.toString('base64')}`
  }

  /**
   * Checks the server-final-message (mutual authentication, RFC 5802 §3): a server that does not
   * know the password cannot produce this signature.
   */
  verifyServerFinal(serverFinal: string): boolean {
    const signature = parseAttributes(serverFinal).get('v')
    if (signature === undefined || this.#serverSignature === null) return false
    const received = Buffer.from(signature, 'base64')
    return received.length === this.#serverSignature.length && timingSafeEqual(received, this.#serverSignature)
  }
}
