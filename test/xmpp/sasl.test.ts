import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {fromBase64, plainMessage, saslPrep, toBase64} from '../../src/xmpp/sasl-text.js'
import {ScramSession} from '../../src/xmpp/ScramSession.js'

describe('SCRAM (RFC 5802, RFC 7677 test vectors)', () => {
  it('SCRAM-SHA-1: the RFC 5802 §5 exchange', () => {
    const scram = new ScramSession('sha1', 'user', 'pencil', 'fyko+d2lbbFgONRv9qkxdawL')
    expect(scram.clientFirst()).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL')
    const final = scram.clientFinal('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096')
    expect(final).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=')
    expect(scram.verifyServerFinal('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=')).toBe(true)
    expect(scram.verifyServerFinal('v=AAAApqV8S7suAoZWja4dJRkFsKQ=')).toBe(false)
  })

  it('SCRAM-SHA-256: the RFC 7677 §3 exchange', () => {
    const scram = new ScramSession('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO')
    const final = scram.clientFinal('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')
    expect(final).toBe('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')
    expect(scram.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toBe(true)
  })

  it('refuses a server nonce that does not extend ours', () => {
    const scram = new ScramSession('sha1', 'user', 'pencil', 'abc')
    expect(() => scram.clientFinal('r=zzz,s=QSXCR+Q6sek8bf92,i=4096')).toThrow(/unusable/)
  })

  it('escapes "=" and "," in the username (RFC 5802 §5.1)', () => {
    expect(new ScramSession('sha1', 'a=b,c', 'x', 'n').clientFirst()).toBe('n,,n=a=3Db=2Cc,r=n')
  })
})

describe('SASL text encoding (UTF-8, unlike btoa)', () => {
  it('encodes é and € as UTF-8 bytes', () => {
    expect(toBase64('é€')).toBe(Buffer.from([0xc3, 0xa9, 0xe2, 0x82, 0xac]).toString('base64'))
    expect(() => globalThis.btoa('€')).toThrow() // the xmpp.js bug this module exists for
  })

  it('round-trips any string', () => {
    fc.assert(fc.property(fc.string({unit: 'grapheme'}), (s) => fromBase64(toBase64(s)) === s))
  })

  it('reads "=" as an empty payload (RFC 6120 §6.4.2)', () => {
    expect(fromBase64('=')).toBe('')
  })

  it('PLAIN carries authzid, username and password separated by NUL', () => {
    expect(Buffer.from(toBase64(plainMessage('marie', 'pâté€')), 'base64')).toEqual(Buffer.from('\u0000marie\u0000pâté€', 'utf8'))
  })

  it('SASLprep maps a non-breaking space to a space and composes "e" + combining acute to "é"', () => {
    expect(saslPrep('a\u00A0b')).toBe('a b')
    expect(saslPrep('pa\u0301te\u0301')).toBe('páté')
    expect(saslPrep('e\u0301')).toBe('é')
  })
})
