import {readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {Readable} from 'node:stream'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ChatItemSpool} from '../../../src/importers/signal/ChatItemSpool.js'
import {readDelimited} from '../../../src/importers/signal/delimited.js'
import type {FrameJson} from '../../../src/importers/signal/frame-types.js'
import {normalizePassphrase, normalizeRecoveryKey} from '../../../src/importers/signal/keys.js'
import {readLines} from '../../../src/importers/signal/lines.js'
import {displayName, isoFromMillis, phoneFromE164, serviceIdFromBase64, serviceIdFromText} from '../../../src/importers/signal/names.js'
import {openFromFrames, type FrameSource} from '../../../src/importers/signal/open-frames.js'
import {backupType, decodeToJson, encodeDelimited, peekChatItemChatId} from '../../../src/importers/signal/proto.js'
import {readSecretFromStdin, withSignalSecrets} from '../../../src/importers/signal/secret-input.js'
import type {Message} from '../../../src/model/types.js'
import {EXPECTED_CHATS} from './expected.js'
import {paddedLength, scenarioFrames} from './make-fixtures.js'

/** Cuts bytes into chunks at the given (sorted, deduplicated) offsets. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let start = 0
  for (const point of points) {
    out.push(bytes.subarray(start, point))
    start = point
  }
  out.push(bytes.subarray(start))
  return out
}

async function* stream(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('readDelimited', () => {
  it('gives back every message whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({maxLength: 300}), {maxLength: 20}), fc.array(fc.nat(), {maxLength: 10}), async (messages, cuts) => {
        const framed = Buffer.concat(messages.map((m) => Buffer.concat([varint(m.length), m])))
        const read = await all(readDelimited(stream(chunked(framed, cuts))))
        expect(read.map((m) => Buffer.from(m).toString('hex'))).toEqual(messages.map((m) => Buffer.from(m).toString('hex')))
      }),
    )
  })

  it('reports a stream that ends inside a message as truncated', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({minLength: 1, maxLength: 300}), fc.nat(), async (message, cut) => {
        const framed = Buffer.concat([varint(message.length), message])
        const end = 1 + (cut % (framed.length - 1))
        await expect(all(readDelimited(stream([framed.subarray(0, end)])))).rejects.toMatchObject({code: 'SIGNAL_BACKUP_TRUNCATED'})
      }),
    )
  })

  it('refuses an absurd length as corrupt', async () => {
    await expect(all(readDelimited(stream([varint(2 ** 40)])))).rejects.toMatchObject({code: 'SIGNAL_BACKUP_CORRUPT'})
  })
})

function varint(value: number): Buffer {
  const bytes: number[] = []
  let v = value
  while (v >= 128) {
    bytes.push((v % 128) | 0x80)
    v = Math.floor(v / 128)
  }
  bytes.push(v)
  return Buffer.from(bytes)
}

describe('readLines', () => {
  it('splits LF and CRLF lines, numbering them, across any chunking of multi-byte UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({unit: 'grapheme'}).map((s) => s.replace(/[\r\n]/g, '')), {minLength: 1, maxLength: 15}), fc.boolean(), fc.array(fc.nat(), {maxLength: 12}), async (lines, crlf, cuts) => {
        const bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'), 'utf8')
        const read = await all(readLines(stream(chunked(bytes, cuts))))
        const expected = lines.map((text, i) => ({text, line: i + 1}))
        // A last empty line without a break is no line.
        if (lines[lines.length - 1] === '') expected.pop()
        expect(read).toEqual(expected)
      }),
    )
  })
})

describe('secrets', () => {
  it('recovery key: any case, spaces, dashes, line breaks', () => {
    const key = 'a1b2'.repeat(16)
    expect(normalizeRecoveryKey(key.toUpperCase().match(/.{4}/g)?.join(' ') ?? '')).toBe(key)
    expect(normalizeRecoveryKey(key.match(/.{4}/g)?.join('-') ?? '')).toBe(key)
    expect(normalizeRecoveryKey(`${key.slice(0, 32)}\r\n${key.slice(32)}\n`)).toBe(key)
    expect(() => normalizeRecoveryKey(key.slice(1))).toThrow(expect.objectContaining({code: 'SIGNAL_RECOVERY_KEY_FORMAT'}))
    // libsignal accepts 0-9a-z only.
    expect(() => normalizeRecoveryKey(`${key.slice(1)}é`)).toThrow(expect.objectContaining({code: 'SIGNAL_RECOVERY_KEY_FORMAT'}))
  })

  it('passphrase: 30 digits in any grouping', () => {
    expect(normalizePassphrase('12345 67890 12345 67890 12345 67890')).toBe('123456789012345678901234567890')
    expect(normalizePassphrase('12345-67890-12345-67890-12345-67890\n')).toBe('123456789012345678901234567890')
    expect(() => normalizePassphrase('12345 67890 12345 67890 12345 6789O')).toThrow(expect.objectContaining({code: 'SIGNAL_PASSPHRASE_FORMAT'}))
  })
})

describe('names', () => {
  it('display name: address book, then profile, then phone', () => {
    expect(displayName({systemName: 'Papa', profileName: 'Jean Martin', phone: '+33611111111'})).toBe('Papa')
    expect(displayName({systemName: null, profileName: 'Jean Martin', phone: '+33611111111'})).toBe('Jean Martin')
    expect(displayName({systemName: '  ', profileName: null, phone: '+33611111111'})).toBe('+33611111111')
    expect(displayName({})).toBe('Unknown')
  })

  it('phones in E.164; service ids as lower-case UUIDs', () => {
    expect(phoneFromE164('33612345678')).toBe('+33612345678')
    expect(phoneFromE164('+33612345678')).toBe('+33612345678')
    expect(phoneFromE164('0612345678')).toBeNull()
    expect(phoneFromE164('1234567890123456')).toBeNull()
    expect(serviceIdFromBase64(Buffer.from('5e1f00000000400080000000000000aa', 'hex').toString('base64'))).toBe('5e1f0000-0000-4000-8000-0000000000aa')
    expect(serviceIdFromBase64(Buffer.alloc(15).toString('base64'))).toBeNull()
    expect(serviceIdFromText('5E1F0000-0000-4000-8000-0000000000AA')).toBe('5e1f0000-0000-4000-8000-0000000000aa')
    expect(serviceIdFromText('PNI:5e1f0000-0000-4000-8000-0000000000aa')).toBeNull()
  })

  it('dates are UTC instants with milliseconds, whatever TZ says', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham')
    expect(isoFromMillis(Date.UTC(2024, 4, 3, 8, 0, 0, 123))).toBe('2024-05-03T08:00:00.123Z')
  })
})

describe('protobuf subset', () => {
  it('binary frames decode to the proto3 JSON shape of main.jsonl (64-bit as strings, bytes base64, enums by name)', () => {
    const frame = {chatItem: {chatId: '7', authorId: '2', dateSent: '1714723200123', incoming: {dateReceived: '1714723201000', read: true}, updateMessage: {individualCall: {type: 'VIDEO_CALL', direction: 'OUTGOING', state: 'MISSED'}}}}
    const bytes = encodeDelimited(backupType('Frame'), frame)
    // Strip the varint length prefix (one byte for this size).
    expect(decodeToJson(backupType('Frame'), bytes.subarray(1))).toEqual(frame)
    expect(peekChatItemChatId(bytes.subarray(1))).toBe('7')
    const recipient = encodeDelimited(backupType('Frame'), {recipient: {id: '3', self: {}}})
    expect(peekChatItemChatId(recipient.subarray(1))).toBeNull()
  })

  it('fixture padding follows max(541, floor(1.05^ceil(log1.05(n))))', () => {
    expect(paddedLength(10)).toBe(541)
    for (const n of [600, 5000, 123_456]) {
      const padded = paddedLength(n)
      expect(padded).toBeGreaterThanOrEqual(n)
      expect(padded).toBeLessThan(n * 1.06)
    }
  })
})

describe('openFromFrames: the source is read once (issue 17)', () => {
  /** A frame source over the scenario's frames in memory, counting passes. */
  function memorySource(): FrameSource & {passes: number} {
    const frames = scenarioFrames().slice(1) as FrameJson[]
    const source = {
      passes: 0,
      async *frames(): AsyncGenerator<FrameJson> {
        source.passes++
        yield* frames
      },
    }
    return source
  }

  async function read(opened: Awaited<ReturnType<typeof openFromFrames>>, index: number): Promise<Message[]> {
    const out: Message[] = []
    for await (const m of opened.chats[index]?.messages() ?? []) out.push(m)
    return out
  }

  it('with items kept in memory: one pass, every chat served from it', async () => {
    const source = memorySource()
    const opened = await openFromFrames('memory', source)
    expect(await read(opened, 0)).toEqual(EXPECTED_CHATS[0]?.messages)
    expect(await read(opened, 1)).toEqual(EXPECTED_CHATS[1]?.messages)
    expect(source.passes).toBe(1)
  })

  it('with a tiny budget (items spilled to the temporary file): one pass; any order and rereads give the same messages', async () => {
    const source = memorySource()
    const opened = await openFromFrames('memory', source, 1)
    expect(await read(opened, 1)).toEqual(EXPECTED_CHATS[1]?.messages)
    expect(await read(opened, 0)).toEqual(EXPECTED_CHATS[0]?.messages)
    expect(await read(opened, 0)).toEqual(EXPECTED_CHATS[0]?.messages)
    expect(source.passes).toBe(1)
  })
})

