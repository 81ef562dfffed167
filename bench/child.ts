/**
 * One measured step, in its own process, so that `process.resourceUsage().maxRSS` is that step's
 * peak and nothing else's. Started by bench/run.ts, never by hand:
 *
 *   node [--import tsx] bench/child.ts '<ChildRequest as JSON>'
 *
 * Writes exactly one JSON line (a ChildReport, see report.ts) on stdout. The timer covers the
 * step only: process start, tsx compilation and module loading come before it.
 *
 * This file imports nothing from the project: run.ts can transpile it to plain JavaScript in
 * bench/out/ and run it without tsx, and the code under test is loaded from the absolute paths
 * in the request (compiled dist/ or src/ through tsx).
 */
import {createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

/** What run.ts asks a child to measure. */
export interface ChildRequest {
  /**
   * `read`: the two passes of chunk reading alone (the floor under parse); `parse`; `import`
   * into a fresh workspace; `reimport`: the same export again into `workspaceDir`, which already
   * holds it (idempotence: nothing should be added).
   */
  step: 'read' | 'parse' | 'import' | 'reimport'
  /** Absolute path of the export. */
  file: string
  /** Absolute paths of the project's modules (`.js` in dist/ or `.ts` in src/); relative names for messages. */
  modules: {
    parser: string
    textChunks: string
    importService: string
    workspace: string
  }
  /** Keep the temporary workspace of an import (its path is reported). */
  keep?: boolean
  /** `reimport` only: the workspace to import into (kept). */
  workspaceDir?: string
  /**
   * Read and parse with the bench's own reader in chunks of this many bytes instead of
   * readTextChunks, to see how the chunk size moves time and memory (`--chunk-bytes`).
   */
  chunkBytes?: number
}

type Json = Record<string, unknown>

/** Thrown when the code to measure is not there (yet): reported as `unavailable`, not as a failure. */
class Unavailable extends Error {}

const kib = (): number => process.resourceUsage().maxRSS

/** CPU seconds (user + system, all threads: GC helpers included) since `start`. */
const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

/** Loads a module of the project, or says precisely why it cannot be measured yet. */
async function load(path: string, wanted: string[]): Promise<Json> {
  if (!existsSync(path)) throw new Unavailable(`${path} does not exist yet`)
  const mod = (await import(pathToFileURL(path).href)) as Json
  const missing = wanted.filter((name) => typeof mod[name] !== 'function')
  if (missing.length > 0) throw new Unavailable(`${path} does not export ${missing.join(', ')} yet`)
  return mod
}

/** The bench's own text source (fallback, or `chunkBytes`): reads through a streaming decoder. */
async function* fsTextChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  for await (const bytes of createReadStream(path, {highWaterMark: chunkBytes}) as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(bytes, {stream: true})
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

type ChunkReader = (path: string) => AsyncIterable<string>
type Analyze = (chunks: AsyncIterable<string>, options?: Json) => Promise<unknown>
type Parse = (chunks: AsyncIterable<string>, analysis: unknown, options?: Json) => AsyncIterable<Json>

/** The project's chunk reader, or the bench's fallback (with a note saying so). */
async function chunkReader(request: ChildRequest): Promise<{readChunks: ChunkReader; chunkSource: string}> {
  const size = request.chunkBytes
  if (size !== undefined) return {readChunks: (path) => fsTextChunks(path, size), chunkSource: `bench reader, ${size}-byte chunks`}
  let readChunks: ChunkReader
  let chunkSource = 'readTextChunks'
  try {
    readChunks = (await load(request.modules.textChunks, ['readTextChunks'])).readTextChunks as ChunkReader
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error
    readChunks = fsTextChunks
    chunkSource = `bench fallback (fs stream + TextDecoder): ${error.message}`
  }
  return {readChunks, chunkSource}
}

/**
 * Reads the file twice (as analyze + parse do) and counts line feeds, doing nothing else: the
 * time and memory any two-pass parser on this chunk reader cannot go below.
 */
async function measureRead(request: ChildRequest): Promise<Json> {
  const {readChunks, chunkSource} = await chunkReader(request)
  const startRssKiB = Math.round(process.memoryUsage.rss() / 1024)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let lines = 0
  let chars = 0
  for (let pass = 0; pass < 2; pass++) {
    for await (const chunk of readChunks(request.file)) {
      chars += chunk.length
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++
    }
  }
  const t1 = performance.now()
  return {ok: true, step: 'read', messages: null, seconds: (t1 - t0) / 1000, cpuSeconds: cpuSince(cpu0), maxRssKiB: kib(), startRssKiB, detail: {lines: lines / 2, chars: chars / 2, chunkSource}}
}

async function measureParse(request: ChildRequest): Promise<Json> {
  const parser = await load(request.modules.parser, ['analyzeWhatsApp', 'parseWhatsApp'])
  const analyze = parser.analyzeWhatsApp as Analyze
  const parse = parser.parseWhatsApp as Parse
  const {readChunks, chunkSource} = await chunkReader(request)

  const startRssKiB = Math.round(process.memoryUsage.rss() / 1024)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const analysis = await analyze(readChunks(request.file))
  const t1 = performance.now()
  let messages = 0
  let system = 0
  let attachments = 0
  for await (const message of parse(readChunks(request.file), analysis)) {
    messages++
    if (message.system === true) system++
    if (message.attachment !== null && message.attachment !== undefined) attachments++
  }
  const t2 = performance.now()
  const cpuSeconds = cpuSince(cpu0)
  const maxRssKiB = kib()
  return {
    ok: true,
    step: 'parse',
    messages,
    seconds: (t2 - t0) / 1000,
    cpuSeconds,
    maxRssKiB,
    startRssKiB,
    detail: {analyzeSeconds: (t1 - t0) / 1000, parseSeconds: (t2 - t1) / 1000, system, attachments, chunkSource, analysis: summarize(analysis)},
  }
}

/** A short, JSON-safe view of an unknown result (for the report's detail, never for figures). */
function summarize(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Map ? Object.fromEntries(v) : v))
    if (text === undefined) return null
    return text.length <= 600 ? (JSON.parse(text) as unknown) : `${text.slice(0, 600)}…`
  } catch {
    return String(value)
  }
}

