import {closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, chmodSync, writeSync, unlinkSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname, join, resolve} from 'node:path'

import {UserError, withFileErrors} from './errors/index.js'
import {t} from './i18n/index.js'

/** Default workspace folder, relative to where the command runs. */
export const DEFAULT_WORKSPACE = './xmpp-migration'

/** Name of the lock file inside the workspace (see Workspace.lock). */
export const LOCK_FILE = 'xmpp-migrate.lock'

/**
 * Writes `content` to `path` as a private file (issue 14): the file is opened, made 0600 (also
 * when it existed with a wider mode, or under umask 000) and only then written. Its folder must
 * exist. A failure is a UserError naming the path and what to do (FILE_DISK_FULL, …); `doing`
 * completes "Cannot …", e.g. `write the contacts file`.
 */
export function writePrivateFile(path: string, content: string | Uint8Array, doing = 'write the file'): string {
  withFileErrors(path, doing, () => {
    const fd = openSync(path, 'w', 0o600)
    try {
      // A regular file only: a device named by --out (/dev/stdout) is not ours to re-mode.
      if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600)
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      let offset = 0
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset)
    } finally {
      closeSync(fd)
    }
  })
  return path
}

/** Creates `dir` (and parents) as 0700, tightening it when it existed; errors name the path. */
export function makePrivateDir(dir: string, doing = 'create the folder'): void {
  withFileErrors(dir, doing, () => {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    chmodSync(dir, 0o700)
  })
}

/** What a lock file says about the command holding it. */
interface LockOwner {
  pid: number
  host: string
  command: string
  since: string
}

/**
 * A held workspace lock (Workspace.lock). `release()` removes the lock file if it is still ours;
 * safe to call twice. The lock is also released when the process exits normally.
 */
export class WorkspaceLock {
  readonly #file: string
  readonly #owner: LockOwner
  readonly #onExit: () => void
  #released = false

  /** @internal */
  constructor(file: string, owner: LockOwner) {
    this.#file = file
    this.#owner = owner
    this.#onExit = () => this.release()
    process.once('exit', this.#onExit)
  }

  /** Removes the lock file (only if it still holds this process's pid). */
  release(): void {
    if (this.#released) return
    this.#released = true
    process.removeListener('exit', this.#onExit)
    const current = readLockOwner(this.#file)
    if (current !== null && current.pid === this.#owner.pid && current.host === this.#owner.host && current.since === this.#owner.since) rmSync(this.#file, {force: true})
  }
}

function readLockOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null
    return {pid: parsed.pid, host: parsed.host, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?')}
  } catch {
    return null
  }
}

/**
 * Whether process `pid` of this machine is alive and may be an xmpp-migrate (EPERM: alive,
 * someone else's). On Linux a live pid whose command line is no Node program is a reused pid:
 * the lock is stale.
 */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return /node|xmpp-migrate/i.test(commandLine)
  } catch {
    return true
  }
}

/**
 * The folder where one migration keeps its state: the SQLite store, stored media, credentials.
 * Every command works on one workspace (`--workspace`).
 */
export class Workspace {
  /** Absolute path of the folder. */
  readonly dir: string
  readonly #onWarning: (message: string) => void

  /** `onWarning` receives what the person should know (e.g. a folder others could read, made private). */
  constructor(dir: string, options: {onWarning?: (message: string) => void} = {}) {
    this.dir = resolve(dir)
    this.#onWarning = options.onWarning ?? (() => {})
  }

  /**
   * Creates the folder (mode 0700: it holds private conversations and secrets), or checks the
   * existing one: it must be a folder, and one others can read or enter is made 0700 with a
   * warning (issue 14). Fails with WORKSPACE_NOT_A_FOLDER, or a FILE_* UserError naming the path.
   */
  ensure(): this {
    this.checkFolder()
    withFileErrors(this.dir, 'create the workspace folder', () => mkdirSync(this.dir, {recursive: true, mode: 0o700}))
    return this.#makePrivate()
  }

  /**
   * Checks an existing workspace as it is opened: a folder (WORKSPACE_NOT_A_FOLDER otherwise),
   * made 0700 with a warning when others can read or enter it. Creates nothing.
   */
  open(): this {
    this.checkFolder()
    return existsSync(this.dir) ? this.#makePrivate() : this
  }

  #makePrivate(): this {
    const mode = statSync(this.dir).mode & 0o777
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      withFileErrors(this.dir, 'make the workspace folder private', () => chmodSync(this.dir, 0o700))
      this.#onWarning(t('workspace.madePrivate', {dir: this.dir, mode: mode.toString(8).padStart(4, '0')}))
    }
    return this
  }

