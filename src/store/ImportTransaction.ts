import type Database from 'better-sqlite3'

import {BugError} from '../errors/index.js'
import type {Attachment, ChatInfo, ImportIssue, Message, Participant} from '../model/types.js'
import {translateSqliteError} from './sqlite-errors.js'
import type {ImportFileInfo} from './types.js'

/** Messages per multi-row INSERT (SQLite allows 32766 bound values; 128 × 12 is far below). */
const ROWS_PER_STATEMENT = 128
/** Columns bound per message by a multi-row INSERT of plain messages, in binding order. */
const PLAIN_COLUMNS = ['chat_id', 'date', 'author', 'text', 'kind', 'system', 'line', 'dedupe_key'] as const
/** Columns bound per message by a multi-row INSERT of other messages, in binding order. */
const FULL_COLUMNS = [...PLAIN_COLUMNS, 'source_id', 'attachment_name', 'attachment_media_type', 'extra'] as const
/** `plain`: no attachment, source id or extra; `full`: the rest (without a stored file). */
type Shape = 'plain' | 'full'

/** A message ready to be written: the model's message and its dedupe key (see MessageKeyer). */
export interface PendingMessage {
  /** The message as the importer gave it (attachment fields filled once its file is stored). */
  message: Message
  /** Its dedupe key, unique within the chat. */
  key: Buffer
}

/** What writing a batch of messages did. */
export interface BatchResult {
  /** Messages added. */
  inserted: number
  /** Messages the store already had (same chat and dedupe key). */
  known: number
  /** Messages (new or known) on which a stored attachment file was recorded. */
  attachmentsRecorded: number
}

/** The counts an import records on its run when it commits. */
export interface ImportCounts {
  /** Chats the export held. */
  chats: number
  /** Messages added. */
  messagesNew: number
  /** Messages the store already had. */
  messagesKnown: number
  /** Attachment files recorded on messages. */
  attachmentsStored: number
}

/** Attachment fields of a message the store already has. */
export interface KnownAttachment {
  /** Hex SHA-256 of the stored file, or null when the message has no stored file yet. */
  sha256: string | null
  /** Path of the stored file relative to the workspace, or null. */
  storedPath: string | null
}

/** New messages of one chat in this import: how many, and their date range. */
interface ChatDelta {
  /** Messages added to the chat. */
  count: number
  /** Earliest date of the chat's messages in this import. */
  first: string | null
  /** Latest date of the chat's messages in this import. */
  last: string | null
}

/**
 * One import in progress: a write transaction opened by Store.beginImport (`BEGIN IMMEDIATE`)
 * and the prepared statements that fill it. Nothing is visible to other connections, nor kept
 * after a crash, until `commit()`. Exactly one of `commit()` / `rollback()` ends it.
 *
 * Writes are synchronous; the caller may await between calls (reading the export, storing
 * media): the connection belongs to this process and no one else writes meanwhile.
 */
export class ImportTransaction {
  /** The `imports` row of this run. */
  readonly importId: number
  /** When the run started (ISO 8601 UTC). */
  readonly startedAt: string

  private readonly db: Database.Database
  private readonly storePath: string
  private readonly onEnd: () => void
  private ended = false
  private readonly deltas = new Map<number, ChatDelta>()

  private readonly upsertChatStmt: Database.Statement
  private readonly upsertParticipantStmt: Database.Statement
  private readonly insertMessageStmt: Database.Statement
  /** Multi-row INSERTs by shape and row count, prepared when first needed. */
  private readonly bulkStatements = new Map<string, Database.Statement>()
  /** Bound values of the next multi-row INSERT, reused from one statement to the next. */
  private readonly bulkValues: unknown[] = new Array<unknown>(ROWS_PER_STATEMENT * FULL_COLUMNS.length)
  private readonly fillAttachmentStmt: Database.Statement
  private readonly knownAttachmentStmt: Database.Statement
  private readonly insertIssueStmt: Database.Statement

