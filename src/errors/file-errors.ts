import {t} from '../i18n/index.js'

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
 * be done to which path, why in words, and what to do. `doing` names the operation in the console
 * language, from the catalogue's `errors.file.doing` ("write the contacts file" / "Écriture du
 * fichier des contacts"). Our own errors pass through; an error without an errno code is
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
  const make = (name: string, why: string, suggestions: string[]) => new UserError(name, t('errors.file.cannot', {doing, path, why}), {cause: error, suggestions})
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return make('FILE_DISK_FULL', t('errors.file.why.diskFull'), [t('errors.file.fix.freeSpace', {path}), t('errors.file.fix.elsewhere')])
    case 'EROFS':
      return make('FILE_READ_ONLY', t('errors.file.why.readOnly'), [t('errors.file.fix.writable', {path})])
    case 'EACCES':
    case 'EPERM':
      return make('FILE_NO_PERMISSION', t('errors.file.why.permission'), [t('errors.file.fix.permission', {path})])
    case 'EISDIR':
      return make('FILE_IS_FOLDER', t('errors.file.why.isFolder'), [t('errors.file.fix.isFolder', {path})])
    case 'ENOTDIR':
      return make('FILE_PATH_NOT_FOLDER', t('errors.file.why.notFolder'), [t('errors.file.fix.notFolder')])
    case 'ENOENT':
      return make('FILE_NOT_FOUND', t('errors.file.why.notFound'), [t('errors.file.fix.notFound')])
    case 'EEXIST':
      return make('FILE_EXISTS', t('errors.file.why.exists'), [t('errors.file.fix.moveAway', {path})])
    case 'ENOTEMPTY':
      return make('FILE_NOT_EMPTY', t('errors.file.why.notEmpty'), [t('errors.file.fix.moveAway', {path})])
    case 'EMFILE':
    case 'ENFILE':
      return make('FILE_TOO_MANY_OPEN', t('errors.file.why.tooManyOpen'), [t('errors.file.fix.tooManyOpen')])
    case 'ENAMETOOLONG':
      return make('FILE_NAME_TOO_LONG', t('errors.file.why.nameTooLong'), [t('errors.file.fix.shorterPath')])
    default:
      return make('FILE_IO', t('errors.file.why.other', {code}), [t('errors.file.fix.checkDisk', {path})])
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
