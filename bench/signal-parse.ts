/**
 * `parse --json` of a Signal on-device backup (v2) through the real CLI (issue 17: time linear
 * in the size, 300 MB ≤ 15 s).
 *
 *   node --import tsx bench/signal-parse.ts [sizes in MB, default 100,300] [--repeat 3] [--cli DIR]
 *
 * The backups are written once by the project's fixture writer (bench/signal-decrypt.ts
 * --generate: 20 chats of incompressible text, `main` ≈ SIZE bytes; kept in bench/out/signal/).
 * Each run is a fresh `bin/run.js parse DIR --recovery-key-stdin --json` (needs dist/), timed
 * from outside, its peak RSS recorded from inside (bench/rss-reporter.ts); the output's sha256
 * is printed so two versions of the code can be checked to print the same bytes. `--cli DIR`
 * measures another checkout. Last line: a JSON summary.
 */
import {spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

import {median} from './report.js'
import {transpileBenchFile} from './transpile.js'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH_DIR, '..')
const RECOVERY_KEY = 'ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789 ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789'
/** Seconds allowed for the 300 MB backup (issue 17); other sizes have no target of their own (the ratio shows linearity). */
const TARGET_SECONDS_300MB = 15

const {values, positionals} = parseArgs({allowPositionals: true, options: {repeat: {type: 'string', default: '3'}, cli: {type: 'string'}}})
const CLI_ROOT = resolve(values.cli ?? ROOT)
const sizes = (positionals[0] ?? '100,300').split(',').map((mb) => Math.round(Number(mb) * 1e6))
const reporter = transpileBenchFile('rss-reporter', join(BENCH_DIR, 'out'))

/** One CLI run: wall seconds, CPU, peak RSS, sha256 and size of stdout. */
function parseOnce(backup: string): Promise<{seconds: number; cpuSeconds: number; maxRssMiB: number; sha256: string; outBytes: number}> {
  const scratch = mkdtempSync(join(tmpdir(), 'xm-bench-signal-'))
  const rssOut = join(scratch, 'rss.json')
  return new Promise((done, fail) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['--import', pathToFileURL(reporter).href, join(CLI_ROOT, 'bin', 'run.js'), 'parse', backup, '--recovery-key-stdin', '--json'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {...process.env, BENCH_RSS_OUT: rssOut},
    })
    const hash = createHash('sha256')
    let outBytes = 0
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      outBytes += chunk.length
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdin.end(`${RECOVERY_KEY}\n`)
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000
      try {
        if (code !== 0) throw new Error(`parse failed (${code}): ${stderr.slice(-500)}`)
        const usage = JSON.parse(readFileSync(rssOut, 'utf8')) as {maxRssKiB: number; cpuSeconds: number}
        done({seconds, cpuSeconds: usage.cpuSeconds, maxRssMiB: usage.maxRssKiB / 1024, sha256: hash.digest('hex').slice(0, 16), outBytes})
      } catch (error) {
        fail(error)
      } finally {
        rmSync(scratch, {recursive: true, force: true})
      }
    })
  })
}

const results: {mainMB: number; medianSeconds: number; medianCpuSeconds: number; maxRssMiB: number; sha256: string[]; targetSeconds: number | null}[] = []
for (const size of sizes) {
  // Written in a child: the writer holds the frames in memory (bench/signal-decrypt.ts says why).
  const backup = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'signal-decrypt.ts'), '--generate', 'v2', String(size)], {cwd: ROOT, encoding: 'utf8'}).stdout.trim()
  const mainBytes = statSync(join(backup, 'signal-backup-2026-05-03-10-00-00', 'main')).size
  const runs = []
  for (let run = 0; run < Number(values.repeat); run++) {
    const r = await parseOnce(backup)
    runs.push(r)
    process.stderr.write(`signal v2 ${(mainBytes / 1e6).toFixed(0)} MB run ${run + 1}: ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), peak RSS ${r.maxRssMiB.toFixed(0)} MiB, output ${(r.outBytes / 1e6).toFixed(1)} MB sha256 ${r.sha256}\n`)
  }
  results.push({
    mainMB: mainBytes / 1e6,
    medianSeconds: median(runs.map((r) => r.seconds)) ?? Number.NaN,
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)) ?? Number.NaN,
    maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
    sha256: [...new Set(runs.map((r) => r.sha256))],
    targetSeconds: size === 300e6 ? TARGET_SECONDS_300MB : null,
  })
}
process.stdout.write(`${JSON.stringify({bench: 'signal-parse', results, met: results.every((r) => (r.targetSeconds === null || r.medianSeconds <= r.targetSeconds) && r.sha256.length === 1)})}\n`)
