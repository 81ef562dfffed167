import {BugError, errnoCode, translateFileError, UserError, XmError} from '../errors/index.js'
import {t} from '../i18n/index.js'

/** The `code` better-sqlite3 puts on its errors (SQLite's result code name, e.g. `SQLITE_BUSY`). */
function sqliteCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_')) {
    return err.code
  }
  return undefined
}

/**
 * Turns a failure of SQLite into an error the person can act on, naming the store file.
 * Our own errors pass through; anything unexpected is a bug.
 *
 * Result codes: https://www.sqlite.org/rescode.html
 */
export function translateSqliteError(err: unknown, storePath: string): XmError {
  if (err instanceof XmError) return err
  const code = sqliteCode(err)
  // The file itself could not be made or opened (a read-only workspace, store.sqlite being a
  // folder, a full disk): the person can fix that, and the error names the path (issue 14).
  if (code === undefined && errnoCode(err) !== undefined) return translateFileError(err, storePath, t('errors.file.doing.openStore')) as XmError
  if (code === undefined) return new BugError(`Unexpected failure in the store ${storePath}.`, {cause: err})
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError('STORE_BUSY', t('errors.store.busy', {path: storePath}), {
      cause: err,
      suggestions: [t('errors.store.busyWait')],
    })
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError('STORE_CORRUPT', t('errors.store.corrupt', {path: storePath}), {
      cause: err,
      suggestions: [
        t('errors.store.checkWorkspace'),
        t('errors.store.corruptMoveAway'),
      ],
    })
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new UserError('STORE_DISK_FULL', t('errors.store.diskFull', {path: storePath}), {
      cause: err,
      suggestions: [t('errors.store.diskFullFree')],
    })
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new UserError('STORE_UNAVAILABLE', t('errors.store.unavailable', {path: storePath, code}), {
      cause: err,
      suggestions: [t('errors.store.unavailableCheck')],
    })
  }
  return new BugError(`Unexpected failure in the store ${storePath} (${code}).`, {cause: err})
}
