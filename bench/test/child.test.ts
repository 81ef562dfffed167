import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ChildRequest} from '../child.js'
import {SENDERS} from '../corpus.js'
import {generateExport, type GeneratedExport} from '../generate.js'
import type {ChildReport} from '../report.js'
import {transpileBenchFile} from '../transpile.js'

const ROOT = resolve(import.meta.dirname, '..', '..')

// Stand-ins for the project's parser and import service, so the harness is tested on its own:
// they only count header lines, with the real chunk reader feeding them.
const FAKE_PARSER = `
const SENDERS = ${JSON.stringify(SENDERS)}
export async function analyzeWhatsApp(chunks) { let chars = 0; for await (const c of chunks) chars += c.length; return {chars} }
export async function* parseWhatsApp(chunks, analysis) {
  if (!analysis || !analysis.chars) throw new Error('analysis not passed through')
  let rest = ''
  for await (const c of chunks) {
    const lines = (rest + c).split('\\n'); rest = lines.pop()
    for (const l of lines) if (/^\\d\\d\\/\\d\\d\\/\\d{4}, \\d\\d:\\d\\d - /.test(l)) {
      yield {system: !SENDERS.some((s) => l.startsWith(s + ': ', 20)), attachment: / \\(file attached\\)$/.test(l) ? {name: l} : null}
    }
  }
}
`
const HALF_PARSER = 'export async function analyzeWhatsApp() { return {} }\n'
const THROWING_PARSER = `${HALF_PARSER}export async function* parseWhatsApp() { throw new TypeError('boom at line 3') }\n`
const FAKE_SERVICE = `
import {createRequire} from 'node:module'
import {readFileSync} from 'node:fs'
const Database = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('better-sqlite3')
export async function importExports(workspace, paths) {
  workspace.ensure()
  const db = new Database(workspace.storePath)
  db.exec('CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, line TEXT); CREATE TABLE IF NOT EXISTS chats (id INTEGER PRIMARY KEY)')
  const insert = db.prepare('INSERT OR IGNORE INTO messages (id, line) VALUES (?, ?)')
  let added = 0, known = 0, n = 0
  db.transaction(() => { for (const l of readFileSync(paths[0], 'utf8').split('\\n')) if (/^\\d\\d\\//.test(l)) { if (insert.run(++n, l).changes) added++; else known++ } })()
  db.close()
  return {files: [], total: {chats: [], messagesNew: added, messagesKnown: known}}
}
`

let dir: string
let input: GeneratedExport
const modules = (over: Partial<ChildRequest['modules']>): ChildRequest['modules'] => ({
  parser: join(dir, 'parser.mjs'),
  textChunks: join(ROOT, 'src', 'importers', 'text-chunks.ts'),
  importService: join(dir, 'service.mjs'),
  workspace: join(ROOT, 'src', 'workspace.ts'),
  ...over,
})

