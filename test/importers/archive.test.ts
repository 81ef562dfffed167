import {closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import JSZip from 'jszip'
import {describe, expect, it} from 'vitest'

import {SafeZip, unsafeEntryReason} from '../../src/importers/archive/index.js'
import {UserError} from '../../src/errors/index.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/hostile/${name}`, import.meta.url))
const PHOTO = '00000004-PHOTO-2024-01-13-10-02-30.jpg'
const MiB = 1024 * 1024

/** Reads an entry fully, returning the byte count (and the bytes when asked). */
async function drain(zip: SafeZip, name: string, options: {maxSize?: number} = {}): Promise<number> {
  let total = 0
  for await (const chunk of zip.read(name, options)) total += chunk.length
  return total
}

/** The UserError a promise rejects with (fails the test when it resolves or throws something else). */
async function userError(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
  throw new Error('expected a UserError, got success')
}

describe('unsafeEntryReason', () => {
  it.each([
    ['../../evil.txt', 'parent-segment'],
    ['media/../../evil.txt', 'parent-segment'],
    ['..', 'parent-segment'],
    ['/etc/evil', 'absolute'],
    ['..\\evil.txt', 'backslash'],
    ['folder\\IMG.jpg', 'backslash'],
    ['C:\\evil.txt', 'drive-letter'],
    ['c:/evil.txt', 'drive-letter'],
    ['./IMG.jpg', 'dot-segment'],
    ['a//b.jpg', 'dot-segment'],
    ['evil\u0000.jpg', 'control-character'],
    ['', 'empty'],
  ])('%j is refused (%s)', (name, reason) => {
    expect(unsafeEntryReason(name)).toBe(reason)
  })

  it.each(['_chat.txt', 'IMG-20240101-WA0001.jpg', 'WhatsApp Chat - Famille/_chat.txt', 'Folder/', '00000046-Mes notes..txt', 'Ça va…jpg', '..hidden', 'a..b'])(
    '%j is accepted',
    (name) => {
      expect(unsafeEntryReason(name)).toBeNull()
    },
  )
})

describe('SafeZip on valid archives', () => {
  it('lists file entries and streams their exact content', async () => {
    const zip = await SafeZip.open(fixture('valid-ios-export.zip'))
    expect(zip.names()).toEqual(['_chat.txt', PHOTO])
    expect(zip.has('_chat.txt')).toBe(true)
    expect(zip.has('chat.txt')).toBe(false)
    const parts: Uint8Array[] = []
    for await (const chunk of zip.read('_chat.txt')) parts.push(chunk)
    const text = Buffer.concat(parts).toString('utf8')
    expect(text.startsWith('[13/01/2024, 10:00:00] Famille Martin: \u200EMessages')).toBe(true)
    expect(text).toContain(`<attached: ${PHOTO}>\r\n`)
    expect(zip.entry(PHOTO)).toEqual({name: PHOTO, declaredSize: 10, compressedSize: expect.any(Number)})
  })

  it('reads archives made by jszip with folders, and skips folder entries', async () => {
    const made = new JSZip()
    made.file('WhatsApp Chat - Famille/_chat.txt', 'hello')
    made.file('WhatsApp Chat - Famille/IMG-20240101-WA0001.jpg', new Uint8Array([1, 2, 3]))
    const bytes = await made.generateAsync({type: 'uint8array', compression: 'DEFLATE'})
    const zip = await SafeZip.fromBytes(bytes, 'made.zip')
    expect(zip.names()).toEqual(['WhatsApp Chat - Famille/_chat.txt', 'WhatsApp Chat - Famille/IMG-20240101-WA0001.jpg'])
    expect(await drain(zip, 'WhatsApp Chat - Famille/IMG-20240101-WA0001.jpg')).toBe(3)
  })

  it('keeps the archive in memory: archiveBytes is its size', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-200mib-zeros.zip'))
    expect(zip.archiveBytes).toBe(readFileSync(fixture('zip-bomb-200mib-zeros.zip')).length)
  })
})

