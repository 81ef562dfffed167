import {createServer, type Server} from 'node:http'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {AddressInfo} from 'node:net'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {CACHED_LIST_FILE, CACHED_LIST_META_FILE, loadProviderList} from '../../src/providers/list-source.js'
import {Workspace} from '../../src/workspace.js'
import {FIXTURE_FILE} from './helpers.js'

// --providers FILE|URL, against a real HTTP server on loopback (no mock of fetch).

let server: Server
let base: string
let hits: string[] = []
const bodies = new Map<string, {status: number; body: string}>()

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    const answer = bodies.get(req.url ?? '') ?? {status: 404, body: 'not found'}
    res.writeHead(answer.status, {'content-type': 'application/json'})
    res.end(answer.body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()))
})

let dir: string
let workspace: Workspace
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xm-providers-'))
  workspace = new Workspace(join(dir, 'ws'))
  hits = []
  bodies.clear()
  bodies.set('/list.json', {status: 200, body: readFileSync(FIXTURE_FILE, 'utf8')})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('loadProviderList', () => {
  it('without --providers: the built-in list', async () => {
    const list = await loadProviderList()
    expect(list.origin.kind).toBe('built-in')
    expect(list.providers.length).toBe(29)
  })

  it('a file', async () => {
    const list = await loadProviderList({source: FIXTURE_FILE})
    expect(list.origin).toEqual({kind: 'file', location: FIXTURE_FILE})
    expect(list.providers).toHaveLength(9)
  })

  it('a missing file: PROVIDERS_FILE_UNREADABLE naming it', async () => {
    const missing = join(dir, 'nope.json')
    await expect(loadProviderList({source: missing})).rejects.toMatchObject({code: 'PROVIDERS_FILE_UNREADABLE', message: expect.stringContaining(missing)})
  })

  it('a URL is fetched once, cached in the workspace, then read from the cache with no network', async () => {
    const url = `${base}/list.json`
    const first = await loadProviderList({source: url, workspace, now: () => new Date('2026-12-06T10:00:00Z')})
    expect(first.providers).toHaveLength(9)
    expect(first.origin).toMatchObject({kind: 'url', location: url, date: '2026-12-06T10:00:00.000Z', cachedAt: workspace.path(CACHED_LIST_FILE)})
    expect(hits).toEqual(['/list.json'])
    expect(JSON.parse(readFileSync(workspace.path(CACHED_LIST_META_FILE), 'utf8'))).toEqual({url, fetchedAt: '2026-12-06T10:00:00.000Z'})

    // The server now answers 500: the cached copy is used, the server is not asked.
    bodies.set('/list.json', {status: 500, body: 'down'})
    const again = await loadProviderList({source: url, workspace})
    expect(again.providers.map((p) => p.jid)).toEqual(first.providers.map((p) => p.jid))
    expect(again.origin.date).toBe('2026-12-06T10:00:00.000Z')
    expect(hits).toEqual(['/list.json'])
  })

  it('another URL, or refresh, fetches again', async () => {
    bodies.set('/other.json', {status: 200, body: JSON.stringify([{jid: 'solo.example', category: 'A'}])})
    await loadProviderList({source: `${base}/list.json`, workspace})
    const other = await loadProviderList({source: `${base}/other.json`, workspace})
    expect(other.providers.map((p) => p.jid)).toEqual(['solo.example'])
    await loadProviderList({source: `${base}/other.json`, workspace, refresh: true})
    expect(hits).toEqual(['/list.json', '/other.json', '/other.json'])
  })

  it('a broken download is refused and never replaces the cached copy', async () => {
    const url = `${base}/list.json`
    await loadProviderList({source: url, workspace})
    bodies.set('/list.json', {status: 200, body: '<html>maintenance</html>'})
    await expect(loadProviderList({source: url, workspace, refresh: true})).rejects.toMatchObject({code: 'PROVIDERS_INVALID'})
    expect(JSON.parse(readFileSync(workspace.path(CACHED_LIST_FILE), 'utf8'))).toHaveLength(9)
  })

  it('an HTTP error or an unreachable host: PROVIDERS_FETCH_FAILED with what to do, nothing cached', async () => {
    const error = await loadProviderList({source: `${base}/missing.json`, workspace}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'PROVIDERS_FETCH_FAILED', message: expect.stringContaining('HTTP 404')})
    expect((error as {suggestions: string[]}).suggestions.join(' ')).toContain('--providers ./providers.json')
    expect(existsSync(workspace.path(CACHED_LIST_FILE))).toBe(false)

    // A port nobody listens on (the test server's, once closed, would race): port 9 on loopback.
    const refused = await loadProviderList({source: 'http://127.0.0.1:9/list.json', workspace}).catch((e: unknown) => e)
    expect(refused).toMatchObject({code: 'PROVIDERS_FETCH_FAILED', message: expect.stringMatching(/ECONNREFUSED|fetch failed/)})
  })

  it('a cache whose metadata is unreadable is fetched again', async () => {
    const url = `${base}/list.json`
    await loadProviderList({source: url, workspace})
    writeFileSync(workspace.path(CACHED_LIST_META_FILE), '{broken')
    await loadProviderList({source: url, workspace})
    expect(hits).toEqual(['/list.json', '/list.json'])
  })
})
