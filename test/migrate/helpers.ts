/** Helpers of the migrate tests: the built CLI in a child process, temp workspaces. */
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The bundled example's three exports, as the README's quick start names them. */
export const EXAMPLES = readdirSync(join(ROOT, 'fixtures/example')).map((name) => join('fixtures/example', name)).sort()

/** A temp folder removed by cleanup. */
export function tempRoot(prefix = 'xm-migrate-'): {dir: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

/** One run of the CLI. */
export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the built CLI (`npm run build` first) with `args` in the repository root; `stdin` is
 * written then closed (standard input is never a terminal here). Env variables that would
 * change the run are removed; `env` adds some.
 */
export async function runCli(args: string[], options: {stdin?: string; env?: NodeJS.ProcessEnv} = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {...process.env, ...options.env}
  for (const name of ['XMPP_MIGRATE_WORKSPACE', 'XMPP_MIGRATE_CA', 'XMPP_MIGRATE_JID', 'DEBUG']) if (!(options.env && name in options.env)) delete env[name]
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  child.stdin.end(options.stdin ?? '')
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return {code, stdout, stderr}
}
