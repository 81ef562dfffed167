import {BugError, errnoCode, translateFileError, UserError, XmError} from '../errors/index.js'

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
  if (code === undefined && errnoCode(err) !== undefined) return translateFileError(err, storePath, 'open the store') as XmError
  if (code === undefined) return new BugError(`Unexpected failure in the store ${storePath}.`, {cause: err})
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError('STORE_BUSY', `The store ${storePath} is in use by another xmpp-migrate command.`, {
      cause: err,
      suggestions: ['Wait until the other command in this workspace finishes, then run this one again.'],
    })
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError('STORE_CORRUPT', `The file ${storePath} is not a readable xmpp-migrate store (damaged, or not a SQLite database).`, {
      cause: err,
      suggestions: [
        'Check that --workspace names the folder of this migration.',
        'If the file is damaged, move it away and import the exports again: they are the source of truth.',
      ],
    })
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new UserError('STORE_DISK_FULL', `The disk holding ${storePath} is full; the last change was not saved.`, {
      cause: err,
      suggestions: ['Free some disk space, then run the same command again: nothing half-done was kept.'],
    })
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new UserError('STORE_UNAVAILABLE', `The store ${storePath} cannot be opened or written (${code}).`, {
      cause: err,
      suggestions: ['Check that the workspace folder exists, is on a writable disk, and belongs to you.'],
    })
  }
  return new BugError(`Unexpected failure in the store ${storePath} (${code}).`, {cause: err})
}
