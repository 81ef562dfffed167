import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {looksLikeText, readTextChunks, TEXT_CHUNK_BYTES, textChunksFromBytes} from '../../src/importers/text-chunks.js'

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}

async function* bytes(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Uint8Array.from(part)
}

describe('readTextChunks', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xm-text-'))
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('decodes a multi-byte character split across two reads, and strips a BOM', async () => {
    // "é" is C3 A9: place it so that its two bytes straddle the first read.
    const head = 'a'.repeat(TEXT_CHUNK_BYTES - 1 - 3)
    const text = `${head}é — 👨‍👩‍👧 fin\n`
    const path = join(dir, 'split.txt')
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
    const chunks = await collect(readTextChunks(path))
    expect(chunks.length).toBe(2)
    expect(chunks.join('')).toBe(text)
    expect(chunks.join('')).not.toContain('\uFFFD')
  })

  it('yields chunks no larger than the read size whatever the file size', async () => {
    const path = join(dir, 'big.txt')
    const line = '[01/01/2024, 10:00:00] Léa: Bonne année\n'
    writeFileSync(path, line.repeat(Math.ceil((3.5 * TEXT_CHUNK_BYTES) / line.length)))
    let total = 0
    for await (const chunk of readTextChunks(path)) {
      expect(chunk.length).toBeLessThanOrEqual(TEXT_CHUNK_BYTES)
      total += chunk.length
    }
    expect(total).toBeGreaterThan(3 * TEXT_CHUNK_BYTES - TEXT_CHUNK_BYTES / 10)
  })

  it('fails with the file system error for a missing file', async () => {
    await expect(collect(readTextChunks(join(dir, 'absent.txt')))).rejects.toMatchObject({code: 'ENOENT'})
  })
})

describe('textChunksFromBytes', () => {
  it('joins small byte chunks and decodes characters split between them', async () => {
    // "Ça" = C3 87 61, "€" = E2 82 AC, split byte by byte.
    const text = await collect(textChunksFromBytes(bytes([0xc3], [0x87, 0x61, 0xe2], [0x82], [0xac])))
    expect(text.join('')).toBe('Ça€')
  })

  it('replaces invalid UTF-8 with U+FFFD instead of failing', async () => {
    const text = await collect(textChunksFromBytes(bytes([0x61, 0xff, 0x62], [0xc3])))
    expect(text.join('')).toBe('a\uFFFDb\uFFFD')
  })

  it('yields nothing for an empty source and passes source errors through', async () => {
    expect(await collect(textChunksFromBytes(bytes()))).toEqual([])
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.from([0x61])
      throw new Error('inflate failed')
    }
    await expect(collect(textChunksFromBytes(failing()))).rejects.toThrow('inflate failed')
  })
})

describe('looksLikeText', () => {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

  it.each([
    ['an Android export line', utf8('12/31/23, 9:41 PM - Léa: Bonne année 🎉\n')],
    ['an iOS export line with CRLF and U+200E', utf8('[31/12/2023, 21:41:05] Léa: \u200E<attached: 00000003-PHOTO.jpg>\r\n')],
    ['Arabic text', utf8('١٢‏/٣‏/٢٠٢٤، ٩:٤١ م - ليلى: مرحبا\n')],
    ['a sample cut inside a multi-byte character', utf8('Bonne année é').subarray(0, 13)],
    ['a BOM', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x62, 0x0a])],
  ])('accepts %s', (_label, sample) => {
    expect(looksLikeText(sample)).toBe(true)
  })

  it.each([
    ['empty', new Uint8Array(0)],
    ['a PDF', utf8('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n')],
    ['a zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ['a JPEG', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['an MP4', Uint8Array.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32])],
    ['a SQLite database', utf8('SQLite format 3\u0000')],
    ['UTF-16 text', Uint8Array.from([0xff, 0xfe, 0x31, 0x00, 0x32, 0x00])],
    ['bytes with NUL', utf8('abc\u0000def')],
    ['random high bytes', Uint8Array.from({length: 512}, (_, i) => 0x80 + ((i * 37) % 0x7f))],
    ['many control characters', Uint8Array.from({length: 200}, (_, i) => (i % 10 === 0 ? 0x01 : 0x61))],
  ])('rejects %s', (_label, sample) => {
    expect(looksLikeText(sample)).toBe(false)
  })
})