  /** Created by Store.beginImport only, once `BEGIN IMMEDIATE` succeeded. */
  constructor(db: Database.Database, storePath: string, file: ImportFileInfo, onEnd: () => void) {
    this.db = db
    this.storePath = storePath
    this.onEnd = onEnd
    this.startedAt = new Date().toISOString()
    try {
      this.importId = Number(
        db
          .prepare(`INSERT INTO imports (path, source, file_size, file_mtime, started_at, status) VALUES (?, ?, ?, ?, ?, 'done')`)
          .run(file.path, file.source, file.fileSize ?? null, file.fileMtime ?? null, this.startedAt).lastInsertRowid,
      )
      this.upsertChatStmt = db.prepare(
        `INSERT INTO chats (source, source_id, title, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, source_id) DO UPDATE SET title = excluded.title, kind = excluded.kind, updated_at = excluded.updated_at
         RETURNING id`,
      )
      // A participant seen again keeps its place; a phone or source id learnt later fills a gap.
      this.upsertParticipantStmt = db.prepare(
        `INSERT INTO participants (chat_id, position, name, phone, source_id)
         VALUES (@chat, (SELECT coalesce(max(position), 0) + 1 FROM participants WHERE chat_id = @chat), @name, @phone, @sourceId)
         ON CONFLICT (chat_id, name) DO UPDATE SET
           phone = coalesce(participants.phone, excluded.phone),
           source_id = coalesce(participants.source_id, excluded.source_id)`,
      )
      this.insertMessageStmt = db.prepare(
        `INSERT INTO messages (chat_id, date, author, text, kind, system, source_id, line, import_id, dedupe_key,
           attachment_name, attachment_media_type, attachment_size, attachment_sha256, attachment_stored_path, extra)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, dedupe_key) DO NOTHING`,
        // ON CONFLICT … DO NOTHING, not INSERT OR IGNORE: only a known key is skipped; a row that
        // breaks NOT NULL or CHECK (an importer bug) fails the import instead of vanishing.
      )
      // A message first imported from a .txt (no media) gets its file when the .zip comes.
      this.fillAttachmentStmt = db.prepare(
        `UPDATE messages SET attachment_name = ?, attachment_media_type = coalesce(attachment_media_type, ?), attachment_size = ?,
           attachment_sha256 = ?, attachment_stored_path = ?
         WHERE chat_id = ? AND dedupe_key = ? AND attachment_sha256 IS NULL`,
      )
      this.knownAttachmentStmt = db.prepare('SELECT attachment_sha256, attachment_stored_path FROM messages WHERE chat_id = ? AND dedupe_key = ?')
      this.insertIssueStmt = db.prepare('INSERT INTO import_issues (import_id, severity, code, message, file, line) VALUES (?, ?, ?, ?, ?, ?)')
    } catch (error) {
      this.end('ROLLBACK')
      throw translateSqliteError(error, storePath)
    }
  }

  /** Finds the chat by `(source, sourceId)` or creates it; updates its title and kind. Returns its id. */
  upsertChat(info: ChatInfo): number {
    return this.write(() => {
      const now = new Date().toISOString()
      const row = this.upsertChatStmt.get(info.source, info.sourceId, info.title, info.kind, now, now) as {id: number}
      return row.id
    })
  }

  /** Adds the participants the chat does not have yet (by exported name), in the given order. */
  addParticipants(chatId: number, participants: readonly Participant[]): void {
    this.write(() => {
      for (const p of participants) this.upsertParticipantStmt.run({chat: chatId, name: p.name, phone: p.phone, sourceId: p.sourceId ?? null})
    })
  }

  /**
   * The stored attachment of a message the store already has, or undefined when the message is
   * new. Lets the caller skip reading a file the store already holds.
   */
  knownAttachment(chatId: number, key: Buffer): KnownAttachment | undefined {
    return this.write(() => {
      const row = this.knownAttachmentStmt.get(chatId, key) as {attachment_sha256: string | null; attachment_stored_path: string | null} | undefined
      return row === undefined ? undefined : {sha256: row.attachment_sha256, storedPath: row.attachment_stored_path}
    })
  }

