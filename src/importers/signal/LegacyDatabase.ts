import Database from 'better-sqlite3'

import {UserError} from '../../errors/index.js'
import {readLegacyFrames, type LegacyFrame, type LegacyParameter, type LegacyPayload} from './legacy-frames.js'
import {t} from '../../i18n/index.js'

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>

/** Statements a backup may replay: schema and rows, nothing that reaches outside the database. */
const ALLOWED_STATEMENT = /^\s*(CREATE\s+TABLE|CREATE\s+(UNIQUE\s+)?INDEX|INSERT\s+INTO)\s/i
/** SQLite's own tables and FTS shadow tables are not replayed (fact sheet §5.2 writer order). */
const SKIPPED_TABLE = /^\s*(CREATE\s+TABLE|INSERT\s+INTO)\s+["'`]?(sqlite_|\w+_fts)/i

/**
 * The Signal app's database rebuilt from a legacy `.backup` (fact sheet §5.2): its SQL
 * statements replayed into an in-memory SQLite database, plus the key-values and the schema
 * version (`user_version`, "dbv"). Only CREATE TABLE, CREATE INDEX and INSERT run, one
 * statement each (better-sqlite3 refuses several in one string), so a crafted file cannot
 * ATTACH a file, change pragmas or install triggers. Attachment payloads are authenticated and
 * skipped, so memory holds the text of the database only.
 */
export class LegacyDatabase {
  private readonly statements = new Map<string, Database.Statement>()
  private readonly skippedStatements = new Set<string>()
  private readonly queries = new Map<string, Database.Statement>()
  private readonly columnCache = new Map<string, Set<string>>()
  /** Key-value settings (`account.aci`, `account.e164`, …). */
  readonly keyValues = new Map<string, string | number | boolean>()
  /** SQLite user_version of the app database (null until the frame is seen). */
  schemaVersion: number | null = null
  /** Where each attachment's data is in the file, by `attachment._id` (the frame's rowId). */
  readonly attachmentPayloads = new Map<number, LegacyPayload>()

  private constructor(private readonly db: Database.Database) {}

  /**
   * Decrypts and replays a `.backup`. Fails with the errors of {@link readLegacyFrames}; the
   * statements themselves failing (a damaged schema) give SIGNAL_BACKUP_CORRUPT.
   */
  static async fromBackup(path: string, passphrase: string | undefined): Promise<LegacyDatabase> {
    const db = new Database(':memory:')
    // Rows come table by table (and a message before the revision it points at): constraints
    // are the app's business, not the reader's.
    db.pragma('foreign_keys = OFF')
    const database = new LegacyDatabase(db)
    try {
      const onPayload = (frame: LegacyFrame, payload: LegacyPayload): void => {
        if (frame.attachment?.rowId !== undefined) database.attachmentPayloads.set(Number(frame.attachment.rowId), payload)
      }
      for await (const frame of readLegacyFrames(path, passphrase, onPayload)) {
        if (frame.statement?.statement !== undefined) database.replay(frame.statement.statement, frame.statement.parameters ?? [])
        else if (frame.version?.version !== undefined) database.schemaVersion = frame.version.version
        else if (frame.keyValue?.key !== undefined) database.addKeyValue(frame.keyValue)
      }
    } catch (error) {
      database.close()
      throw error
    }
    return database
  }

  /** Runs a query (prepared once, then reused) and returns every row. */
  all(sql: string, ...parameters: unknown[]): Row[] {
    let query = this.queries.get(sql)
    if (!query) {
      query = this.db.prepare(sql)
      this.queries.set(sql, query)
    }
    return query.all(...parameters) as Row[]
  }

  /** True when the table exists. */
  hasTable(table: string): boolean {
    return this.columns(table).size > 0
  }

  /** Column names of a table (empty when the table does not exist). */
  columns(table: string): Set<string> {
    let columns = this.columnCache.get(table)
    if (!columns) {
      const rows = this.db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{name: string}>
      columns = new Set(rows.map((row) => row.name))
      this.columnCache.set(table, columns)
    }
    return columns
  }

  /** Frees the database. */
  close(): void {
    this.db.close()
  }

  private replay(sql: string, parameters: LegacyParameter[]): void {
    if (!ALLOWED_STATEMENT.test(sql) || SKIPPED_TABLE.test(sql) || this.skippedStatements.has(sql)) return
    let statement = this.statements.get(sql)
    try {
      if (!statement) {
        statement = this.db.prepare(sql)
        this.statements.set(sql, statement)
      }
    } catch (error) {
      // Rows of a table whose CREATE was not replayed (a virtual table, say), or a schema
      // object created twice: nothing the reader needs; skip the statement, not the backup.
      if (/no such table|already exists/i.test((error as Error).message)) {
        this.skippedStatements.add(sql)
        return
      }
      throw corrupt(error)
    }
    try {
      statement.run(...parameters.map(parameterValue))
    } catch (error) {
      throw corrupt(error)
    }
  }

  private addKeyValue(keyValue: NonNullable<LegacyFrame['keyValue']>): void {
    const value = keyValue.stringValue ?? keyValue.longValue ?? keyValue.integerValue ?? keyValue.booleanValue
    if (keyValue.key !== undefined && value !== undefined) this.keyValues.set(keyValue.key, value)
  }
}

function corrupt(error: unknown): UserError {
  return new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.databaseCorrupt', {why: (error as Error).message}), {cause: error})
}

/**
 * The SQLite value of a parameter. Integers travel as unsigned 64-bit: read back as signed
 * (fact sheet §5.2), as a number when exact, else a BigInt.
 */
function parameterValue(parameter: LegacyParameter): unknown {
  if (Object.hasOwn(parameter, 'stringParamter')) return parameter.stringParamter
  if (Object.hasOwn(parameter, 'integerParameter')) {
    const value = BigInt.asIntN(64, BigInt(parameter.integerParameter ?? '0'))
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  }
  if (Object.hasOwn(parameter, 'doubleParameter')) return parameter.doubleParameter
  if (Object.hasOwn(parameter, 'blobParameter')) return Buffer.from(parameter.blobParameter ?? '', 'base64')
  return null
}