/** Sizes of the store after an import: bytes of each file, and rows per table (read after the timer). */
async function describeStore(dir: string): Promise<Json> {
  const files: Json = {}
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isFile()) files[name] = statSync(path).size
  }
  const rows: Json = {}
  const storePath = join(dir, 'store.sqlite')
  if (existsSync(storePath)) {
    // Loaded here, not at the top: a parse child must not carry the native module in its RSS.
    const {default: Database} = await import('better-sqlite3')
    const db = new Database(storePath, {readonly: true, fileMustExist: true})
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {name: string}[]
      for (const {name} of tables) {
        rows[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as {n: number}).n
      }
    } finally {
      db.close()
    }
  }
  return {files, rows}
}

/**
 * New and already-known message counts from the service's result: `ImportSummary.total`
 * (src/services/import-service.ts), or the same fields at the top level; null when absent.
 * A copy of report.ts `importCounts` (tested there): this file may import nothing.
 */
function reportedCounts(result: unknown): {added: number | null; known: number | null} {
  const pick = (o: unknown, key: string): number | null => {
    if (o === null || typeof o !== 'object') return null
    const v = (o as Json)[key]
    return typeof v === 'number' ? v : null
  }
  const total = result !== null && typeof result === 'object' ? (result as Json).total : undefined
  return {
    added: pick(total, 'messagesNew') ?? pick(result, 'messagesNew'),
    known: pick(total, 'messagesKnown') ?? pick(result, 'messagesKnown'),
  }
}

async function measureImport(request: ChildRequest): Promise<Json> {
  const service = await load(request.modules.importService, ['importExports'])
  const {Workspace} = (await load(request.modules.workspace, ['Workspace'])) as {Workspace: new (dir: string) => {ensure(): unknown; dir: string}}
  const importExports = service.importExports as (workspace: unknown, paths: string[], options?: Json) => Promise<unknown>
  const reuse = request.step === 'reimport'
  if (reuse && !request.workspaceDir) throw new Error('reimport needs workspaceDir (a bug in run.ts)')
  const dir = reuse && request.workspaceDir ? request.workspaceDir : mkdtempSync(join(tmpdir(), 'xm-bench-'))
  try {
    const workspace = new Workspace(dir)
    const startRssKiB = Math.round(process.memoryUsage.rss() / 1024)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const result = await importExports(workspace, [request.file])
    const t1 = performance.now()
    const cpuSeconds = cpuSince(cpu0)
    const maxRssKiB = kib()
    const {added, known} = reportedCounts(result)
    return {
      ok: true,
      step: request.step,
      messages: added,
      seconds: (t1 - t0) / 1000,
      cpuSeconds,
      maxRssKiB,
      startRssKiB,
      detail: {added, known, store: await describeStore(dir), result: summarize(result), workspace: request.keep || reuse ? dir : undefined},
    }
  } finally {
    if (!request.keep && !reuse) rmSync(dir, {recursive: true, force: true})
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest
  let report: Json
  try {
    report = request.step === 'read' ? await measureRead(request) : request.step === 'parse' ? await measureParse(request) : await measureImport(request)
  } catch (error) {
    const message = error instanceof Unavailable ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    report = {ok: false, step: request.step, reason: error instanceof Unavailable ? 'unavailable' : 'failed', message}
    if (!(error instanceof Unavailable) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

await main()
