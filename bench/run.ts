/**
 * `npm run bench`: measures parse and import on deterministic WhatsApp exports of 100k and 1M
 * messages, and prints seconds, messages/s and peak RSS against the targets of issue #2 §5.
 *
 * Each measured step runs in a fresh child process (bench/child.ts), so its peak RSS is its own.
 * When dist/ is built and up to date the child is plain JavaScript importing dist/ (no tsx in the
 * measured process); otherwise it runs through tsx on src/. The full CLI (`bin/run.js import`) is
 * measured too when dist/commands/import.js exists. See bench/README.md for the options.
 */
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {cpus, loadavg, tmpdir, totalmem} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

import type {ChildRequest} from './child.js'
import {BENCH_OUT_DIR, defaultExportPath, generateExport, type BenchPlatform, type GeneratedExport} from './generate.js'
import {nodeFlagsFromShebang} from './node-flags.js'
import {transpileBenchFile} from './transpile.js'
import {formatHotSpots, hotSpots, readCpuProfile} from './profile.js'
import {BENCH_STEPS, compareCounts, formatTable, importCounts, kibToMiB, median, type BenchRow, type BenchStep, type ChildReport} from './report.js'
import {formatScaleTable, runScaleCases, SCALE_CASES, type ScaleCase, type ScaleRow} from './scale-cases.js'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH_DIR, '..')

/** The project's modules a child loads, by path under src/ or dist/ without extension. */
const MODULES: Record<keyof ChildRequest['modules'], string> = {
  parser: 'importers/whatsapp/parser',
  textChunks: 'importers/text-chunks',
  importService: 'services/import-service',
  workspace: 'workspace',
}

const HELP = `Usage: npm run bench -- [options]

  --cases whatsapp,invite,signal,history
                           which benchmarks: whatsapp = parse/import below (the other options);
                           invite = rooms create + invite, 20 groups × 50 on the test Prosody;
                           signal = parse --json of Signal v2 backups of 100 and 300 MB;
                           history = history export --format html of 1M messages (issue 17)
  --sizes 100000,1000000   message counts of the generated exports
  --steps read,parse,parse-json,parse-text,compare,import,reimport,cli
                           steps to measure: read = the parser's two passes of chunk reading
                           alone (its floor); reimport = the same export again into a workspace
                           that holds it; cli = ./bin/run.js import; parse-json / parse-text =
                           ./bin/run.js parse FILE [--json] > /dev/null (cli and parse-* need
                           dist/); compare = whatsapp-chat-parser reading the same file and
                           writing it as JSON > /dev/null (the reference of parse-json's target)
  --inputs DIR             where the generated exports are kept (default bench/out; a 10M
                           export is 1 GB: e.g. --inputs /tmp/xm-bench, deleted by you after)
  --platforms android      export formats: android, ios, or both (android,ios)
  --seed 42                generator seed
  --repeat 3               runs per step; the table shows the median (and min–max)
  --mode auto              dist (compiled JS, no tsx), tsx (src/ through tsx), auto (dist when up to date)
  --build                  run "npm run build" first
  --cpu-prof               profile one run per step (node --cpu-prof) and print the hot spots
  --node-flags="…"         Node options for every measured process (default: those of bin/run.js's
                           shebang, i.e. how xmpp-migrate runs); --node-flags= for none
  --chunk-bytes N          read/parse with the bench's own reader in N-byte chunks instead of
                           readTextChunks (to see what the chunk size does to time and memory)
  --keep                   keep the temporary workspaces of import runs
  --json                   print the rows as JSON instead of a table
`

interface Options {
  cases: Array<'whatsapp' | ScaleCase>
  sizes: number[]
  steps: BenchStep[]
  platforms: BenchPlatform[]
  seed: number
  repeat: number
  mode: 'auto' | 'dist' | 'tsx'
  build: boolean
  cpuProf: boolean
  keep: boolean
  chunkBytes: number | undefined
  /** Node options of the measured processes; undefined: those of bin/run.js. */
  nodeFlags: string[] | undefined
  json: boolean
  /** Folder of the generated exports. */
  inputs: string
}

