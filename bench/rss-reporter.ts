/**
 * Preloaded (`node --import …/rss-reporter.mjs bin/run.js …`) into the real CLI by bench/run.ts:
 * when the process exits, writes its peak RSS and CPU time to the file named by BENCH_RSS_OUT. Node gives a
 * parent no rusage of its children, and the CLI should run unmodified, so the measurement rides
 * along inside the process. Imports nothing from the project (it is run transpiled, from bench/out).
 */
import {writeFileSync} from 'node:fs'

const out = process.env.BENCH_RSS_OUT
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage()
    writeFileSync(out, `${JSON.stringify({maxRssKiB: process.resourceUsage().maxRSS, cpuSeconds: (cpu.user + cpu.system) / 1e6})}\n`)
  })
}
