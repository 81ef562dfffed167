import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {qrPng, qrSvg, qrTerminal} from '../../src/qr/index.js'
import {decodePng, decodeSvg} from './qr-decode.js'

const LINKS = [
  'xmpp:alice@example.test?roster',
  'xmpp:alice@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y',
  'xmpp:example.test?register;preauth=Zz_-09azAZ09azAZ09azAZ09',
  'xmpp:famille-dupont@conference.example.test?join',
  'https://xmpp.link/#xmpp:%C3%A9lodie@example.test?roster;name=%C3%89lodie%20%26%20Co',
  'http://127.0.0.1:5280/invites_page?AbCdEfGhIjKlMnOpQrStUvWx',
]

describe('QR codes', () => {
  it.each(LINKS)('PNG decodes back to %s', async (link) => {
    expect(decodePng(await qrPng(link))).toBe(link)
  })

  it.each(LINKS)('SVG decodes back to %s', async (link) => {
    const svg = await qrSvg(link)
    expect(svg.startsWith('<svg ')).toBe(true)
    expect(decodeSvg(svg)).toBe(link)
  })

  it('SVG title is escaped and makes no external reference', async () => {
    const svg = await qrSvg('xmpp:a@b.test?roster', 'QR "<script>" & co')
    expect(svg).toContain('aria-label="QR &quot;&lt;script&gt;&quot; &amp; co"')
    expect(svg).not.toMatch(/href|<script|url\(/)
  })

  it('terminal form has one line per two modules', async () => {
    const text = await qrTerminal('xmpp:alice@example.test?roster')
    const lines = text.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThan(10)
    expect(text).toMatch(/[▀▄█]/)
  })

  it('any invitation-shaped link round-trips through PNG and SVG', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9._-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9_-]{24}$/), async (local, token) => {
        const link = `xmpp:${local}@example.test?roster;preauth=${token};ibr=y`
        expect(decodePng(await qrPng(link))).toBe(link)
        expect(decodeSvg(await qrSvg(link))).toBe(link)
      }),
      {numRuns: 15, seed: 6},
    )
  })
})