function parseOptions(argv: string[]): Options {
  const {values} = parseArgs({
    args: argv,
    options: {
      cases: {type: 'string', default: ['whatsapp', ...SCALE_CASES].join(',')},
      sizes: {type: 'string', default: '100000,1000000'},
      steps: {type: 'string', default: BENCH_STEPS.join(',')},
      inputs: {type: 'string', default: BENCH_OUT_DIR},
      platforms: {type: 'string', default: 'android'},
      seed: {type: 'string', default: '42'},
      repeat: {type: 'string', default: '3'},
      mode: {type: 'string', default: 'auto'},
      build: {type: 'boolean', default: false},
      'cpu-prof': {type: 'boolean', default: false},
      keep: {type: 'boolean', default: false},
      'chunk-bytes': {type: 'string'},
      'node-flags': {type: 'string'},
      json: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    process.exit(0)
  }
  const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean)
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n\n${HELP}`)
    process.exit(2)
  }
  const cases = list(values.cases)
  if (cases.some((c) => c !== 'whatsapp' && !(SCALE_CASES as readonly string[]).includes(c))) fail(`--cases: whatsapp, ${SCALE_CASES.join(', ')} expected, got ${values.cases}`)
  const sizes = list(values.sizes).map((s) => Number(s.replace(/_/g, '')))
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) fail(`--sizes: positive integers expected, got ${values.sizes}`)
  const steps = list(values.steps)
  if (steps.some((s) => !(BENCH_STEPS as readonly string[]).includes(s))) fail(`--steps: ${BENCH_STEPS.join(', ')} expected, got ${values.steps}`)
  const platforms = list(values.platforms)
  if (platforms.some((p) => p !== 'android' && p !== 'ios')) fail(`--platforms: android, ios expected, got ${values.platforms}`)
  const repeat = Number(values.repeat)
  if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat: a positive integer expected, got ${values.repeat}`)
  const chunkBytes = values['chunk-bytes'] === undefined ? undefined : Number(values['chunk-bytes'])
  if (chunkBytes !== undefined && (!Number.isInteger(chunkBytes) || chunkBytes < 1)) fail(`--chunk-bytes: a positive integer expected, got ${values['chunk-bytes']}`)
  if (!['auto', 'dist', 'tsx'].includes(values.mode)) fail(`--mode: auto, dist or tsx expected, got ${values.mode}`)
  return {
    cases: cases as Options['cases'],
    sizes,
    steps: steps as BenchStep[],
    platforms: platforms as BenchPlatform[],
    seed: Number(values.seed),
    repeat: values['cpu-prof'] ? 1 : repeat,
    mode: values.mode as Options['mode'],
    build: values.build,
    cpuProf: values['cpu-prof'],
    keep: values.keep,
    chunkBytes,
    nodeFlags: values['node-flags'] === undefined ? undefined : values['node-flags'].split(/\s+/).filter(Boolean),
    json: values.json,
    inputs: resolve(values.inputs),
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

/** How the children run: the command prefix and the module paths they load. */
interface Runner {
  mode: 'dist' | 'tsx'
  /** Why this mode was chosen (printed). */
  reason: string
  /** Node arguments before the request, e.g. `['--import', 'tsx', 'bench/child.ts']`. */
  nodeArgs: string[]
  modules: ChildRequest['modules']
}

function srcPath(module: string): string {
  return join(ROOT, 'src', `${module}.ts`)
}

function distPath(module: string): string {
  return join(ROOT, 'dist', `${module}.js`)
}

/** Transpiles a self-contained bench file (child, RSS reporter) to plain JS in bench/out/. */
function transpile(name: string): string {
  return transpileBenchFile(name, BENCH_OUT_DIR)
}

/** dist/ is usable when every module present in src/ has a compiled copy at least as new. */
function distStaleness(): string | null {
  for (const module of Object.values(MODULES)) {
    const src = srcPath(module)
    if (!existsSync(src)) continue
    const dist = distPath(module)
    if (!existsSync(dist)) return `dist/${module}.js is missing`
    if (statSync(dist).mtimeMs < statSync(src).mtimeMs) return `dist/${module}.js is older than src/${module}.ts`
  }
  return null
}

function chooseRunner(mode: Options['mode']): Runner {
  const stale = distStaleness()
  const useDist = mode === 'dist' || (mode === 'auto' && stale === null)
  const pick = (f: (m: string) => string): ChildRequest['modules'] => ({
    parser: f(MODULES.parser),
    textChunks: f(MODULES.textChunks),
    importService: f(MODULES.importService),
    workspace: f(MODULES.workspace),
  })
  if (useDist) {
    return {
      mode: 'dist',
      reason: mode === 'dist' ? 'asked with --mode dist' + (stale ? ` (warning: ${stale})` : '') : 'dist/ is up to date',
      nodeArgs: [transpile('child')],
      modules: pick(distPath),
    }
  }
  return {
    mode: 'tsx',
    reason: mode === 'tsx' ? 'asked with --mode tsx' : `${stale}; run with --build to measure compiled code`,
    nodeArgs: ['--import', 'tsx', join(BENCH_DIR, 'child.ts')],
    modules: pick(srcPath),
  }
}

/** Node flags that make a child write a CPU profile into bench/out/profiles/<name>/. */
function profileFlags(name: string): {flags: string[]; dir: string} {
  const dir = join(BENCH_OUT_DIR, 'profiles', name)
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  return {flags: ['--cpu-prof', `--cpu-prof-dir=${dir}`], dir}
}

function printProfile(dir: string): void {
  // A tsx child also profiles tsx's own worker; the largest profile is the measured process.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)
  const file = files[0]
  if (!file) return log(`  (no CPU profile written in ${dir})`)
  log(`  CPU profile ${file} (includes process start and module loading):`)
  log(formatHotSpots(hotSpots(readCpuProfile(file), 20, ROOT)))
}

/** Runs one child and returns its report (a failure report when it crashed or printed nothing). */
function runChild(runner: Runner, request: ChildRequest, extraFlags: string[]): ChildReport {
  const child = spawnSync(process.execPath, [...extraFlags, ...runner.nodeArgs, JSON.stringify(request)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    timeout: 15 * 60_000,
  })
  const last = child.stdout?.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(last) as ChildReport
  } catch {
    const why = child.error ? child.error.message : child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`
    return {ok: false, step: request.step, reason: 'failed', message: `the measuring process ended without a report (${why})`}
  }
}

/** The command line of a step measured as a whole process (`cli`, `parse-json`, `parse-text`, `compare`). */
function processArgs(step: BenchStep, file: string, workspace: string, comparison: string): string[] {
  const bin = join(ROOT, 'bin', 'run.js')
  if (step === 'cli') return [bin, 'import', file, '-w', workspace, '--json']
  if (step === 'parse-json') return [bin, 'parse', file, '--json']
  if (step === 'parse-text') return [bin, 'parse', file]
  return [comparison, file]
}

/**
 * Runs a whole process once and measures it from outside: the real CLI (`import … --json`, its
 * counts checked; `parse [--json]`, its output sent to /dev/null as `> file` would, unchecked:
 * the parse step checks the parser's counts) or the comparison parser. Peak RSS and CPU come
 * from the preloaded bench/rss-reporter.ts.
 */
function runProcess(step: BenchStep, file: string, reporter: string, comparison: string, extraFlags: string[], keep: boolean): ChildReport {
  const dir = mkdtempSync(join(tmpdir(), 'xm-bench-cli-'))
  const rssOut = join(dir, 'rss.json')
  const workspace = join(dir, 'ws')
  const toNull = step === 'cli' ? undefined : openSync('/dev/null', 'w')
  try {
    const t0 = performance.now()
    // The comparison runs without the CLI's Node options: it is measured as its users run it.
    const flags = step === 'compare' ? [] : extraFlags
    const child = spawnSync(process.execPath, [...flags, '--import', pathToFileURL(reporter).href, ...processArgs(step, file, workspace, comparison)], {
      cwd: ROOT,
      stdio: ['ignore', toNull ?? 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      timeout: 15 * 60_000,
      env: {...process.env, BENCH_RSS_OUT: rssOut},
    })
    const seconds = (performance.now() - t0) / 1000
    if (child.status !== 0) {
      const tail = `${child.stdout ?? ''}${child.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ')
      return {ok: false, step, reason: 'failed', message: `exit ${child.status ?? child.signal}: ${tail.slice(0, 300)}`}
    }
    const usage = existsSync(rssOut) ? (JSON.parse(readFileSync(rssOut, 'utf8')) as {maxRssKiB: number; cpuSeconds: number}) : {maxRssKiB: 0, cpuSeconds: 0}
    if (step !== 'cli') return {ok: true, step, messages: null, seconds, cpuSeconds: usage.cpuSeconds, maxRssKiB: usage.maxRssKiB, startRssKiB: 0, detail: {}}
    let result: unknown = null
    try {
      result = JSON.parse(child.stdout)
    } catch {
      result = child.stdout.slice(0, 300)
    }
    const {added, known} = importCounts(result)
    return {ok: true, step: 'cli', messages: added, seconds, cpuSeconds: usage.cpuSeconds, maxRssKiB: usage.maxRssKiB, startRssKiB: 0, detail: {added, known, workspace: keep ? workspace : undefined}}
  } finally {
    if (toNull !== undefined) closeSync(toNull)
    if (!keep) rmSync(dir, {recursive: true, force: true})
  }
}

/**
 * The machine's load (1-minute average against the core count). Seconds measured while other
 * processes compete for the cores are inflated; the bench says so instead of hiding it.
 */
function describeLoad(): string {
  const load = loadavg()[0] ?? 0
  const cores = cpus().length
  const busy = load > cores * 0.5 ? ' — other processes are using the CPU: seconds are inflated, rerun on an idle machine' : ''
  return `load average ${load.toFixed(2)} on ${cores} cores${busy}`
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** The note of a row: how the step went and whether its counts match the generated export. */
function noteFor(step: BenchStep, input: GeneratedExport, report: ChildReport & {ok: true}): string {
  const d = report.detail
  if (step === 'parse') {
    const counts = compareCounts(
      {messages: input.messages, system: input.system, attachments: input.attachments},
      {messages: report.messages, system: d.system as number, attachments: d.attachments as number},
    )
    const split = `analyze ${(d.analyzeSeconds as number).toFixed(2)} s + parse ${(d.parseSeconds as number).toFixed(2)} s`
    const fallback = String(d.chunkSource).startsWith('bench') ? `; ${String(d.chunkSource)}` : ''
    return `${counts}; ${split}${fallback}`
  }
  if (step === 'read') {
    const lines = d.lines as number
    const check = lines === input.lines ? 'lines ok' : `LINES ${fmtCount(lines)} (expected ${fmtCount(input.lines)})`
    return `${check}; two passes, no parsing${String(d.chunkSource).startsWith('bench') ? `; ${String(d.chunkSource)}` : ''}`
  }
  if (step === 'import' || step === 'reimport') {
    const store = d.store as {files: Record<string, number>; rows: Record<string, number>}
    const tables = Object.entries(store.rows).filter(([name]) => /message/i.test(name))
    const stored = tables.map(([name, n]) => `${name}=${fmtCount(n)}`).join(', ') || 'no message table'
    const messageRows = tables.reduce((max, [, n]) => Math.max(max, n), 0)
    const rows = messageRows === input.messages ? 'rows ok' : `ROWS ${fmtCount(messageRows)} (expected ${fmtCount(input.messages)})`
    const [wantAdded, wantKnown] = step === 'import' ? [input.messages, 0] : [0, input.messages]
    const added = d.added as number | null
    const known = d.known as number | null
    const counts =
      added === null ? 'no counts in the result' : added === wantAdded && known === wantKnown ? `${fmtCount(added)} new, ${fmtCount(known ?? 0)} known` : `COUNTS ${fmtCount(added)} new, ${fmtCount(known ?? 0)} known (expected ${fmtCount(wantAdded)}, ${fmtCount(wantKnown)})`
    const bytes = Object.values(store.files).reduce((a, b) => a + b, 0)
    return `${counts}; ${rows}; ${stored}; store ${(bytes / 1e6).toFixed(0)} MB`
  }
  if (step === 'parse-json' || step === 'parse-text') return 'whole process, output to /dev/null (unchecked: see parse for the counts)'
  if (step === 'compare') return 'whatsapp-chat-parser 4.0.2: read, parse, JSON to /dev/null; whole process'
  const added = d.added as number | null
  const counts = added === input.messages && d.known === 0 ? `${fmtCount(added)} new` : `COUNTS ${added === null ? 'missing from --json' : `${fmtCount(added)} new, ${fmtCount((d.known as number | null) ?? 0)} known`} (expected ${fmtCount(input.messages)} new)`
  return `${counts}; wall time incl. node + oclif start`
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const cpu = cpus()
  log(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`)
  const loadBefore = describeLoad()
  log(loadBefore)

  if (options.build) {
    log('building: npm run build')
    const build = spawnSync('npm', ['run', 'build'], {cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit']})
    if (build.status !== 0) log(`build exited with ${build.status}; measuring whatever was emitted`)
  }
  const nodeFlags = options.nodeFlags ?? nodeFlagsFromShebang(readFileSync(join(ROOT, 'bin', 'run.js'), 'utf8').split('\n')[0] ?? '')
  log(`node options of the measured processes: ${nodeFlags.length > 0 ? nodeFlags.join(' ') : '(none)'}${options.nodeFlags ? ' (--node-flags)' : " (bin/run.js's shebang)"}`)
  const runner = chooseRunner(options.mode)
  log(`children run ${runner.mode === 'dist' ? 'compiled dist/ without tsx' : 'src/ through tsx'} (${runner.reason})`)
  for (const [name, path] of Object.entries(runner.modules)) {
    if (!existsSync(path)) log(`  ${name}: ${path.slice(ROOT.length + 1)} not there yet`)
  }
  if (options.cpuProf && runner.mode === 'tsx') log('note: profiling through tsx: src/ line numbers in the profile are those of tsx output; use --build for exact ones')
  const cliAvailable = existsSync(join(ROOT, 'dist', 'commands', 'import.js'))
  const whole: BenchStep[] = ['cli', 'parse-json', 'parse-text', 'compare']
  const reporter = options.steps.some((s) => whole.includes(s)) ? transpile('rss-reporter') : ''
  const comparison = options.steps.includes('compare') ? transpile('comparison') : ''

  const rows: BenchRow[] = []
  for (const platform of options.cases.includes('whatsapp') ? options.platforms : []) {
    for (const size of options.sizes) {
      const t0 = performance.now()
      const input = generateExport(defaultExportPath(platform, size, options.seed, options.inputs), size, options.seed, {platform})
      log(
        `${input.reused ? 'kept' : 'generated'} ${input.path.startsWith(`${ROOT}/`) ? input.path.slice(ROOT.length + 1) : input.path}: ${fmtCount(input.messages)} messages, ` +
          `${(input.bytes / 1e6).toFixed(1)} MB${input.reused ? '' : ` in ${((performance.now() - t0) / 1000).toFixed(1)} s`}`,
      )
      for (const step of options.steps) {
        const row: BenchRow = {step, format: platform, messages: input.messages, bytes: input.bytes, seconds: [], cpuSeconds: [], maxRssKiB: null, status: 'ok', note: ''}
        rows.push(row)
        if (whole.includes(step) && step !== 'compare' && !cliAvailable) {
          row.status = 'unavailable'
          row.note = 'dist/ not built (npm run build, or --build)'
          log(`${step} ${fmtCount(size)}: ${row.note}`)
          continue
        }
        let workspaceDir: string | undefined
        if (step === 'reimport') {
          // A workspace that already holds the export, made by an import that is not measured.
          const prepared = runChild(runner, {step: 'import', file: input.path, modules: runner.modules, keep: true}, nodeFlags)
          if (!prepared.ok) {
            row.status = prepared.reason
            row.note = `preparing import: ${prepared.message.replace(ROOT + '/', '')}`
            log(`${step} ${fmtCount(size)}: ${row.status}: ${row.note}`)
            continue
          }
          workspaceDir = prepared.detail.workspace as string
        }
        for (let run = 1; run <= options.repeat; run++) {
          const profile = options.cpuProf ? profileFlags(`${step}-${platform}-${size}`) : null
          const flags = [...nodeFlags, ...(profile?.flags ?? [])]
          const report = whole.includes(step)
            ? runProcess(step, input.path, reporter, comparison, flags, options.keep)
            : runChild(runner, {step: step as ChildRequest['step'], file: input.path, modules: runner.modules, keep: options.keep, chunkBytes: options.chunkBytes, ...(workspaceDir ? {workspaceDir} : {})}, flags)
          if (!report.ok) {
            row.status = report.reason
            row.note = report.reason === 'unavailable' ? `not available yet: ${report.message.replace(ROOT + '/', '')}` : report.message
            log(`${step} ${fmtCount(size)}: ${row.status}: ${row.note}`)
            break
          }
          row.seconds.push(report.seconds)
          row.cpuSeconds.push(report.cpuSeconds)
          row.maxRssKiB = Math.max(row.maxRssKiB ?? 0, report.maxRssKiB)
          row.note = noteFor(step, input, report)
          log(
            `${step} ${platform} ${fmtCount(size)} run ${run}/${options.repeat}: ${report.seconds.toFixed(2)} s (CPU ${report.cpuSeconds.toFixed(2)} s), ` +
              `peak RSS ${kibToMiB(report.maxRssKiB).toFixed(0)} MiB${whole.includes(step) ? '' : ` (${kibToMiB(report.startRssKiB).toFixed(0)} MiB before the step)`}; ${row.note}`,
          )
          if (profile) printProfile(profile.dir)
        }
        if (workspaceDir && !options.keep) rmSync(workspaceDir, {recursive: true, force: true})
      }
    }
  }

  const scaleCases = options.cases.filter((c): c is ScaleCase => c !== 'whatsapp')
  const scaleRows: ScaleRow[] = scaleCases.length > 0 ? runScaleCases(scaleCases, options.repeat, log) : []

  if (options.json) {
    process.stdout.write(`${JSON.stringify([...rows.map((r) => ({...r, medianSeconds: median(r.seconds)})), ...scaleRows], null, 2)}\n`)
  } else {
    if (rows.length > 0) process.stdout.write(`\n${formatTable(rows)}\n`)
    if (scaleRows.length > 0) process.stdout.write(`\n${formatScaleTable(scaleRows)}\n`)
    process.stdout.write(`\n${loadBefore}\nat the end: ${describeLoad()}\n`)
    process.stdout.write(`node options: ${nodeFlags.join(' ') || '(none)'}; mode: ${runner.mode}; seconds (wall) and CPU s = median of ${options.repeat} run(s), step only (cli, parse-json, parse-text, compare: whole process, start-up included); MB in = 10^6 bytes, MiB = 2^20 bytes\n`)
  }
}

await main()
