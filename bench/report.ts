/**
 * The pure half of the bench: what a child reports, the targets of issue #2 §5, and the table the
 * parent prints. No I/O here, so it is tested without running anything.
 */

/**
 * The steps the bench measures: `read`, `parse`, `import`, `reimport` in a child process of the
 * bench (the step alone); `cli` (`bin/run.js import`), `parse-json` (`bin/run.js parse --json`),
 * `parse-text` (`bin/run.js parse`) and `compare` (whatsapp-chat-parser reading the same file and
 * writing JSON, bench/comparison.ts) as whole processes, timed from outside.
 */
export type BenchStep = 'read' | 'parse' | 'parse-json' | 'parse-text' | 'compare' | 'import' | 'reimport' | 'cli'

/** Every step, in the order the bench runs them. */
export const BENCH_STEPS: readonly BenchStep[] = ['read', 'parse', 'parse-json', 'parse-text', 'compare', 'import', 'reimport', 'cli']

/** What one measuring child writes on stdout, as one JSON line. */
export type ChildReport =
  | {
      ok: true
      step: BenchStep
      /** Messages the step saw (parser yield count; for import, what the service reported if it did). */
      messages: number | null
      /** Wall time of the step itself, excluding process start and module loading. */
      seconds: number
      /**
       * CPU time (user + system, every thread) of the step: less inflated than wall time when
       * other processes share the cores, so comparable across runs on a busy machine.
       */
      cpuSeconds: number
      /** `process.resourceUsage().maxRSS` at the end of the step, in KiB (Linux reports KiB). */
      maxRssKiB: number
      /** RSS when the step started (process, runtime and modules loaded), in KiB. */
      startRssKiB: number
      /** Step-specific figures (pass times, counts, store size…). */
      detail: Record<string, unknown>
    }
  | {
      ok: false
      step: BenchStep
      /** `unavailable`: the code to measure does not exist (yet); `failed`: it threw. */
      reason: 'unavailable' | 'failed'
      /** A sentence for the person running the bench. */
      message: string
    }

/** A target for one step at one size (issue 2 §5, issue 17). */
export interface Target {
  step: BenchStep
  /** The input size the target is stated for. */
  messages: number
  /** Upper bound on the step's wall time (median), in seconds; null when only memory is bounded. */
  maxSeconds: number | null
  /** Upper bound on the wall time as a fraction of another step's median in the same run. */
  relative: {step: BenchStep; fraction: number} | null
  /** Upper bound on peak RSS, in MiB (2^20 bytes), when there is one. */
  maxRssMiB: number | null
}

/**
 * The targets on this 2-core machine. Issue 2 §5: 1M messages (~100 MB) parse in 1.5 s with
 * peak RSS under 150 MB (143 MiB). Issue 17: `parse --json` in at most a quarter of
 * whatsapp-chat-parser's time in the same run; `parse` without --json in 4 s; import of 1M
 * messages in 5 s and 200 MiB (the CLI import is held to it: it is what a person runs); import
 * of 10M messages (1 GB) in 250 MiB, memory flat whatever the size. Other sizes are shown
 * without a target.
 */
export const TARGETS: readonly Target[] = [
  {step: 'parse', messages: 1_000_000, maxSeconds: 1.5, relative: null, maxRssMiB: 143},
  {step: 'parse-json', messages: 1_000_000, maxSeconds: null, relative: {step: 'compare', fraction: 1 / 4}, maxRssMiB: null},
  {step: 'parse-text', messages: 1_000_000, maxSeconds: 4, relative: null, maxRssMiB: null},
  {step: 'import', messages: 1_000_000, maxSeconds: 5, relative: null, maxRssMiB: 200},
  {step: 'import', messages: 10_000_000, maxSeconds: null, relative: null, maxRssMiB: 250},
]

/** One line of the printed table: a step at a size, over all its runs. */
export interface BenchRow {
  step: BenchStep
  /** The export's format, e.g. `android` or `ios`. */
  format: string
  /** Messages in the input export. */
  messages: number
  /** Size of the export in bytes. */
  bytes: number
  /** Wall time of each successful run, in seconds. */
  seconds: number[]
  /** CPU time of each successful run, in seconds (same order). */
  cpuSeconds: number[]
  /** Highest peak RSS over the runs, in KiB, or null when nothing ran. */
  maxRssKiB: number | null
  /** `ok`, or why there is no figure. */
  status: 'ok' | 'unavailable' | 'failed'
  /** Free text: a correctness check, an error, how the step was run. */
  note: string
}

/** Median of a non-empty list (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] as number
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2
}

/** The target that applies to this step and size, if any. */
export function targetFor(step: BenchStep, messages: number): Target | null {
  // The CLI import is held to the import target: it is what a person actually runs.
  const wanted = step === 'cli' ? 'import' : step
  return TARGETS.find((t) => t.step === wanted && t.messages === messages) ?? null
}