function runChild(request: ChildRequest, compiled = false): ChildReport {
  const entry = compiled ? [transpileBenchFile('child', dir)] : ['--import', 'tsx', join(ROOT, 'bench', 'child.ts')]
  // TMPDIR: the child's temporary workspaces land in this test's folder, removed even on failure.
  const child = spawnSync(process.execPath, [...entry, JSON.stringify(request)], {cwd: ROOT, encoding: 'utf8', env: {...process.env, TMPDIR: dir}})
  const lines = child.stdout.trim().split('\n')
  expect(lines, child.stderr).toHaveLength(1)
  return JSON.parse(lines[0] as string) as ChildReport
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xm-bench-child-'))
  writeFileSync(join(dir, 'parser.mjs'), FAKE_PARSER)
  writeFileSync(join(dir, 'half.mjs'), HALF_PARSER)
  writeFileSync(join(dir, 'throwing.mjs'), THROWING_PARSER)
  writeFileSync(join(dir, 'service.mjs'), FAKE_SERVICE)
  // About 1.5 MB: more than one 1 MiB chunk, so characters split between reads are exercised.
  input = generateExport(join(dir, 'WhatsApp Chat with Famille Martin.txt'), 15_000, 5)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('bench child', () => {
  it('measures parse: counts what the parser yields, with a peak RSS and pass times', () => {
    const report = runChild({step: 'parse', file: input.path, modules: modules({})})
    expect(report).toMatchObject({ok: true, step: 'parse', messages: 15_000})
    if (!report.ok) return
    expect(report.detail).toMatchObject({system: input.system, attachments: input.attachments, chunkSource: 'readTextChunks'})
    expect(report.maxRssKiB).toBeGreaterThanOrEqual(report.startRssKiB)
    expect(report.seconds).toBeGreaterThan(0)
    expect(report.cpuSeconds).toBeGreaterThan(0)
    expect(report.seconds).toBeCloseTo((report.detail.analyzeSeconds as number) + (report.detail.parseSeconds as number), 6)
  })

  it('measures read: both passes of the chunk reader, counting lines', () => {
    const report = runChild({step: 'read', file: input.path, modules: modules({parser: join(dir, 'missing.ts')})})
    expect(report).toMatchObject({ok: true, step: 'read', messages: null, detail: {lines: input.lines, chunkSource: 'readTextChunks'}})
  })

  it('falls back to its own decoder when text-chunks is missing, with the same counts', () => {
    const report = runChild({step: 'parse', file: input.path, modules: modules({textChunks: join(dir, 'none.ts')})})
    expect(report).toMatchObject({ok: true, messages: 15_000, detail: {system: input.system, attachments: input.attachments}})
    if (report.ok) expect(report.detail.chunkSource).toMatch(/^bench fallback .*none\.ts does not exist yet/)
  })

  it('reads with its own reader in small chunks when asked (--chunk-bytes), with the same counts', () => {
    // 4093 bytes: a prime, so reads end inside multi-byte characters and inside lines.
    const report = runChild({step: 'parse', file: input.path, modules: modules({}), chunkBytes: 4093})
    expect(report).toMatchObject({ok: true, messages: 15_000, detail: {system: input.system, attachments: input.attachments, chunkSource: 'bench reader, 4093-byte chunks'}})
    const read = runChild({step: 'read', file: input.path, modules: modules({}), chunkBytes: 4093})
    expect(read).toMatchObject({ok: true, detail: {lines: input.lines, chars: readFileSync(input.path, 'utf8').length}})
  })

  it('runs transpiled, without tsx, on compiled (plain JS) modules', () => {
    const report = runChild({step: 'parse', file: input.path, modules: modules({textChunks: join(dir, 'none.ts')})}, true)
    expect(report).toMatchObject({ok: true, messages: 15_000})
  })

  it('says "unavailable", naming the file or the export, when the code is not written yet', () => {
    expect(runChild({step: 'parse', file: input.path, modules: modules({parser: join(dir, 'missing.ts')})})).toEqual({
      ok: false,
      step: 'parse',
      reason: 'unavailable',
      message: `${join(dir, 'missing.ts')} does not exist yet`,
    })
    expect(runChild({step: 'parse', file: input.path, modules: modules({parser: join(dir, 'half.mjs')})})).toMatchObject({
      reason: 'unavailable',
      message: expect.stringMatching(/does not export parseWhatsApp yet$/),
    })
  })

  it('reports a failure, with the error, when the code under test throws', () => {
    expect(runChild({step: 'parse', file: input.path, modules: modules({parser: join(dir, 'throwing.mjs')})})).toEqual({
      ok: false,
      step: 'parse',
      reason: 'failed',
      message: 'TypeError: boom at line 3',
    })
  })

  it('measures import into a fresh workspace and describes the store afterwards', () => {
    const report = runChild({step: 'import', file: input.path, modules: modules({}), keep: true})
    expect(report).toMatchObject({ok: true, step: 'import', messages: 15_000})
    if (!report.ok) return
    expect(report.detail.store).toMatchObject({rows: {messages: 15_000, chats: 0}})
    expect((report.detail.store as {files: Record<string, number>}).files['store.sqlite']).toBeGreaterThan(0)
    expect(report.detail).toMatchObject({added: 15_000, known: 0})
    const workspace = report.detail.workspace as string
    expect(workspace.startsWith(dir)).toBe(true)

    // Again into the same workspace: the stand-in service finds everything known.
    const again = runChild({step: 'reimport', file: input.path, modules: modules({}), workspaceDir: workspace})
    expect(again).toMatchObject({ok: true, step: 'reimport', messages: 0, detail: {added: 0, known: 15_000, workspace, store: {rows: {messages: 15_000}}}})
  })
})
