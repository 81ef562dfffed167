import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {UserError} from '../../src/errors/index.js'
import {MIGRATIONS, SCHEMA_VERSION, Store, type Migration} from '../../src/store/index.js'
import {dumpStore, tempDir} from './helpers.js'

let dir: string
let cleanup: () => void
beforeEach(() => ({dir, cleanup} = tempDir()))
afterEach(() => cleanup())

function pragma(path: string, name: string): unknown {
  // Read through the dump helper's kind of separate connection: what another process would see.
  return dumpStore(path)[name]
}

describe('Store.open', () => {
  it('creates a private WAL store at the current schema version', () => {
    const path = join(dir, 'ws', 'store.sqlite')
    const store = Store.open(path)
    expect(store.schemaVersion).toBe(SCHEMA_VERSION)
    expect(store.listChats()).toEqual([])
    store.close()
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'ws')).mode & 0o777).toBe(0o700)
    expect(pragma(path, 'user_version')).toEqual([SCHEMA_VERSION])
    // journal_mode=WAL is persistent in the file header (bytes 18 and 19 are 2 in WAL mode).
    const header = readFileSync(path).subarray(0, 20)
    expect([header[18], header[19]]).toEqual([2, 2])
  })

  it('reopens an existing store without migrating it again', () => {
    const path = join(dir, 'store.sqlite')
    Store.open(path).close()
    const before = dumpStore(path)
    const store = Store.open(path)
    expect(store.schemaVersion).toBe(SCHEMA_VERSION)
    store.close()
    expect(dumpStore(path)).toEqual(before)
  })

  it('applies newer migrations in order, each with its version', () => {
    const path = join(dir, 'store.sqlite')
    Store.open(path).close()
    const later: Migration[] = [
      ...MIGRATIONS,
      {version: SCHEMA_VERSION + 1, description: 'later things', sql: 'CREATE TABLE later_things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)'},
      {version: SCHEMA_VERSION + 2, description: 'later thing size', sql: 'ALTER TABLE later_things ADD COLUMN size INTEGER'},
    ]
    const store = Store.open(path, {migrations: later})
    expect(store.schemaVersion).toBe(SCHEMA_VERSION + 2)
    store.close()
    expect(dumpStore(path)['later_things']).toEqual([])
  })

  it('leaves the store at the previous version when a migration fails half-way', () => {
    const path = join(dir, 'store.sqlite')
    Store.open(path).close()
    const broken: Migration[] = [
      ...MIGRATIONS,
      {version: SCHEMA_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half_done (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);'},
    ]
    expect(() => Store.open(path, {migrations: broken})).toThrow(new RegExp(`schema ${SCHEMA_VERSION + 1} \\(broken\\)`))
    const store = Store.open(path)
    expect(store.schemaVersion).toBe(SCHEMA_VERSION)
    store.close()
    // The table created before the failing statement was rolled back with it.
    expect(dumpStore(path)['half_done']).toBeUndefined()
  })

  it('refuses a store written by a newer xmpp-migrate, with a clear UserError', () => {
    const path = join(dir, 'store.sqlite')
    const future: Migration[] = [...MIGRATIONS, {version: SCHEMA_VERSION + 1, description: 'future', sql: 'CREATE TABLE future (x)'}]
    Store.open(path, {migrations: future}).close()
    let error: unknown
    try {
      Store.open(path)
    } catch (error_) {
      error = error_
    }
    expect(error).toBeInstanceOf(UserError)
    expect(error).toMatchObject({code: 'STORE_TOO_NEW'})
    expect((error as UserError).suggestions.join(' ')).toMatch(/Update xmpp-migrate/)
  })

  it('says so when the file is not a SQLite database', () => {
    const path = join(dir, 'store.sqlite')
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200))
    expect(() => Store.open(path)).toThrow(expect.objectContaining({code: 'STORE_CORRUPT'}) as Error)
  })

  it('lets another connection open and read the store while an import is running', () => {
    const path = join(dir, 'store.sqlite')
    const writer = Store.open(path)
    const tx = writer.beginImport({path: 'a.txt', source: 'whatsapp'})
    tx.upsertChat({source: 'whatsapp', sourceId: 'x', title: 'Famille', kind: 'group', participants: []})
    const reader = Store.open(path, {busyTimeoutMs: 10})
    // WAL: the reader sees the store as it was before the import, without waiting.
    expect(reader.listChats()).toEqual([])
    tx.commit({chats: 1, messagesNew: 0, messagesKnown: 0, attachmentsStored: 0})
    expect(reader.listChats().map((c) => c.title)).toEqual(['Famille'])
    reader.close()
    writer.close()
  })

  it('reports a store kept busy by another connection as STORE_BUSY', () => {
    const path = join(dir, 'store.sqlite')
    const first = Store.open(path)
    const second = Store.open(path, {busyTimeoutMs: 10})
    const tx = first.beginImport({path: 'a.txt', source: 'whatsapp'})
    expect(() => second.beginImport({path: 'b.txt', source: 'whatsapp'})).toThrow(expect.objectContaining({code: 'STORE_BUSY'}) as Error)
    tx.rollback()
    // Once the lock is free, the second connection can import.
    second.beginImport({path: 'b.txt', source: 'whatsapp'}).commit({chats: 0, messagesNew: 0, messagesKnown: 0, attachmentsStored: 0})
    expect(second.listImports().map((i) => i.path)).toEqual(['b.txt'])
    first.close()
    second.close()
  })
})