  /**
   * Writes a batch of messages of one chat, in order. A message whose key the chat already has
   * is left as it is (counted as known), except that a stored attachment file fills a known
   * message that had none.
   *
   * Speed: consecutive messages of the same shape go up to ROWS_PER_STATEMENT at a time through
   * one multi-row INSERT, which divides the per-statement cost of better-sqlite3 and SQLite;
   * plain messages (no attachment, source id or extra: most WhatsApp messages) bind 8 values
   * instead of 12. Order is kept, so rows sort in export order within a minute. A message with
   * a stored file goes alone (it may need the fill-in update).
   */
  addMessages(chatId: number, batch: readonly PendingMessage[]): BatchResult {
    return this.write(() => {
      let inserted = 0
      let attachmentsRecorded = 0
      let delta = this.deltas.get(chatId)
      if (delta === undefined) this.deltas.set(chatId, (delta = {count: 0, first: null, last: null}))
      const values = this.bulkValues
      let shape: Shape = 'plain'
      let pending = 0
      for (const item of batch) {
        const m = item.message
        // Known messages' dates already lie within the chat's range, so the range of the whole
        // batch is the range of what the chat holds afterwards.
        if (delta.first === null || m.date < delta.first) delta.first = m.date
        if (delta.last === null || m.date > delta.last) delta.last = m.date
        const a = m.attachment
        if (a?.sha256) {
          inserted += this.runBulk(shape, pending)
          pending = 0
          const changes = this.insertOneMessage(chatId, item)
          inserted += changes
          attachmentsRecorded +=
            changes === 1 ? 1 : this.fillAttachmentStmt.run(a.name, a.mediaType, a.size, a.sha256, a.storedPath, chatId, item.key).changes
          continue
        }
        const extra = extraOf(m)
        const rowShape: Shape = a === null && extra === null && (m.sourceId ?? null) === null ? 'plain' : 'full'
        if (rowShape !== shape) {
          inserted += this.runBulk(shape, pending)
          pending = 0
          shape = rowShape
        }
        let o = pending * (shape === 'plain' ? PLAIN_COLUMNS.length : FULL_COLUMNS.length)
        values[o++] = chatId
        values[o++] = m.date
        values[o++] = m.author
        values[o++] = m.text
        values[o++] = m.kind
        values[o++] = m.system ? 1 : 0
        values[o++] = m.line ?? null
        values[o++] = item.key
        if (shape === 'full') {
          values[o++] = m.sourceId ?? null
          values[o++] = a?.name ?? null
          values[o++] = a?.mediaType ?? null
          values[o] = extra
        }
        if (++pending === ROWS_PER_STATEMENT) {
          inserted += this.runBulk(shape, pending)
          pending = 0
        }
      }
      inserted += this.runBulk(shape, pending)
      delta.count += inserted
      return {inserted, known: batch.length - inserted, attachmentsRecorded}
    })
  }

  /** Runs the multi-row INSERT of the first `rows` rows in bulkValues; returns how many were new. */
  private runBulk(shape: Shape, rows: number): number {
    if (rows === 0) return 0
    const columns = shape === 'plain' ? PLAIN_COLUMNS : FULL_COLUMNS
    const id = `${shape}:${rows}`
    let statement = this.bulkStatements.get(id)
    if (statement === undefined) {
      // The import's id is written into the statement (an integer of ours): one value less to bind.
      const row = `(${columns.map(() => '?').join(', ')}, ${this.importId})`
      statement = this.db.prepare(
        `INSERT INTO messages (${columns.join(', ')}, import_id) VALUES ${Array.from({length: rows}, () => row).join(', ')}
         ON CONFLICT (chat_id, dedupe_key) DO NOTHING`,
      )
      this.bulkStatements.set(id, statement)
    }
    const count = rows * columns.length
    return statement.run(count === this.bulkValues.length ? this.bulkValues : this.bulkValues.slice(0, count)).changes
  }