  /**
   * Checks that the workspace, if it exists, is a folder (`-w /etc/passwd` is not). Fails with
   * WORKSPACE_NOT_A_FOLDER.
   */
  checkFolder(): this {
    const existing = statSync(this.dir, {throwIfNoEntry: false})
    if (existing !== undefined && !existing.isDirectory()) throw this.#notAFolder()
    return this
  }

  /** Path of the SQLite store. */
  get storePath(): string {
    return join(this.dir, 'store.sqlite')
  }

  /** Folder of content-addressed media (`media/ab/abcdef…`). */
  get mediaDir(): string {
    return join(this.dir, 'media')
  }

  /** Absolute path of a file inside the workspace. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /**
   * Writes a file that holds secrets: created with mode 0600 before any byte is written, then
   * renamed into place so a crash never leaves a half-written file. When writing fails (a full
   * disk), the temporary file is removed and the error names the file (FILE_DISK_FULL, …).
   */
  writeSecretFile(relativePath: string, content: string): string {
    const target = this.path(relativePath)
    makePrivateDir(dirname(target), 'create the folder')
    const tmp = `${target}.${process.pid}.tmp`
    try {
      writePrivateFile(tmp, content, `write ${relativePath} in the workspace`)
      withFileErrors(target, `write ${relativePath} in the workspace`, () => renameSync(tmp, target))
    } catch (error) {
      rmSync(tmp, {force: true})
      throw error
    }
    return target
  }

  /**
   * Takes the workspace lock for a command that changes the workspace or the server (issue 14:
   * two `invite` at once issued two sets of tokens). The lock is a file created exclusively,
   * naming the process; a lock whose process is gone (crash, kill) is stale and taken over.
   * Fails with WORKSPACE_BUSY naming the pid and command holding it.
   */
  lock(command: string): WorkspaceLock {
    this.ensure()
    const file = this.path(LOCK_FILE)
    const owner: LockOwner = {pid: process.pid, host: hostname(), command, since: new Date().toISOString()}
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fd = withFileErrors(file, 'lock the workspace', () => {
          try {
            return openSync(file, 'wx', 0o600)
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null
            throw error
          }
        })
        if (fd !== null) {
          try {
            withFileErrors(file, 'lock the workspace', () => writeSync(fd, `${JSON.stringify(owner)}\n`))
          } finally {
            closeSync(fd)
          }
          return new WorkspaceLock(file, owner)
        }
      } catch (error) {
        rmSync(file, {force: true})
        throw error
      }
      const holder = readLockOwner(file)
      if (holder === null) {
        // Being written by its owner this very moment, or garbage: a fresh one is left alone a while.
        const age = Date.now() - (statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? 0)
        if (age < 10_000) throw this.#busy(null)
      } else if (holder.host !== owner.host || processAlive(holder.pid)) throw this.#busy(holder)
      // Stale: moved aside atomically (only one taker wins the rename), then retried.
      const aside = `${file}.stale.${process.pid}`
      try {
        renameSync(file, aside)
        unlinkSync(aside)
      } catch {
        // Someone else took it over first: try again.
      }
    }
    throw this.#busy(readLockOwner(file))
  }

  #busy(holder: LockOwner | null): UserError {
    const who = holder === null ? 'another xmpp-migrate' : `another xmpp-migrate (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, "${holder.command}", since ${holder.since})`
    return new UserError('WORKSPACE_BUSY', `${who} is working on this workspace: ${this.dir}.`, {
      suggestions: [
        'Wait until it finishes, then run this command again: two commands at once could send invitations or messages twice.',
        `If no xmpp-migrate is running any more, remove the lock: rm "${this.path(LOCK_FILE)}"`,
      ],
    })
  }

  #notAFolder(): UserError {
    return new UserError('WORKSPACE_NOT_A_FOLDER', `The workspace ${this.dir} is a file, not a folder.`, {
      suggestions: ['Give --workspace (-w) the path of a folder for this migration, e.g. -w ./xmpp-migration (it is created if missing).'],
    })
  }
}

