import {closeSync, fchmodSync, fstatSync, mkdirSync, openSync} from 'node:fs'
import {dirname} from 'node:path'

import Database from 'better-sqlite3'

import {BugError, UserError} from '../errors/index.js'
import type {ChatKind, IssueSeverity, MessageKind, SourceKind} from '../model/types.js'
import {ImportTransaction} from './ImportTransaction.js'
import {MIGRATIONS, type Migration} from './migrations.js'
import {translateSqliteError} from './sqlite-errors.js'
import type {
  ImportFileInfo,
  ImportStatus,
  StoredChat,
  StoredChatWithParticipants,
  StoredImport,
  StoredImportIssue,
  StoredMessage,
  StoredParticipant,
} from './types.js'
import {t} from '../i18n/index.js'

/** Options of Store.open. */
export interface StoreOpenOptions {
  /** How long a write waits for another process holding the store's lock, in ms (default 5000). */
  busyTimeoutMs?: number
  /** The migrations to apply (tests only; defaults to the real ones). */
  migrations?: readonly Migration[]
}

interface ChatRow {
  id: number
  source: string
  source_id: string
  title: string
  kind: string
  message_count: number
  first_date: string | null
  last_date: string | null
  created_at: string
  updated_at: string
}

interface ParticipantRow {
  id: number
  chat_id: number
  position: number
  name: string
  phone: string | null
  source_id: string | null
}

interface MessageRow {
  id: number
  chat_id: number
  date: string
  author: string | null
  text: string
  kind: string
  system: number
  source_id: string | null
  line: number | null
  import_id: number
  attachment_name: string | null
  attachment_media_type: string | null
  attachment_size: number | null
  attachment_sha256: string | null
  attachment_stored_path: string | null
  extra: string | null
}

interface ImportRow {
  id: number
  path: string
  source: string | null
  file_size: number | null
  file_mtime: string | null
  started_at: string
  finished_at: string | null
  status: string
  chats: number
  messages_new: number
  messages_known: number
  attachments_stored: number
  error_code: string | null
  error_message: string | null
}

interface IssueRow {
  import_id: number
  severity: string
  code: string
  message: string
  file: string | null
  line: number | null
}

/**
 * The migration store: one SQLite file in the workspace holding everything imported (and, later,
 * contacts, rooms, invitations). better-sqlite3 is used here and nowhere else.
 *
 * The file is in WAL mode (readers never block the writer; a killed process loses nothing that
 * was committed: https://www.sqlite.org/wal.html), with foreign keys enforced (except inside an
 * import, see beginImport) and a busy timeout so two commands on one workspace wait for each
 * other instead of failing at once.
 *
 * Every method can fail with a UserError (`STORE_BUSY`, `STORE_CORRUPT`, `STORE_DISK_FULL`,
 * `STORE_UNAVAILABLE`, `STORE_TOO_NEW`) or a BugError.
 */
export class Store {
  /** Path of the SQLite file. */
  readonly path: string
  private readonly db: Database.Database
  private transaction: ImportTransaction | undefined

  private constructor(path: string, db: Database.Database) {
    this.path = path
    this.db = db
  }

