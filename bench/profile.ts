/**
 * Reads a V8 CPU profile (`node --cpu-prof` writes one per process) and says where the time went:
 * self time (the function itself) and total time (with what it calls) per function, as shares of
 * the sampled time. Used by `npm run bench -- --cpu-prof` to name the hot spots when a target is
 * missed. Pure except `readCpuProfile`.
 *
 * Format: the Chrome DevTools Protocol `Profiler.Profile` type
 * (https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile): a node tree,
 * `samples` (node id per sample) and `timeDeltas` (µs before each sample).
 */
import {readFileSync} from 'node:fs'

/** The parts of a V8 `.cpuprofile` this module reads. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: {functionName: string; url: string; lineNumber: number; columnNumber?: number}
    children?: number[]
  }[]
  /** Node id of each sample, in time order. */
  samples: number[]
  /** Microseconds elapsed before each sample (same length as `samples`). */
  timeDeltas: number[]
}

/** Where time went in one function (all its nodes in the call tree merged). */
export interface HotSpot {
  /** `name (file:line)`, file relative to `root` when under it; `(anonymous)` for nameless functions. */
  where: string
  /** Time spent in the function itself, in milliseconds. */
  selfMs: number
  /** Self time as a share of all sampled time, 0–100. */
  selfPercent: number
  /** Time with everything it called (recursion counted once), in milliseconds. */
  totalMs: number
  /** Total time as a share of all sampled time, 0–100. */
  totalPercent: number
}

/** Reads and parses a `.cpuprofile` file. Fails with the file system's or JSON's error. */
export function readCpuProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
}

/**
 * The `limit` functions with the most self time. `root` (a file URL or path prefix) is cut from
 * script locations to keep them short. Line numbers are 1-based (V8's are 0-based).
 */
export function hotSpots(profile: CpuProfile, limit = 15, root = ''): HotSpot[] {
  const parent = new Map<number, number>()
  const keyOf = new Map<number, string>()
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id)
    const {functionName, url, lineNumber} = node.callFrame
    const name = functionName || '(anonymous)'
    let file = url
    if (root) {
      for (const prefix of [root, `file://${root}`]) if (file.startsWith(prefix)) file = file.slice(prefix.length).replace(/^\//, '')
    }
    keyOf.set(node.id, file ? `${name} (${file}:${lineNumber + 1})` : name)
  }

  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0
    all += us
    const own = keyOf.get(id) ?? `(node ${id})`
    self.set(own, (self.get(own) ?? 0) + us)
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf.get(n) ?? `(node ${n})`
      if (seen.has(key)) continue
      seen.add(key)
      total.set(key, (total.get(key) ?? 0) + us)
    }
  })

  const share = (us: number): number => (all === 0 ? 0 : (100 * us) / all)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([where, us]) => {
      const t = total.get(where) ?? us
      return {where, selfMs: us / 1000, selfPercent: share(us), totalMs: t / 1000, totalPercent: share(t)}
    })
}

/** The hot spots as text lines: `self%  total%  function (file:line)`. */
export function formatHotSpots(spots: readonly HotSpot[]): string {
  const lines = ['  self %  total %  function (file:line)']
  for (const s of spots) {
    // Regular expressions are named by their whole source; a line's worth is enough to spot them.
    const where = s.where.length > 140 ? `${s.where.slice(0, 139)}…` : s.where
    lines.push(`  ${s.selfPercent.toFixed(1).padStart(6)}  ${s.totalPercent.toFixed(1).padStart(7)}  ${where}`)
  }
  return lines.join('\n')
}
