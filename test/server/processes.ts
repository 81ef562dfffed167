/**
 * Child processes of the harness: spawning with captured output, running helper commands
 * (prosodyctl, ejabberdctl), stopping by pid, and a last-resort cleanup when the test worker exits
 * so that no server outlives the test run.
 */
import {spawn, type ChildProcess, type SpawnOptions} from 'node:child_process'
import {rmSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'

/** Keep at most this much of a child's stdout/stderr by default. */
const MAX_CAPTURED = 64 * 1024

/** A long-running child (the server) whose output and exit are recorded. */
export interface TrackedChild {
  /** The Node handle; `pid` is set once spawned. */
  process: ChildProcess
  /** stdout and stderr interleaved, the last `maxCaptured` characters. */
  output(): string
  /** "exited with code N" / "killed by SIGX" / spawn error once the child is gone, else undefined. */
  exitReason(): string | undefined
  /** Resolves when the child has exited (never rejects). */
  exited: Promise<void>
}

/** Spawns a long-running child with piped output, keeping the last `maxCaptured` characters of it. */
export function spawnTracked(
  command: string,
  args: string[],
  options: SpawnOptions,
  maxCaptured = MAX_CAPTURED,
): TrackedChild {
  const child = spawn(command, args, {...options, stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  let reason: string | undefined
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-maxCaptured)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      reason ??= `could not be started: ${error.message}`
      resolve()
    })
    child.on('exit', (code, signal) => {
      reason ??= signal === null ? `exited with code ${code}` : `killed by ${signal}`
      resolve()
    })
  })
  return {process: child, output: () => output, exitReason: () => reason, exited}
}

/** What a finished helper command printed. */
export interface CommandResult {
  /** Exit code (null if killed by a signal). */
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a helper command to completion, optionally feeding `input` on stdin (used for secrets, so
 * they are not in the argument list).
 * @throws Error when the command cannot be started or runs longer than `timeoutMs` (it is killed).
 */
export async function runCommand(
  command: string,
  args: string[],
  options: SpawnOptions & {input?: string; timeoutMs?: number} = {},
): Promise<CommandResult> {
  const {input, timeoutMs = 30_000, ...spawnOptions} = options
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {...spawnOptions, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${command} ${args[0] ?? ''}… did not finish within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`cannot run ${command}: ${error.message}`, {cause: error}))
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin?.on('error', () => {}) // the command may exit without reading stdin
    child.stdin?.end(input ?? '')
  })
}

/** True while a process with this pid exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Waits until none of `pids` exists; false if some still do after `timeoutMs`. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const giveUpAt = Date.now() + timeoutMs
  while (pids.some(isAlive)) {
    if (Date.now() > giveUpAt) return false
    await sleep(50)
  }
  return true
}

/**
 * Stops processes by pid: SIGTERM (both servers shut down cleanly on it), then SIGKILL for any
 * still there after `graceMs`.
 * @throws Error if a process survives SIGKILL for 5 s (should not happen; reported rather than hidden).
 */
export async function terminate(pids: number[], graceMs: number): Promise<void> {
  signal(pids, 'SIGTERM')
  if (await waitUntilGone(pids, graceMs)) return
  signal(pids, 'SIGKILL')
  if (!(await waitUntilGone(pids, 5000))) {
    throw new Error(`processes ${pids.filter(isAlive).join(', ')} survived SIGKILL`)
  }
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name)
    } catch {
      // already gone
    }
  }
}

/** What the exit handler must clean up for one running server. */
interface Leftover {
  /** Pids to SIGKILL (read at exit time: the server's pid file may appear after start). */
  pids: () => number[]
  /** Temp dir to delete. */
  dir: string
}

const leftovers = new Set<Leftover>()
let handlersInstalled = false

/** Kills (SIGKILL) and deletes every registered server; synchronous, for exit paths. */
function cleanUpNow(): void {
  for (const leftover of leftovers) {
    signal(leftover.pids(), 'SIGKILL')
    rmSync(leftover.dir, {recursive: true, force: true})
  }
  leftovers.clear()
}

/**
 * vitest ends its fork workers with SIGTERM, which skips 'exit' handlers: clean up on the
 * terminating signals too, then let the signal do what it would have done.
 */
function onTerminatingSignal(name: NodeJS.Signals): void {
  cleanUpNow()
  process.off(name, onTerminatingSignal)
  // With no other listener, re-raise for the default action (terminate); others decide themselves.
  if (process.listenerCount(name) === 0) process.kill(process.pid, name)
}

/**
 * Makes sure a server's processes and temp dir disappear even if the test file never calls stop()
 * (a crash, a forgotten afterAll, a worker ended by vitest): on the worker's 'exit' or a
 * terminating signal they are killed and deleted, synchronously. Returns the function that
 * unregisters them after a clean stop.
 */
export function cleanUpAtExit(pids: () => number[], dir: string): () => void {
  if (!handlersInstalled) {
    handlersInstalled = true
    process.on('exit', cleanUpNow)
    for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(name, onTerminatingSignal)
  }
  const leftover = {pids, dir}
  leftovers.add(leftover)
  return () => leftovers.delete(leftover)
}