  /**
   * Opens (creating it if needed, mode 0600: it holds private conversations) the store at `path`
   * and brings its schema up to date.
   *
   * Fails with `STORE_TOO_NEW` when the file was written by a newer xmpp-migrate, `STORE_CORRUPT`
   * when it is not a SQLite database, `STORE_BUSY` when another command keeps it locked.
   */
  static open(path: string, options: StoreOpenOptions = {}): Store {
    let db: Database.Database | undefined
    try {
      mkdirSync(dirname(path), {recursive: true, mode: 0o700})
      // Create the file ourselves so it is private from the first byte; SQLite gives its -wal
      // and -shm files the database file's permissions.
      const fd = openSync(path, 'a', 0o600)
      try {
        // An existing store others can read is made private too (issue 14).
        if (fstatSync(fd).isFile() && (fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, 0o600)
      } finally {
        closeSync(fd)
      }
      db = new Database(path, {timeout: options.busyTimeoutMs ?? 5000})
      db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
      db.pragma('synchronous = FULL')
      const store = new Store(path, db)
      store.migrate(options.migrations ?? MIGRATIONS)
      return store
    } catch (error) {
      db?.close()
      throw translateSqliteError(error, path)
    }
  }

  /** The schema version of the file (`PRAGMA user_version`). */
  get schemaVersion(): number {
    return this.db.pragma('user_version', {simple: true}) as number
  }

  /** Closes the file. A transaction still open is rolled back. */
  close(): void {
    if (this.transaction !== undefined && this.db.inTransaction) this.db.exec('ROLLBACK')
    this.transaction = undefined
    this.db.close()
  }

  /** Applies, in order, each migration newer than the file, each in its own transaction. */
  private migrate(migrations: readonly Migration[]): void {
    const latest = migrations.at(-1)?.version ?? 0
    const current = this.schemaVersion
    if (current > latest) {
      throw new UserError('STORE_TOO_NEW', t('errors.store.tooNew', {path: this.path, schema: current, latest}), {
        suggestions: [t('errors.store.tooNewUpdate')],
      })
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue
      const apply = this.db.transaction(() => {
        // Another process may have migrated while this one waited for the lock.
        if (this.schemaVersion >= migration.version) return
        this.db.exec(migration.sql)
        // user_version lives in the database header, which is written inside the transaction:
        // the version moves only if the whole migration succeeded.
        this.db.pragma(`user_version = ${Math.trunc(migration.version)}`)
      })
      // IMMEDIATE: take the write lock first so two processes never both migrate.
      try {
        apply.immediate()
      } catch (error) {
        const translated = translateSqliteError(error, this.path)
        if (translated instanceof BugError) {
          throw new BugError(`Migrating the store ${this.path} to schema ${migration.version} (${migration.description}) failed.`, {cause: error})
        }
        throw translated
      }
    }
  }

  /**
   * Starts one import: takes the write lock (`BEGIN IMMEDIATE`) and records the run. Everything
   * written through the returned transaction is kept only if it is committed; a crash, a kill
   * or a rollback leaves the store exactly as it was.
   */
  beginImport(file: ImportFileInfo): ImportTransaction {
    if (this.transaction !== undefined) throw new BugError('An import is already running on this store connection.')
    try {
      // NORMAL is safe in WAL mode (a crash loses nothing committed; only a power cut may lose
      // the last commits, never corrupt) and makes big imports much faster.
      // https://www.sqlite.org/pragma.html#pragma_synchronous
      this.db.pragma('synchronous = NORMAL')
      // 8 MiB of page cache: rows and index entries go in nearly in append order (see
      // MessageKeyer), so a bigger cache buys no speed, only memory (issue 17: 64 MiB of the
      // 285 MiB a million-message import took).
      this.db.pragma('cache_size = -8192')
      // Foreign keys are not checked inside an import: every chat_id and import_id it writes
      // was returned by an INSERT of the same transaction, and checking two parents per message
      // costs about a fifth of a million-message import. (The pragma cannot change inside a
      // transaction, hence here.) https://www.sqlite.org/foreignkeys.html#fk_enable
      this.db.pragma('foreign_keys = OFF')
      this.db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      this.restorePragmas()
      throw translateSqliteError(error, this.path)
    }
    this.transaction = new ImportTransaction(this.db, this.path, file, () => {
      this.transaction = undefined
      this.restorePragmas()
    })
    return this.transaction
  }

  private restorePragmas(): void {
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('cache_size = -2000')
  }

  /**
   * Records, in its own small transaction, an import that failed (after its transaction was
   * rolled back, or when the export could not even be opened), so `status` can show it.
   */
  recordFailedImport(file: ImportFileInfo, startedAt: string, error: {code?: string; message: string}): number {
    try {
      const result = this.db
        .prepare(
          `INSERT INTO imports (path, source, file_size, file_mtime, started_at, finished_at, status, error_code, error_message)
           VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?)`,
        )
        .run(file.path, file.source, file.fileSize ?? null, file.fileMtime ?? null, startedAt, new Date().toISOString(), error.code ?? null, error.message)
      return Number(result.lastInsertRowid)
    } catch (error_) {
      throw translateSqliteError(error_, this.path)
    }
  }

  /** Every chat, with its counters, ordered by id. */
  listChats(): StoredChatWithParticipants[] {
    return this.read(() => {
      const chats = this.db.prepare('SELECT * FROM chats ORDER BY id').all() as ChatRow[]
      const participants = this.db.prepare('SELECT * FROM participants ORDER BY chat_id, position').all() as ParticipantRow[]
      const byChat = new Map<number, StoredParticipant[]>()
      for (const row of participants) {
        let list = byChat.get(row.chat_id)
        if (list === undefined) byChat.set(row.chat_id, (list = []))
        list.push(toParticipant(row))
      }
      return chats.map((row) => ({...toChat(row), participants: byChat.get(row.id) ?? []}))
    })
  }

  /** One chat with its participants, or undefined when there is no chat with that id. */
  getChat(id: number): StoredChatWithParticipants | undefined {
    return this.read(() => {
      const row = this.db.prepare('SELECT * FROM chats WHERE id = ?').get(id) as ChatRow | undefined
      if (row === undefined) return undefined
      const participants = this.db.prepare('SELECT * FROM participants WHERE chat_id = ? ORDER BY position').all(id) as ParticipantRow[]
      return {...toChat(row), participants: participants.map(toParticipant)}
    })
  }

  /**
   * Streams a chat's messages in time order (wall-clock date, then import order: export order
   * within one export). While the iteration runs, this connection can run no other query
   * (better-sqlite3 refuses): finish or `return()` the iterator first, or open a second Store.
   */
  *messages(chatId: number): Generator<StoredMessage> {
    const statement = this.db.prepare('SELECT * FROM messages WHERE chat_id = ? ORDER BY date, id')
    try {
      for (const row of statement.iterate(chatId) as IterableIterator<MessageRow>) yield toMessage(row)
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }

  /** Every import run, oldest first. */
  listImports(): StoredImport[] {
    return this.read(() => (this.db.prepare('SELECT * FROM imports ORDER BY id').all() as ImportRow[]).map(toImport))
  }

  /** The issues an import run kept, in the order they were found. */
  importIssues(importId: number): StoredImportIssue[] {
    return this.read(() =>
      (this.db.prepare('SELECT * FROM import_issues WHERE import_id = ? ORDER BY id').all(importId) as IssueRow[]).map((row) => ({
        importId: row.import_id,
        severity: row.severity as IssueSeverity,
        code: row.code,
        message: row.message,
        file: row.file,
        line: row.line,
      })),
    )
  }

  private read<T>(query: () => T): T {
    try {
      return query()
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }
}

function toChat(row: ChatRow): StoredChat {
  return {
    id: row.id,
    source: row.source as SourceKind,
    sourceId: row.source_id,
    title: row.title,
    kind: row.kind as ChatKind,
    messageCount: row.message_count,
    firstDate: row.first_date,
    lastDate: row.last_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function toParticipant(row: ParticipantRow): StoredParticipant {
  return {id: row.id, position: row.position, name: row.name, phone: row.phone, sourceId: row.source_id}
}

function toMessage(row: MessageRow): StoredMessage {
  const extra = row.extra === null ? {} : (JSON.parse(row.extra) as Pick<StoredMessage, 'replyTo' | 'reactions' | 'edited'>)
  return {
    ...extra,
    id: row.id,
    chatId: row.chat_id,
    date: row.date,
    author: row.author,
    text: row.text,
    kind: row.kind as MessageKind,
    system: row.system === 1,
    sourceId: row.source_id,
    line: row.line,
    importId: row.import_id,
    attachment:
      row.attachment_name === null
        ? null
        : {
            name: row.attachment_name,
            mediaType: row.attachment_media_type,
            size: row.attachment_size,
            sha256: row.attachment_sha256,
            storedPath: row.attachment_stored_path,
          },
  }
}

function toImport(row: ImportRow): StoredImport {
  return {
    id: row.id,
    path: row.path,
    source: row.source as SourceKind | null,
    fileSize: row.file_size,
    fileMtime: row.file_mtime,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status as ImportStatus,
    chats: row.chats,
    messagesNew: row.messages_new,
    messagesKnown: row.messages_known,
    attachmentsStored: row.attachments_stored,
    errorCode: row.error_code,
    errorMessage: row.error_message,
  }
}
