import {UserError} from './UserError.js'
import {XmError} from './XmError.js'

/** The `code` Node puts on a failed file-system call (`ENOSPC`, `EACCES`…), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) return error.code
  return undefined
}

/** Whether `error` is a failed file-system call (it has an errno code). */
export function isFileSystemError(error: unknown): boolean {
  return errnoCode(error) !== undefined
}

/**
 * Turns a failed file-system call into an error the person can act on (issue 14): what could not
 * be done to which path, why in words, and what to do. `doing` completes "Cannot …", e.g.
 * `write the contacts file`. Our own errors pass through; an error without an errno code is
 * returned as is (the caller decides whether it is a bug).
 *
 * Codes: FILE_DISK_FULL (ENOSPC, EDQUOT), FILE_READ_ONLY (EROFS), FILE_NO_PERMISSION (EACCES,
 * EPERM), FILE_IS_FOLDER (EISDIR), FILE_PATH_NOT_FOLDER (ENOTDIR: a part of the path is a file),
 * FILE_NOT_FOUND (ENOENT), FILE_EXISTS (EEXIST), FILE_NOT_EMPTY (ENOTEMPTY), FILE_TOO_MANY_OPEN
 * (EMFILE, ENFILE), FILE_NAME_TOO_LONG (ENAMETOOLONG), FILE_IO (EIO and any other).
 */
export function translateFileError(error: unknown, path: string, doing: string): unknown {
  if (error instanceof XmError) return error
  const code = errnoCode(error)
  if (code === undefined) return error
  const what = `Cannot ${doing}: ${path}`
  const rerun = 'then run the same command again.'
  const make = (name: string, why: string, suggestions: string[]) => new UserError(name, `${what}: ${why}.`, {cause: error, suggestions})
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return make('FILE_DISK_FULL', 'the disk is full', [`Free some space on the disk holding ${path}, ${rerun}`, 'Or choose another place (another --workspace or --out).'])
    case 'EROFS':
      return make('FILE_READ_ONLY', 'the disk is read-only', [`Use a writable folder (--workspace or --out), or make ${path} writable, ${rerun}`])
    case 'EACCES':
    case 'EPERM':
      return make('FILE_NO_PERMISSION', 'permission denied', [`Check that ${path} and its folder belong to you and are writable (ls -ld), ${rerun}`])
    case 'EISDIR':
      return make('FILE_IS_FOLDER', 'it is a folder, where a file was expected', [`Move the folder ${path} away, or name a file instead, ${rerun}`])
    case 'ENOTDIR':
      return make('FILE_PATH_NOT_FOLDER', 'a part of this path is a file, not a folder', ['Check --workspace (and --out): they must name folders, e.g. -w ./xmpp-migration.'])
    case 'ENOENT':
      return make('FILE_NOT_FOUND', 'it does not exist', ['Check the path; a folder in it may be missing.'])
    case 'EEXIST':
      return make('FILE_EXISTS', 'something is already there', [`Move ${path} away, ${rerun}`])
    case 'ENOTEMPTY':
      return make('FILE_NOT_EMPTY', 'a folder that is not empty is in the way', [`Move ${path} away, ${rerun}`])
    case 'EMFILE':
    case 'ENFILE':
      return make('FILE_TOO_MANY_OPEN', 'too many files are open', ['Close other programs, or raise the limit (ulimit -n), ' + rerun])
    case 'ENAMETOOLONG':
      return make('FILE_NAME_TOO_LONG', 'the name is too long for this disk', ['Use a shorter path.'])
    default:
      return make('FILE_IO', `the system said ${code}`, [`Check the disk holding ${path}, ${rerun}`])
  }
}

/** Runs `work`; a failed file-system call becomes translateFileError's UserError. */
export function withFileErrors<T>(path: string, doing: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw translateFileError(error, path, doing)
  }
}