describe('SafeZip on hostile archives', () => {
  it.each([
    ['zip-slip-parent.zip', '../../evil.txt'],
    ['zip-slip-absolute.zip', '/etc/evil'],
    ['zip-slip-backslash.zip', '..\\evil.txt'],
    ['zip-slip-drive-letter.zip', 'C:\\evil.txt'],
  ])('%s is refused with ARCHIVE_UNSAFE_ENTRY naming the entry', async (file, entry) => {
    const error = await userError(SafeZip.open(fixture(file)))
    expect(error.code).toBe('ARCHIVE_UNSAFE_ENTRY')
    expect(error.message).toContain(file)
    expect(error.message).toContain(JSON.stringify(entry))
    expect(error.suggestions.length).toBeGreaterThan(0)
  })

  it.each([
    ['truncated.zip', /truncated/],
    ['pdf-renamed.zip', /not a \.zip archive/],
    ['empty.zip', /empty/],
  ])('%s is refused with ARCHIVE_CORRUPT', async (file, detail) => {
    const error = await userError(SafeZip.open(fixture(file)))
    expect(error.code).toBe('ARCHIVE_CORRUPT')
    expect(error.message).toContain(file)
    expect(error.message).toMatch(detail)
  })

  it('bad-crc.zip: the damaged entry fails at the end of its stream, the other reads', async () => {
    const zip = await SafeZip.open(fixture('bad-crc.zip'))
    const error = await userError(drain(zip, '_chat.txt'))
    expect(error.code).toBe('ARCHIVE_CORRUPT')
    expect(error.message).toMatch(/"_chat\.txt".*checksum/)
    expect(await drain(zip, PHOTO)).toBe(10)
  })

  it('zip bomb: an entry declaring more than the limit is refused before inflating', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-200mib-zeros.zip'), {maxEntrySize: MiB})
    const error = await userError(drain(zip, PHOTO))
    expect(error.code).toBe('ARCHIVE_ENTRY_TOO_LARGE')
    expect(error.message).toContain('1 MiB')
    expect(error.suggestions.join(' ')).toContain('--max-entry-size')
  })

  it('zip bomb lying about its size: refused WHILE inflating, never past the limit', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-declares-1kib.zip'))
    expect(zip.entry(PHOTO)?.declaredSize).toBe(1024)
    let received = 0
    const error = await userError(
      (async () => {
        for await (const chunk of zip.read(PHOTO, {maxSize: MiB})) received += chunk.length
      })(),
    )
    expect(error.code).toBe('ARCHIVE_ENTRY_TOO_LARGE')
    expect(error.message).toMatch(/inflates to more than the limit of 1 MiB/)
    expect(received).toBeLessThanOrEqual(MiB)
  })

  it('zip bomb lying about its size, under a large limit: refused as corrupt at the end', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-declares-1kib.zip'))
    const error = await userError(drain(zip, PHOTO))
    expect(error.code).toBe('ARCHIVE_CORRUPT')
    expect(error.message).toMatch(/inflates to 33554432 bytes but the archive declares 1024/)
  })

  it('zip bomb under the default 2 GiB limit: 200 MiB stream through with bounded memory', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-200mib-zeros.zip'))
    const before = process.memoryUsage().rss
    let peak = before
    let total = 0
    let chunks = 0
    for await (const chunk of zip.read(PHOTO)) {
      total += chunk.length
      if (++chunks % 256 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
    peak = Math.max(peak, process.memoryUsage().rss)
    expect(total).toBe(200 * MiB)
    // A memory bound, not a timing: inflating everything at once would add 200 MiB.
    expect(peak - before).toBeLessThan(100 * MiB)
  })

  it('stopping early pauses inflating and raises nothing', async () => {
    const zip = await SafeZip.open(fixture('zip-bomb-200mib-zeros.zip'))
    let seen = 0
    for await (const chunk of zip.read(PHOTO)) {
      seen += chunk.length
      if (seen > MiB) break
    }
    expect(seen).toBeGreaterThan(MiB)
    expect(seen).toBeLessThan(20 * MiB)
  })
})

describe('SafeZip limits of the in-memory reader', () => {
  it('an archive over 2 GiB is refused with ARCHIVE_TOO_LARGE and a way out (unzip, pass the folder)', async () => {
    // A sparse 3 GiB file: no disk used, and it is refused from its size before any read.
    const dir = mkdtempSync(join(tmpdir(), 'xm-big-'))
    try {
      const path = join(dir, 'WhatsApp Chat - Famille.zip')
      const fd = openSync(path, 'w')
      writeSync(fd, Buffer.from([0x50, 0x4b, 0x03, 0x04]))
      ftruncateSync(fd, 3 * 1024 ** 3)
      closeSync(fd)
      const error = await userError(SafeZip.open(path))
      expect(error.code).toBe('ARCHIVE_TOO_LARGE')
      expect(error.message).toContain(`${path} (3 GiB)`)
      expect(error.suggestions.join(' ')).toMatch(/folder/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

// Issue 14 item 11: a zip listing `_chat.txt` twice was read with the last one winning.
describe('an archive with two entries of one name', () => {
  /** A zip whose central directory lists `name` twice (made by renaming a same-length entry). */
  async function zipWithTwice(name: string, first: string, second: string, compression: 'STORE' | 'DEFLATE' = 'STORE'): Promise<Buffer> {
    const other = `${name.slice(0, -5)}X${name.slice(-4)}`
    expect(other).toHaveLength(name.length)
    const zip = new JSZip()
    zip.file(name, first)
    zip.file('00000004-PHOTO-2024-01-13-10-02-30.jpg', 'jpeg')
    zip.file(other, second)
    const bytes = await zip.generateAsync({type: 'nodebuffer', compression})
    const from = Buffer.from(other)
    let at = bytes.indexOf(from)
    let replaced = 0
    while (at !== -1) {
      Buffer.from(name).copy(bytes, at)
      replaced++
      at = bytes.indexOf(from, at + 1)
    }
    expect(replaced).toBe(2) // local header and central directory
    return bytes
  }

  it('is refused, naming the entry, whatever the entry and the compression', async () => {
    for (const [name, compression] of [['_chat.txt', 'STORE'], ['_chat.txt', 'DEFLATE'], ['WhatsApp Chat with Maman.txt', 'DEFLATE'], ['media/photo.jpg', 'STORE']] as const) {
      const bytes = await zipWithTwice(name, '01/03/2024, 08:00 - Maman: vrai', '01/03/2024, 08:00 - Eve: faux', compression)
      const error = await userError(SafeZip.fromBytes(bytes, 'Export.zip'))
      expect(error).toMatchObject({code: 'ARCHIVE_DUPLICATE_ENTRY', message: expect.stringContaining(JSON.stringify(name))})
    }
  })

  it('an ordinary archive (and one with data before it) still opens', async () => {
    const zip = new JSZip()
    zip.file('_chat.txt', 'x')
    zip.file('a/_chat.txt', 'y')
    const bytes = await zip.generateAsync({type: 'nodebuffer'})
    expect((await SafeZip.fromBytes(bytes, 'ok.zip')).names().sort()).toEqual(['_chat.txt', 'a/_chat.txt'])
    const prefixed = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), bytes])
    expect((await SafeZip.fromBytes(prefixed, 'sfx.zip')).names().sort()).toEqual(['_chat.txt', 'a/_chat.txt'])
  })
})
