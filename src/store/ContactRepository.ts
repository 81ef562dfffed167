import Database from 'better-sqlite3'

import {BugError} from '../errors/index.js'
import type {ChatKind, SourceKind} from '../model/types.js'
import {translateSqliteError} from './sqlite-errors.js'
import type {Store} from './Store.js'

/** A contact as stored (the contact book's raw row; src/contacts/ builds what commands show). */
export interface ContactRecord {
  /** The store's id of the contact. Stable, except that a merge keeps the lower of two ids. */
  id: number
  /** Display name: derived from the exported labels unless `nameManual`. */
  name: string
  /** True when the person set the name (a re-derivation then keeps it). */
  nameManual: boolean
  /** E.164 (`+33612345678`), or the number as written when no region was known; null if unknown. */
  phone: string | null
  /** True when the person set the phone number. */
  phoneManual: boolean
  /** The contact's XMPP address (bare JID), set by the person only. */
  jid: string | null
  /** Language of the texts sent to this contact, set by the person only; null: the workspace's. */
  language: 'fr' | 'en' | null
  /** How French texts to this contact address them, set by the person only; null: never said ("tu"). */
  tone: 'tu' | 'vous' | null
  /** E-mail address, set by the person only. */
  email: string | null
  /** True when the person asked to invite this contact (they have no XMPP account yet). */
  invite: boolean
}

/** Fields of a contact that can be written. */
export type ContactUpdate = Partial<Omit<ContactRecord, 'id'>>

/** A chat participant with its chat, as the contact book's derivation reads it. */
export interface ParticipantSighting {
  /** The store's id of the participant row. */
  participantId: number
  /** The chat it belongs to. */
  chatId: number
  /** The chat's source. */
  source: SourceKind
  /** Direct or group. */
  chatKind: ChatKind
  /** The chat's title (for a direct chat, the other person's name). */
  chatTitle: string
  /** The label as exported. */
  name: string
  /** E.164 when the importer knew it. */
  phone: string | null
  /** The source's stable id of the person (Signal service id), when known. */
  sourceId: string | null
  /** The contact it is linked to, or null when not linked yet. */
  contactId: number | null
}

/** A chat a contact is in. */
export interface ContactChatRef {
  /** The store's id of the chat. */
  id: number
  /** Its title. */
  title: string
  /** Direct or group. */
  kind: ChatKind
}

interface ContactRow {
  id: number
  name: string
  name_manual: number
  phone: string | null
  phone_manual: number
  jid: string | null
  language: string | null
  tone: string | null
  email: string | null
  invite: number
}

const COLUMNS: Record<keyof ContactUpdate, string> = {
  name: 'name',
  nameManual: 'name_manual',
  phone: 'phone',
  phoneManual: 'phone_manual',
  jid: 'jid',
  language: 'language',
  tone: 'tone',
  email: 'email',
  invite: 'invite',
}

/**
 * SQL of the contact book and of the workspace settings (tables of migration 2).
 *
 * It uses its own connection to the store's file rather than the Store's (which keeps its
 * handle private): both are in WAL mode on one file, so they see each other's commits. Do not
 * use it while an import transaction is open on the same file from the same process (it would
 * wait for that transaction's lock until the busy timeout). Open, work, close.
 *
 * Every method can fail with the store's UserErrors (STORE_BUSY, STORE_DISK_FULL, …) or a BugError.
 */
export class ContactRepository {
  private readonly db: Database.Database
  private readonly path: string
  // Compiled statements, by SQL text: a derivation runs the same few statements per participant.
  private readonly statements = new Map<string, Database.Statement>()

  private constructor(path: string, db: Database.Database) {
    this.path = path
    this.db = db
  }

  /** Opens a connection to the store's file (already migrated by Store.open). */
  static open(store: Store, options: {busyTimeoutMs?: number} = {}): ContactRepository {
    let db: Database.Database | undefined
    try {
      db = new Database(store.path, {timeout: options.busyTimeoutMs ?? 5000, fileMustExist: true})
      db.pragma('foreign_keys = ON')
      db.pragma('synchronous = FULL')
      return new ContactRepository(store.path, db)
    } catch (error) {
      db?.close()
      throw translateSqliteError(error, store.path)
    }
  }

  /** Closes the connection; a transaction still open is rolled back. */
  close(): void {
    this.db.close()
  }

