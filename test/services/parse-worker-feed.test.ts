import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {UserError} from '../../src/errors/index.js'
import {openExport} from '../../src/importers/open-export.js'
import {ParseWorkerFeed} from '../../src/services/ParseWorkerFeed.js'
import {keyedBatches} from '../../src/store/import-export.js'
import type {PendingMessage} from '../../src/store/index.js'
import {tempDir} from '../store/helpers.js'

// A small Android export written for this test (LF, 24 h; 13/03 makes the order day-first).
// It has what makes keys differ: the same "ok" twice in one minute (occurrence index), an
// attachment name, a multi-line body, a system event, and a line that is no message (a warning).
const CHAT = [
  '01/03/2024, 08:00 - Maman created group "Famille"',
  '01/03/2024, 08:01 - Maman: Bonjour tout le monde',
  '02/03/2024, 08:02 - Papa: ok',
  '02/03/2024, 08:02 - Papa: ok',
  '13/03/2024, 20:00 - ~\u202FLéa: Salut !', // U+202F NARROW NO-BREAK SPACE after the tilde
  'Ça va ?',
  '14/03/2024, 09:31 - Maman: IMG-20240314-WA0001.jpg (file attached)',
  '14/03/2024, 09:32 - Tonton Jo: 👍🏽',
  '',
].join('\n')

/** A longer export: more messages than one batch of the sizes used below. */
function longChat(count: number): string {
  const lines = ['01/03/2024, 08:00 - Maman created group "Famille"']
  for (let i = 0; i < count; i++) lines.push(`${String(1 + (i % 28)).padStart(2, '0')}/03/2024, 08:${String(i % 60).padStart(2, '0')} - ${i % 3 === 0 ? 'Papa' : 'Maman'}: message ${i % 7}`)
  return `${lines.join('\n')}\n`
}

let root: string
let cleanup: () => void
beforeEach(() => {
  ;({dir: root, cleanup} = tempDir('xm-feed-'))
})
afterEach(() => cleanup())

function writeExport(folder: string, content: string): string {
  mkdirSync(join(root, folder), {recursive: true})
  const path = join(root, folder, 'WhatsApp Chat with Famille.txt')
  writeFileSync(path, content)
  return path
}

async function collect(batches: AsyncIterable<PendingMessage[]>): Promise<PendingMessage[][]> {
  const all: PendingMessage[][] = []
  for await (const batch of batches) all.push(batch)
  return all
}

/** Batches as comparable data: messages without `undefined` fields (JSON leaves them out), keys in hex. */
function comparable(batches: PendingMessage[][]): unknown {
  return batches.map((batch) => batch.map(({message, key}) => ({message: JSON.parse(JSON.stringify(message)) as unknown, key: key.toString('hex')})))
}

describe('ParseWorkerFeed', () => {
  it.each([
    ['a small export', CHAT, 2048],
    ['several batches, the last one shorter', longChat(250), 64],
    ['batches that end exactly at the end', longChat(127), 32],
  ])('yields, from a worker thread, exactly the batches and keys keyedBatches computes here (%s)', async (_name, content, batchSize) => {
    const path = writeExport('a', content)
    const here = await openExport(path)
    const expected = await collect(keyedBatches(here.chats[0]!, batchSize))

    const opened = await openExport(path)
    const feed = ParseWorkerFeed.start(path, {}, batchSize)
    try {
      const got = await collect(feed.batches(opened, opened.chats[0]!, 0))
      expect(comparable(got)).toEqual(comparable(expected))
      expect(got.flat().every(({key}) => Buffer.isBuffer(key))).toBe(true)
      // The importer's view after its stream ended: participants and issues, as on this thread.
      expect(opened.chats[0]!.info.participants).toEqual(here.chats[0]!.info.participants)
      expect(opened.issues).toEqual(here.issues)
    } finally {
      await feed.close()
    }
  })

  it('says INPUT_CHANGED when the worker reads another export than the one opened here', async () => {
    const before = await openExport(writeExport('before', CHAT))
    const feed = ParseWorkerFeed.start(writeExport('after', longChat(10)), {})
    try {
      const error = await collect(feed.batches(before, before.chats[0]!, 0)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).code).toBe('INPUT_CHANGED')
    } finally {
      await feed.close()
    }
  })

  it("passes on the importer's error with its code when the worker cannot open the export", async () => {
    const opened = await openExport(writeExport('a', CHAT))
    const feed = ParseWorkerFeed.start(join(root, 'gone.txt'), {})
    try {
      const error = await collect(feed.batches(opened, opened.chats[0]!, 0)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).code).toBe('INPUT_NOT_FOUND')
    } finally {
      await feed.close()
    }
  })

  it('is used for WhatsApp exports only', async () => {
    const opened = await openExport(writeExport('a', CHAT))
    expect(ParseWorkerFeed.canParse(opened)).toBe(true)
    expect(ParseWorkerFeed.canParse({...opened, source: 'signal'})).toBe(false)
  })
})
