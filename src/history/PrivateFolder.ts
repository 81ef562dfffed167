import {chmodSync, copyFileSync, lstatSync, mkdirSync} from 'node:fs'
import {dirname, resolve, sep} from 'node:path'

import {BugError, UserError, withFileErrors} from '../errors/index.js'
import {makePrivateDir, writePrivateFile} from '../workspace.js'
import {t} from '../i18n/index.js'

/**
 * An output folder for private conversations: folders 0700, files 0600 (also when they already
 * existed, e.g. from an earlier export), and every path checked to stay inside the folder.
 */
export class PrivateFolder {
  /** Absolute path of the folder. */
  readonly dir: string
  /** Files written or copied so far, and their total size in bytes. */
  files = 0
  bytes = 0

  private constructor(dir: string) {
    this.dir = dir
  }

  /**
   * Creates (or reuses) the folder at `path` and makes it private.
   * Fails with HISTORY_OUT_NOT_A_FOLDER when `path` is an existing file.
   */
  static create(path: string): PrivateFolder {
    const dir = resolve(path)
    const existing = lstatSync(dir, {throwIfNoEntry: false})
    if (existing !== undefined && !existing.isDirectory()) {
      throw new UserError('HISTORY_OUT_NOT_A_FOLDER', t('errors.history.outNotAFolder', {dir}), {
        suggestions: [t('errors.history.outNotAFolderFix')],
      })
    }
    makePrivateDir(dir, t('errors.file.doing.createOutFolder'))
    return new PrivateFolder(dir)
  }

  /** Absolute path of `relative` (with `/` separators), refused if it would leave the folder. */
  path(relative: string): string {
    const target = resolve(this.dir, ...relative.split('/'))
    if (!target.startsWith(this.dir + sep)) throw new BugError(`Path ${relative} leaves the output folder`)
    return target
  }

  /** Writes a file (mode 0600), creating its folders (0700). */
  write(relative: string, content: string | Uint8Array): void {
    const target = this.path(relative)
    this.#ensureParent(target)
    writePrivateFile(target, content, t('errors.file.doing.writeArchive'))
    this.files++
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength
  }

  /** Copies a file in (mode 0600). */
  copyIn(source: string, relative: string, size: number): void {
    const target = this.path(relative)
    this.#ensureParent(target)
    withFileErrors(target, t('errors.file.doing.copyIntoArchive'), () => {
      copyFileSync(source, target)
      chmodSync(target, 0o600)
    })
    this.files++
    this.bytes += size
  }

  #ensureParent(target: string): void {
    const parent = dirname(target)
    if (parent !== this.dir) withFileErrors(parent, t('errors.file.doing.createArchiveFolder'), () => mkdirSync(parent, {recursive: true, mode: 0o700}))
  }
}
