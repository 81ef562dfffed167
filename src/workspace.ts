import {mkdirSync, openSync, closeSync, writeFileSync, renameSync, chmodSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

/** Default workspace folder, relative to where the command runs. */
export const DEFAULT_WORKSPACE = './xmpp-migration'

/**
 * The folder where one migration keeps its state: the SQLite store, stored media, credentials.
 * Every command works on one workspace (`--workspace`).
 */
export class Workspace {
  /** Absolute path of the folder. */
  readonly dir: string

  constructor(dir: string) {
    this.dir = resolve(dir)
  }

  /** Creates the folder (mode 0700: it holds private conversations and secrets). */
  ensure(): this {
    mkdirSync(this.dir, {recursive: true, mode: 0o700})
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
   * renamed into place so a crash never leaves a half-written file.
   */
  writeSecretFile(relativePath: string, content: string): string {
    const target = this.path(relativePath)
    mkdirSync(dirname(target), {recursive: true, mode: 0o700})
    const tmp = `${target}.${process.pid}.tmp`
    closeSync(openSync(tmp, 'w', 0o600))
    chmodSync(tmp, 0o600)
    writeFileSync(tmp, content, {mode: 0o600})
    renameSync(tmp, target)
    return target
  }
}
