import {spawn} from 'node:child_process'
import {statSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import {afterEach, beforeEach, expect, it} from 'vitest'

import {importIntoStore, Store} from '../../src/store/index.js'
import {chatSource, dumpStore, info, msg, opened, tempDir} from './helpers.js'

let dir: string
let cleanup: () => void
beforeEach(() => ({dir, cleanup} = tempDir()))
afterEach(() => cleanup())

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
}

it('a process killed (SIGKILL) mid-import leaves the store exactly as it was before that import', {timeout: 120_000}, async () => {
  const path = join(dir, 'store.sqlite')
  const store = Store.open(path)
  await importIntoStore(store, opened([chatSource(info('Famille'), [msg('2024-03-01T08:01:00', 'Maman', 'Bonjour tout le monde')])]), {
    path: '/exports/famille.txt',
    source: 'whatsapp',
  })
  store.close()
  const before = dumpStore(path)
  const walBefore = walSize(path)

  // The child imports 600k generated messages in one transaction. We kill it only once SQLite
  // has spilled uncommitted pages into the WAL file (the page cache is 64 MB): the hard case,
  // where half an import is on disk and must be ignored when the store is opened again.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'kill-child.ts'), path, '600000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, signal) => resolve({code, signal})))
  let progressAtKill = 0
  let walAtKill = 0
  for await (const line of createInterface({input: child.stdout})) {
    const match = /^progress (\d+)$/.exec(line)
    if (match !== null && walSize(path) > walBefore + 4 * 1024 * 1024) {
      progressAtKill = Number(match[1])
      walAtKill = walSize(path)
      child.kill('SIGKILL')
      break
    }
    expect(line).not.toMatch(/^done/)
  }
  const {signal} = await exited
  expect(signal).toBe('SIGKILL')
  expect(progressAtKill).toBeGreaterThan(0)
  expect(progressAtKill).toBeLessThan(600_000)
  expect(walAtKill).toBeGreaterThan(walBefore + 4 * 1024 * 1024)

  // Opening the store recovers from the WAL: the half import is gone, nothing else changed.
  const reopened = Store.open(path)
  expect(reopened.listChats().map((c) => [c.title, c.messageCount])).toEqual([['Famille', 1]])
  reopened.close()
  expect(dumpStore(path)).toEqual(before)

  // And the store is usable: the same import now completes.
  const again = Store.open(path)
  const result = await importIntoStore(again, opened([chatSource(info('Famille'), [msg('2024-03-01T08:01:00', 'Maman', 'Bonjour tout le monde')])]), {
    path: '/exports/famille.txt',
    source: 'whatsapp',
  })
  expect(result).toMatchObject({messagesNew: 0, messagesKnown: 1})
  again.close()
})
