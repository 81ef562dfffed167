/**
 * The cases of issue 17 beyond WhatsApp parse/import, run by `npm run bench` (bench/run.ts,
 * `--cases`): each is its own script, run in a child process, whose last stdout line is a JSON
 * summary; this module runs them and turns the summaries into rows printed next to their targets.
 *
 * - `invite`: bench/invite-scale.ts (20 groups × 50 members, 183 contacts, test Prosody).
 * - `signal`: bench/signal-parse.ts (backup v2 of 100 and 300 MB, `parse --json`).
 * - `history`: bench/history-export.ts (`history export --format html`, 1M messages).
 */
import {spawnSync} from 'node:child_process'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(BENCH_DIR, '..')

/** The cases this module runs. */
export const SCALE_CASES = ['invite', 'signal', 'history'] as const
export type ScaleCase = (typeof SCALE_CASES)[number]

/** One printed line: a figure, its target and whether it is met. */
export interface ScaleRow {
  case: ScaleCase
  /** What is measured. */
  what: string
  /** The figure, with its unit (median, or the worst for memory). */
  figure: string
  /** The target, as issue 17 states it, or `-`. */
  target: string
  /** `yes`, `NO`, or `-` without a target or a figure. */
  met: 'yes' | 'NO' | '-'
  /** Checks and details (CPU seconds, hashes, counts). */
  note: string
}

type Json = Record<string, unknown>

const s = (x: unknown): string => (typeof x === 'number' ? `${x.toFixed(2)} s` : '-')
const yes = (ok: boolean): 'yes' | 'NO' => (ok ? 'yes' : 'NO')

/** Rows of an invite-scale summary. */
export function inviteRows(j: Json): ScaleRow[] {
  const runs = (j.runs as Json[] | undefined) ?? []
  const first = j.medianFirstSeconds as number
  const rerun = j.medianRerunSeconds as number
  const cpu = runs[0]?.cpu as Record<string, [number, number]> | undefined
  const cpuNote = (key: string): string => (cpu?.[key] ? `CPU ${cpu[key][0].toFixed(2)} s + server ${cpu[key][1].toFixed(2)} s (run 1)` : '')
  const failures = runs.reduce((n, r) => n + (r.failedRooms as number) + (r.rosterFailed as number), 0)
  const kit = runs[0]?.kit as {hash: string; files: number; pngs: number} | undefined
  const label = `${j.groups} groups × ${j.members}, ${j.contacts} contacts (${j.server})`
  return [
    {case: 'invite', what: `rooms create, ${label}`, figure: s(j.medianRoomsSeconds), target: '-', met: '-', note: cpuNote('rooms')},
    {case: 'invite', what: `invite, ${label}`, figure: s(j.medianInviteSeconds), target: '-', met: '-', note: `${cpuNote('invite')}; kit ${kit?.files ?? '?'} files, ${kit?.pngs ?? '?'} PNG, hash ${kit?.hash ?? '?'}`},
    {case: 'invite', what: 'rooms create + invite', figure: s(first), target: '≤ 10 s', met: yes(first <= 10 && failures === 0), note: failures === 0 ? 'no failure' : `${failures} FAILURE(S)`},
    {case: 'invite', what: 'invite again (rerun)', figure: s(rerun), target: '≤ 2 s', met: yes(rerun <= 2), note: `${cpuNote('inviteRerun')}; rooms create again ${s(j.medianRoomsRerunSeconds)}`},
  ]
}

/** Rows of a signal-parse summary. */
export function signalRows(j: Json): ScaleRow[] {
  const results = (j.results as Json[] | undefined) ?? []
  const base = results[0]
  return results.map((r) => {
    const target = r.targetSeconds as number | null
    const ratio = base && r !== base ? `; ${((r.medianSeconds as number) / (base.medianSeconds as number)).toFixed(1)}× the time of ${(base.mainMB as number).toFixed(0)} MB for ${((r.mainMB as number) / (base.mainMB as number)).toFixed(1)}× the size` : ''
    const hashes = r.sha256 as string[]
    return {
      case: 'signal',
      what: `parse --json, backup v2 ${(r.mainMB as number).toFixed(0)} MB`,
      figure: s(r.medianSeconds),
      target: target === null ? '-' : `≤ ${target} s`,
      met: target === null ? '-' : yes((r.medianSeconds as number) <= target && hashes.length === 1),
      note: `CPU ${(r.medianCpuSeconds as number).toFixed(2)} s, peak RSS ${(r.maxRssMiB as number).toFixed(0)} MiB, output sha256 ${hashes.join(' ≠ ')}${ratio}`,
    }
  })
}

/** Rows of a history-export summary. */
export function historyRows(j: Json): ScaleRow[] {
  const runs = (j.runs as Json[] | undefined) ?? []
  const rss = j.medianMaxRssMiB as number
  const target = j.targetMaxRssMiB as number
  const shards = runs[0]?.searchFiles as number | undefined
  return [
    {
      case: 'history',
      what: `history export --format html, ${(j.messages as number).toLocaleString('en-US')} messages`,
      figure: `${rss.toFixed(0)} MiB`,
      target: `≤ ${target} MiB, index in shards`,
      met: yes(j.met === true),
      note: `${s(j.medianSeconds)} (CPU ${s(j.medianCpuSeconds)}); ${shards ?? '?'} search files, largest ${((runs[0]?.largestSearchMB as number | undefined) ?? 0).toFixed(1)} MB`,
    },
  ]
}

/** The script and arguments of each case. */
function command(which: ScaleCase, repeat: number): string[] {
  switch (which) {
    case 'invite':
      return [join(BENCH_DIR, 'invite-scale.ts'), '--repeat', String(repeat)]
    case 'signal':
      return [join(BENCH_DIR, 'signal-parse.ts'), '100,300', '--repeat', String(repeat)]
    case 'history':
      return [join(BENCH_DIR, 'history-export.ts'), '1000000', '--repeat', String(repeat)]
  }
}

/**
 * Runs the cases one after the other (their progress lines go to stderr) and returns their rows;
 * a case that fails gives one row saying so.
 */
export function runScaleCases(cases: readonly ScaleCase[], repeat: number, log: (line: string) => void): ScaleRow[] {
  const rows: ScaleRow[] = []
  for (const which of cases) {
    log(`${which}: node --import tsx ${command(which, repeat).map((a) => a.replace(`${ROOT}/`, '')).join(' ')}`)
    const child = spawnSync(process.execPath, ['--import', 'tsx', ...command(which, repeat)], {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 16 << 20, timeout: 60 * 60_000})
    const last = child.stdout?.trim().split('\n').pop() ?? ''
    try {
      const summary = JSON.parse(last) as Json
      rows.push(...(which === 'invite' ? inviteRows(summary) : which === 'signal' ? signalRows(summary) : historyRows(summary)))
    } catch {
      rows.push({case: which, what: which, figure: 'failed', target: '-', met: '-', note: child.error?.message ?? `exit ${child.status ?? child.signal}`})
    }
  }
  return rows
}

/** The rows as an aligned table. */
export function formatScaleTable(rows: readonly ScaleRow[]): string {
  const header = ['case', 'what', 'figure', 'target', 'met', 'note']
  const cells = rows.map((r) => [r.case, r.what, r.figure, r.target, r.met, r.note])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
  const line = (c: string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}