  /** Inserts one message unless the chat has its key; returns 1 when it was new. */
  private insertOneMessage(chatId: number, {message: m, key}: PendingMessage): number {
    const a: Attachment | null = m.attachment
    return this.insertMessageStmt.run(
      chatId,
      m.date,
      m.author,
      m.text,
      m.kind,
      m.system ? 1 : 0,
      m.sourceId ?? null,
      m.line ?? null,
      this.importId,
      key,
      a?.name ?? null,
      a?.mediaType ?? null,
      a?.size ?? null,
      a?.sha256 ?? null,
      a?.storedPath ?? null,
      extraOf(m),
    ).changes
  }

  /** Keeps the issues with this import. */
  addIssues(issues: readonly ImportIssue[]): void {
    this.write(() => {
      for (const i of issues) this.insertIssueStmt.run(this.importId, i.severity, i.code, i.message, i.file ?? null, i.line ?? null)
    })
  }

  /** Updates the chats' counters, records the run's counts, and makes everything durable. */
  commit(counts: ImportCounts): void {
    this.write(() => {
      const updateChat = this.db.prepare(
        `UPDATE chats SET message_count = message_count + @count,
           first_date = CASE WHEN first_date IS NULL OR @first < first_date THEN @first ELSE first_date END,
           last_date = CASE WHEN last_date IS NULL OR @last > last_date THEN @last ELSE last_date END
         WHERE id = @chat`,
      )
      for (const [chatId, d] of this.deltas) {
        if (d.first !== null) updateChat.run({count: d.count, first: d.first, last: d.last, chat: chatId})
      }
      this.db
        .prepare('UPDATE imports SET finished_at = ?, chats = ?, messages_new = ?, messages_known = ?, attachments_stored = ? WHERE id = ?')
        .run(new Date().toISOString(), counts.chats, counts.messagesNew, counts.messagesKnown, counts.attachmentsStored, this.importId)
    })
    try {
      this.end('COMMIT')
    } catch (error) {
      throw translateSqliteError(error, this.storePath)
    }
  }

  /** Drops everything this import wrote. Safe to call after a failed write or twice. */
  rollback(): void {
    if (this.ended) return
    this.end('ROLLBACK')
  }

  /** True once committed or rolled back. */
  get isEnded(): boolean {
    return this.ended
  }

  private end(statement: 'COMMIT' | 'ROLLBACK'): void {
    if (this.ended) throw new BugError(`${statement} on an import transaction that already ended.`)
    try {
      // SQLite may already have rolled back by itself after some errors (SQLITE_FULL, …).
      if (this.db.inTransaction) this.db.exec(statement)
      else if (statement === 'COMMIT') throw new BugError('The import transaction was lost before its commit.')
    } catch (error) {
      // A failed COMMIT can leave the transaction open: drop it so the connection is usable.
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw error
    } finally {
      this.ended = true
      this.onEnd()
    }
  }

  private write<T>(body: () => T): T {
    if (this.ended) throw new BugError('Write on an import transaction that already ended.')
    try {
      return body()
    } catch (error) {
      throw translateSqliteError(error, this.storePath)
    }
  }
}

/**
 * The JSON of what only some sources give (Signal replies, reactions, edits), or null when the
 * message has none of it (always for WhatsApp). Read back by Store.messages.
 */
function extraOf(m: Message): string | null {
  const hasReply = m.replyTo !== undefined && m.replyTo !== null
  const hasReactions = m.reactions !== undefined && m.reactions.length > 0
  if (!hasReply && !hasReactions && m.edited !== true) return null
  return JSON.stringify({
    ...(hasReply ? {replyTo: m.replyTo} : {}),
    ...(hasReactions ? {reactions: m.reactions} : {}),
    ...(m.edited === true ? {edited: true} : {}),
  })
}