/**
 * The time limit of a row in seconds: its target's, or for a relative target the fraction of
 * the other step's median on the same input (null when that step was not measured).
 */
export function secondsLimit(row: BenchRow, rows: readonly BenchRow[] = []): number | null {
  const target = targetFor(row.step, row.messages)
  if (!target) return null
  if (target.relative === null) return target.maxSeconds
  const other = rows.find((r) => r.step === target.relative?.step && r.format === row.format && r.messages === row.messages)
  const base = other && other.status === 'ok' ? median(other.seconds) : null
  return base === null ? null : base * target.relative.fraction
}

/**
 * Whether a row meets its target: `yes`, `NO`, or `-` when there is no target or no figure (or,
 * for a relative target, no figure of the other step in `rows`).
 */
export function verdict(row: BenchRow, rows: readonly BenchRow[] = []): 'yes' | 'NO' | '-' {
  const target = targetFor(row.step, row.messages)
  const seconds = median(row.seconds)
  if (!target || row.status !== 'ok' || seconds === null) return '-'
  const limit = secondsLimit(row, rows)
  if (limit === null && target.maxSeconds === null && target.relative !== null) return '-'
  if (limit !== null && seconds > limit) return 'NO'
  if (target.maxRssMiB !== null && (row.maxRssKiB === null || kibToMiB(row.maxRssKiB) > target.maxRssMiB)) return 'NO'
  return 'yes'
}

/** KiB (what getrusage reports) to MB (10^6 bytes). */
export function kibToMB(kib: number): number {
  return (kib * 1024) / 1e6
}

/** KiB to MiB (2^20 bytes, the unit of the targets and of the table). */
export function kibToMiB(kib: number): number {
  return kib / 1024
}

/** The target as printed: `≤ 5 s, ≤ 200 MiB`, `≤ 1/4 of compare (3.10 s)`, or `-`. */
function describeTarget(row: BenchRow, rows: readonly BenchRow[]): string {
  const target = targetFor(row.step, row.messages)
  if (!target) return '-'
  const parts: string[] = []
  if (target.relative !== null) {
    const limit = secondsLimit(row, rows)
    parts.push(`≤ 1/${Math.round(1 / target.relative.fraction)} of ${target.relative.step}${limit === null ? ' (not measured)' : ` = ${limit.toFixed(2)} s`}`)
  } else if (target.maxSeconds !== null) parts.push(`≤ ${target.maxSeconds} s`)
  if (target.maxRssMiB !== null) parts.push(`≤ ${target.maxRssMiB} MiB`)
  return parts.join(', ')
}

function group(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** The table as text: one line per row, columns aligned, notes after the verdict. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['step', 'format', 'messages', 'MB in', 'seconds', 'CPU s', 'messages/s', 'peak RSS MiB', 'target', 'met', 'note']
  const lines = rows.map((row) => {
    const seconds = median(row.seconds)
    const spread = row.seconds.length > 1 ? ` (${Math.min(...row.seconds).toFixed(2)}–${Math.max(...row.seconds).toFixed(2)})` : ''
    return [
      row.step,
      row.format,
      group(row.messages),
      (row.bytes / 1e6).toFixed(1),
      seconds === null ? row.status : `${seconds.toFixed(2)}${spread}`,
      median(row.cpuSeconds)?.toFixed(2) ?? '-',
      seconds === null || seconds === 0 ? '-' : group(row.messages / seconds),
      row.maxRssKiB === null ? '-' : kibToMiB(row.maxRssKiB).toFixed(0),
      describeTarget(row, rows),
      verdict(row, rows),
      row.note,
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const render = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i <= 1 || i >= 8 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n')
}

/**
 * Compares what the parser yielded with what the generator wrote: a short `counts ok` or the
 * first differences, so a fast but wrong parser never looks like a success.
 */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number | null | undefined>): string {
  const diffs: string[] = []
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key]
    if (got === undefined || got === null) continue
    if (got !== want) diffs.push(`${key} ${group(got)} (expected ${group(want)})`)
  }
  return diffs.length === 0 ? 'counts ok' : `COUNT MISMATCH: ${diffs.join(', ')}`
}

/**
 * New and already-known message counts from an import's result: `ImportSummary.total`
 * (src/services/import-service.ts, also what `import --json` prints), or the same fields at the
 * top level; null when absent. (bench/child.ts has its own copy: it may import nothing.)
 */
export function importCounts(result: unknown): {added: number | null; known: number | null} {
  const pick = (o: unknown, key: string): number | null => {
    if (o === null || typeof o !== 'object') return null
    const v = (o as Record<string, unknown>)[key]
    return typeof v === 'number' ? v : null
  }
  const total = result !== null && typeof result === 'object' ? (result as Record<string, unknown>).total : undefined
  return {
    added: pick(total, 'messagesNew') ?? pick(result, 'messagesNew'),
    known: pick(total, 'messagesKnown') ?? pick(result, 'messagesKnown'),
  }
}
