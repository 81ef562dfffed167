/**
 * `history export --format html` of one big chat, as a person runs it (issue 17: 1M messages in
 * ≤ 300 MiB, the search index in shards; issue 16: its progress).
 *
 *   node --import tsx bench/history-export.ts [messages=1000000] [--repeat 3] [--cli DIR]
 *
 * Prepares once (cached in bench/out/history-N/) a workspace holding one generated group chat of
 * N messages (bench/history-chat.ts), then runs the real CLI (`bin/run.js history export -w … --out … --format html
 * --json`, needs dist/) in a fresh process per run, timed from outside, its peak RSS recorded
 * from inside by bench/rss-reporter.ts. Prints one line per run and a JSON summary (last line):
 * medians, the largest search file, the target. The archive is deleted after each run.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

import {median} from './report.js'
import {transpileBenchFile} from './transpile.js'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH_DIR, '..')
const TARGET_MIB = 300

const {values, positionals} = parseArgs({allowPositionals: true, options: {repeat: {type: 'string', default: '3'}, prepare: {type: 'boolean', default: false}, cli: {type: 'string'}}})
/** `--cli DIR`: the checkout whose bin/run.js is measured (another version of the code, for a before/after). */
const CLI_ROOT = resolve(values.cli ?? ROOT)
const total = Number(positionals[0] ?? 1_000_000)
const dir = join(BENCH_DIR, 'out', `history-${total}`)
const ready = join(dir, 'ready')

/** Builds the workspace with the bench's chat (in this process: run with --prepare by the parent). */
async function prepare(): Promise<void> {
  const {Workspace} = await import('../src/workspace.js')
  const {importBenchChat} = await import('./history-chat.js')
  rmSync(dir, {recursive: true, force: true})
  await importBenchChat(new Workspace(join(dir, 'ws')).ensure(), total)
  writeFileSync(ready, `${total}\n`)
}

if (values.prepare) {
  await prepare()
} else {
  if (!existsSync(ready)) {
    const t0 = performance.now()
    const made = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(total), '--prepare'], {cwd: ROOT, stdio: 'inherit'})
    if (made.status !== 0) throw new Error(`preparing the workspace failed (${made.status})`)
    process.stderr.write(`prepared ${dir} (${total.toLocaleString('en-US')} messages) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  }
  if (!existsSync(join(CLI_ROOT, 'dist', 'commands', 'history', 'export.js'))) throw new Error('dist/ is not built: npm run build')
  const reporter = transpileBenchFile('rss-reporter', join(BENCH_DIR, 'out'))
  const runs: {seconds: number; cpuSeconds: number; maxRssMiB: number; searchFiles: number; largestSearchMB: number; bytes: number}[] = []
  for (let run = 0; run < Number(values.repeat); run++) {
    const scratch = mkdtempSync(join(tmpdir(), 'xm-bench-history-'))
    try {
      const out = join(scratch, 'archive')
      const rssOut = join(scratch, 'rss.json')
      const t0 = performance.now()
      const child = spawnSync(process.execPath, ['--import', pathToFileURL(reporter).href, join(CLI_ROOT, 'bin', 'run.js'), 'history', 'export', '-w', join(dir, 'ws'), '--out', out, '--format', 'html', '--lang', 'fr', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: {...process.env, BENCH_RSS_OUT: rssOut},
      })
      const seconds = (performance.now() - t0) / 1000
      if (child.status !== 0) throw new Error(`history export failed (${child.status}): ${(child.stderr ?? '').slice(-500)}`)
      const usage = JSON.parse(readFileSync(rssOut, 'utf8')) as {maxRssKiB: number; cpuSeconds: number}
      const result = JSON.parse(child.stdout) as {bytes: number; chats: {messages: number}[]}
      if (result.chats[0]?.messages !== total) throw new Error(`exported ${result.chats[0]?.messages} messages, expected ${total}`)
      const chatDir = join(out, 'chats', readdirSync(join(out, 'chats'))[0] ?? '')
      const search = readdirSync(chatDir).filter((f) => /^search(-\d+)?\.js$/.test(f))
      const largest = Math.max(...search.map((f) => statSync(join(chatDir, f)).size))
      const r = {seconds, cpuSeconds: usage.cpuSeconds, maxRssMiB: usage.maxRssKiB / 1024, searchFiles: search.length, largestSearchMB: largest / 1e6, bytes: result.bytes}
      runs.push(r)
      process.stderr.write(`run ${run + 1}: ${seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), peak RSS ${r.maxRssMiB.toFixed(0)} MiB, ${search.length} search file(s), largest ${r.largestSearchMB.toFixed(1)} MB, archive ${(r.bytes / 1e6).toFixed(0)} MB\n`)
    } finally {
      rmSync(scratch, {recursive: true, force: true})
    }
  }
  const rss = median(runs.map((r) => r.maxRssMiB)) ?? Number.NaN
  process.stdout.write(
    `${JSON.stringify({bench: 'history-export', messages: total, runs, medianSeconds: median(runs.map((r) => r.seconds)), medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)), medianMaxRssMiB: rss, targetMaxRssMiB: TARGET_MIB, met: rss <= TARGET_MIB && runs.every((r) => r.searchFiles > 1 || total < 20_000)})}\n`,
  )
}