describe('ChatItemSpool', () => {
  it("gives back each chat's items in order, from memory and from the file, any number of times", () => {
    const spool = new ChatItemSpool(200)
    const items = Array.from({length: 40}, (_, i) => ({chatId: String(i % 3), dateSent: String(1000 + i), standardMessage: {text: {body: `é ${i} \n "x" 🎂`}}}))
    for (const item of items) spool.add(item.chatId, item)
    spool.finish()
    for (const chat of ['0', '1', '2']) {
      const want = items.filter((i) => i.chatId === chat)
      expect([...spool.items(chat)]).toEqual(want)
      expect([...spool.items(chat)]).toEqual(want)
    }
    expect([...spool.items('9')]).toEqual([])
    spool.close()
  })

  it('leaves no file behind in the temporary folder', () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('xm-signal-')).length
    const spool = new ChatItemSpool(1)
    spool.add('1', {chatId: '1', dateSent: '1'})
    spool.finish()
    expect([...spool.items('1')]).toHaveLength(1)
    spool.close()
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('xm-signal-')).length).toBe(before)
  })
})

describe('withSignalSecrets', () => {
  const needs = (code: string) => Object.assign(new Error('needs a secret'), {code})

  it('asks for the missing secret once and opens again with it', async () => {
    const asked: string[] = []
    const seen: Array<{recoveryKey?: string}> = []
    const result = await withSignalSecrets(
      {},
      async (secrets) => {
        seen.push(secrets)
        if (secrets.recoveryKey === undefined) throw needs('SIGNAL_RECOVERY_KEY_REQUIRED')
        return 'opened'
      },
      {ask: async (kind) => (asked.push(kind), 'typed key')},
    )
    expect(result).toBe('opened')
    expect(asked).toEqual(['recovery-key'])
    expect(seen).toEqual([{}, {recoveryKey: 'typed key'}])
  })

  it('does not ask again when the given secret was refused, nor for other errors', async () => {
    let asked = 0
    const ask = async (): Promise<string> => (asked++, 'x')
    await expect(withSignalSecrets({passphrase: 'given'}, async () => Promise.reject(needs('SIGNAL_PASSPHRASE_REQUIRED')), {ask})).rejects.toMatchObject({code: 'SIGNAL_PASSPHRASE_REQUIRED'})
    await expect(withSignalSecrets({}, async () => Promise.reject(needs('SIGNAL_WRONG_PASSPHRASE')), {ask})).rejects.toMatchObject({code: 'SIGNAL_WRONG_PASSPHRASE'})
    expect(asked).toBe(0)
  })

  it('reads a piped secret, refusing empty input', async () => {
    expect(await readSecretFromStdin('passphrase', Readable.from([Buffer.from('12345 67890\r\n')]))).toBe('12345 67890')
    await expect(readSecretFromStdin('recovery-key', Readable.from([Buffer.from('\n')]))).rejects.toMatchObject({code: 'SIGNAL_SECRET_EMPTY'})
  })
})