  /**
   * Runs `work` in one transaction (`BEGIN IMMEDIATE` at the outside: the write lock is taken
   * first, so two commands never interleave; a savepoint when nested, so an inner failure undoes
   * only the inner work).
   */
  transaction<T>(work: () => T): T {
    const run = this.db.transaction(work)
    try {
      return this.db.inTransaction ? run() : run.immediate()
    } catch (error) {
      if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
        throw translateSqliteError(error, this.path)
      }
      throw error
    }
  }

  /** Every participant of every chat, with its chat and its contact link, by chat then position. */
  participants(chatId?: number): ParticipantSighting[] {
    const where = chatId === undefined ? '' : 'WHERE p.chat_id = ?'
    const rows = this.read(() =>
      this.db
        .prepare(
          `SELECT p.id AS participantId, p.chat_id AS chatId, c.source AS source, c.kind AS chatKind, c.title AS chatTitle,
                  p.name AS name, p.phone AS phone, p.source_id AS sourceId, cp.contact_id AS contactId
           FROM participants p JOIN chats c ON c.id = p.chat_id
           LEFT JOIN contact_participants cp ON cp.participant_id = p.id
           ${where} ORDER BY p.chat_id, p.position`,
        )
        .all(...(chatId === undefined ? [] : [chatId])),
    )
    return rows as ParticipantSighting[]
  }

  /** Every chat id, with source, kind and title. */
  chats(): (ContactChatRef & {source: SourceKind})[] {
    return this.read(() => this.prepare('SELECT id, title, kind, source FROM chats ORDER BY id').all() as (ContactChatRef & {source: SourceKind})[])
  }

  /**
   * The names the Signal account owner wrote under, per Signal chat (messages whose source id
   * starts with `self:`: see messageSourceId in src/importers/signal/names.ts). One query per chat,
   * stopping at the first such message.
   */
  signalSelfAuthors(): string[] {
    return this.read(() => {
      const chats = this.prepare("SELECT id FROM chats WHERE source = 'signal'").pluck().all() as number[]
      const first = this.prepare("SELECT author FROM messages WHERE chat_id = ? AND source_id LIKE 'self:%' AND author IS NOT NULL LIMIT 1").pluck()
      const names = new Set<string>()
      for (const id of chats) {
        const author = first.get(id) as string | undefined
        if (author !== undefined) names.add(author)
      }
      return [...names]
    })
  }

  /** Stored paths (relative to the workspace) of the contact cards shared in chats. */
  contactCardPaths(): string[] {
    return this.read(
      () =>
        this.db
          .prepare("SELECT DISTINCT attachment_stored_path FROM messages WHERE kind = 'contact' AND attachment_stored_path IS NOT NULL ORDER BY 1")
          .pluck()
          .all() as string[],
    )
  }

  /**
   * The contact cards shared in the imported chats, once per stored file: its path in the
   * workspace, the file's name in the export, and who shared it first (null when unknown).
   */
  sharedContactCards(): {storedPath: string; fileName: string | null; sharedBy: string | null}[] {
    return this.read(
      () =>
        this.db
          .prepare(
            "SELECT attachment_stored_path AS storedPath, MIN(attachment_name) AS fileName, MIN(author) AS sharedBy FROM messages WHERE kind = 'contact' AND attachment_stored_path IS NOT NULL GROUP BY attachment_stored_path ORDER BY 1",
          )
          .all() as {storedPath: string; fileName: string | null; sharedBy: string | null}[],
    )
  }

  /** The contacts holding any of the keys, lowest id first. */
  contactsWithKeys(keys: readonly string[]): number[] {
    if (keys.length === 0) return []
    return this.read(
      () =>
        this.db
          .prepare(`SELECT DISTINCT contact_id FROM contact_keys WHERE key IN (${keys.map(() => '?').join(', ')}) ORDER BY contact_id`)
          .pluck()
          .all(...keys) as number[],
    )
  }

  /** Creates a contact with a derived name (and phone), returns its id. */
  createContact(name: string, phone: string | null): number {
    const now = new Date().toISOString()
    return this.write(() => Number(this.prepare('INSERT INTO contacts (name, phone, created_at, updated_at) VALUES (?, ?, ?, ?)').run(name, phone, now, now).lastInsertRowid))
  }

  /** One contact, or undefined. */
  contact(id: number): ContactRecord | undefined {
    const row = this.read(() => this.prepare('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined)
    return row === undefined ? undefined : toRecord(row)
  }

  /** Every contact, by id. */
  contacts(): ContactRecord[] {
    return this.read(() => (this.prepare('SELECT * FROM contacts ORDER BY id').all() as ContactRow[]).map(toRecord))
  }

  /** The contact with this JID, if any. */
  contactWithJid(jid: string): number | undefined {
    return this.read(() => this.prepare('SELECT id FROM contacts WHERE jid = ?').pluck().get(jid) as number | undefined)
  }

  /** Writes some fields of a contact (and its `updated_at`); returns true when a field changed. */
  updateContact(id: number, update: ContactUpdate): boolean {
    const current = this.contact(id)
    if (current === undefined) throw new BugError(`Contact ${id} does not exist.`)
    const changed = (Object.keys(update) as (keyof ContactUpdate)[]).filter((field) => update[field] !== undefined && update[field] !== current[field])
    if (changed.length === 0) return false
    const values = changed.map((field) => {
      const value = update[field]
      return typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null)
    })
    const sets = changed.map((field) => `${COLUMNS[field]} = ?`).join(', ')
    this.write(() => this.prepare(`UPDATE contacts SET ${sets}, updated_at = ? WHERE id = ?`).run(...values, new Date().toISOString(), id))
    return true
  }

  /** Gives a key to a contact unless some contact has it already; true when added. */
  addKey(contactId: number, key: string): boolean {
    return this.write(() => this.prepare('INSERT OR IGNORE INTO contact_keys (key, contact_id) VALUES (?, ?)').run(key, contactId).changes > 0)
  }

  /** Keeps a label as an alias of a contact; true when it was new. */
  addAlias(contactId: number, label: string): boolean {
    return this.write(() => this.prepare('INSERT OR IGNORE INTO contact_aliases (contact_id, label) VALUES (?, ?)').run(contactId, label).changes > 0)
  }

  /** Every contact's aliases, in the order they were first seen. */
  aliases(): Map<number, string[]> {
    const rows = this.read(() => this.prepare('SELECT contact_id AS id, label FROM contact_aliases ORDER BY rowid').all() as {id: number; label: string}[])
    const byContact = new Map<number, string[]>()
    for (const row of rows) {
      let list = byContact.get(row.id)
      if (list === undefined) byContact.set(row.id, (list = []))
      list.push(row.label)
    }
    return byContact
  }

  /** Links a participant to a contact (replacing an earlier link); true when it changed. */
  linkParticipant(participantId: number, contactId: number): boolean {
    return this.write(() => {
      const current = this.prepare('SELECT contact_id FROM contact_participants WHERE participant_id = ?').pluck().get(participantId) as number | undefined
      if (current === contactId) return false
      this.prepare('INSERT OR REPLACE INTO contact_participants (participant_id, contact_id) VALUES (?, ?)').run(participantId, contactId)
      return true
    })
  }

  /** The chats each contact is in (through its participants), by chat id. */
  chatsOfContacts(): Map<number, ContactChatRef[]> {
    const rows = this.read(
      () =>
        this.db
          .prepare(
            `SELECT DISTINCT cp.contact_id AS contactId, c.id AS id, c.title AS title, c.kind AS kind
             FROM contact_participants cp JOIN participants p ON p.id = cp.participant_id JOIN chats c ON c.id = p.chat_id
             ORDER BY cp.contact_id, c.id`,
          )
          .all() as (ContactChatRef & {contactId: number})[],
    )
    const byContact = new Map<number, ContactChatRef[]>()
    for (const {contactId, ...chat} of rows) {
      let list = byContact.get(contactId)
      if (list === undefined) byContact.set(contactId, (list = []))
      list.push(chat)
    }
    return byContact
  }

  /**
   * Moves everything of contact `drop` (keys, aliases, participants) to `keep`, then deletes
   * `drop`. The caller decides the merged fields beforehand (see mergeContacts in src/contacts/).
   */
  absorb(keep: number, drop: number): void {
    this.write(() => {
      this.prepare('UPDATE contact_keys SET contact_id = ? WHERE contact_id = ?').run(keep, drop)
      this.prepare('INSERT OR IGNORE INTO contact_aliases (contact_id, label) SELECT ?, label FROM contact_aliases WHERE contact_id = ? ORDER BY rowid').run(keep, drop)
      this.prepare('UPDATE contact_participants SET contact_id = ? WHERE contact_id = ?').run(keep, drop)
      this.prepare('DELETE FROM contacts WHERE id = ?').run(drop)
    })
  }

  /** A workspace setting, or undefined when never set. */
  setting(key: string): string | undefined {
    return this.read(() => this.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined)
  }

  /** Sets (or, with null, removes) a workspace setting. */
  setSetting(key: string, value: string | null): void {
    this.write(() => {
      if (value === null) this.prepare('DELETE FROM settings WHERE key = ?').run(key)
      else this.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
    })
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (statement === undefined) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }

  private read<T>(query: () => T): T {
    try {
      return query()
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }

  private write<T>(change: () => T): T {
    try {
      return change()
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }
}

function toRecord(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    name: row.name,
    nameManual: row.name_manual === 1,
    phone: row.phone,
    phoneManual: row.phone_manual === 1,
    jid: row.jid,
    language: row.language === 'fr' || row.language === 'en' ? row.language : null,
    tone: row.tone === 'tu' || row.tone === 'vous' ? row.tone : null,
    email: row.email,
    invite: row.invite === 1,
  }
}
