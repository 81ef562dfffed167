import {createHash} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {MediaStore} from '../../src/media/index.js'
import {Workspace} from '../../src/workspace.js'

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part
}

async function* failingAfter(text: string, error: Error): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text)
  throw error
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
const mode = (path: string): number => statSync(path).mode & 0o777

describe('MediaStore', () => {
  let root: string
  let workspace: Workspace

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'xm-media-'))
    workspace = new Workspace(join(root, 'ws'))
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('stores content under media/<aa>/<sha256> with its hash and size', async () => {
    const store = new MediaStore(workspace)
    const stored = await store.put(chunks('Bonne ', 'année ', 'à tous'))
    const expected = sha256('Bonne année à tous')
    expect(stored).toEqual({
      sha256: expected,
      size: Buffer.byteLength('Bonne année à tous'),
      storedPath: `media/${expected.slice(0, 2)}/${expected}`,
      created: true,
    })
    expect(readFileSync(join(workspace.dir, stored.storedPath), 'utf8')).toBe('Bonne année à tous')
    expect(await store.has(expected)).toBe(true)
    expect(await store.has(sha256('other'))).toBe(false)
  })

  it('is idempotent: the same content twice keeps one file and is not rewritten', async () => {
    const store = new MediaStore(workspace)
    const first = await store.put(chunks('photo bytes'))
    const path = join(workspace.dir, first.storedPath)
    const before = statSync(path)
    const second = await store.put(chunks('photo ', 'bytes'))
    expect(second).toEqual({...first, created: false})
    expect(statSync(path).ino).toBe(before.ino)
    expect(readdirSync(join(workspace.mediaDir, first.sha256.slice(0, 2)))).toEqual([first.sha256])
    expect(readdirSync(join(workspace.mediaDir, 'tmp'))).toEqual([])
  })

  it('replaces a damaged copy (wrong size) of the same hash', async () => {
    const store = new MediaStore(workspace)
    const first = await store.put(chunks('complete content'))
    const path = join(workspace.dir, first.storedPath)
    writeFileSync(path, 'compl')
    const again = await store.put(chunks('complete content'))
    expect(again.created).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('complete content')
  })

  it('creates files 0600 and folders 0700', async () => {
    const store = new MediaStore(workspace)
    const stored = await store.put(chunks('secret family photo'))
    expect(mode(join(workspace.dir, stored.storedPath))).toBe(0o600)
    expect(mode(workspace.mediaDir)).toBe(0o700)
    expect(mode(join(workspace.mediaDir, stored.sha256.slice(0, 2)))).toBe(0o700)
    expect(mode(join(workspace.mediaDir, 'tmp'))).toBe(0o700)
  })

  it('removes the temporary file and rethrows when the source fails midway', async () => {
    const store = new MediaStore(workspace)
    const failure = new Error('entry too large')
    await expect(store.put(failingAfter('partial', failure))).rejects.toBe(failure)
    expect(readdirSync(join(workspace.mediaDir, 'tmp'))).toEqual([])
    expect(readdirSync(workspace.mediaDir).sort()).toEqual(['tmp'])
  })

  it('stores empty content', async () => {
    const store = new MediaStore(workspace)
    const stored = await store.put(chunks())
    expect(stored.sha256).toBe(sha256(''))
    expect(stored.size).toBe(0)
  })

  it('refuses stored paths that are not its own', () => {
    const store = new MediaStore(workspace)
    expect(() => store.absolutePath('media/../../etc/passwd')).toThrow(/not a stored media path/)
    expect(() => store.absolutePath('../evil')).toThrow(/not a stored media path/)
    expect(() => MediaStore.storedPathOf('../x')).toThrow(/not a hex SHA-256/)
  })
})
