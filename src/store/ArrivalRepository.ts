import Database from 'better-sqlite3'

import type {Store} from './Store.js'
import {translateSqliteError} from './sqlite-errors.js'

/** How a newcomer was identified (see migration-v4-arrivals.ts). */
export type ArrivalEvidence = 'token' | 'server' | 'elimination' | 'username' | 'answer' | 'unknown' | 'dismissed'

/** Where a newcomer was seen: a new roster entry, or a subscription request. */
export type ArrivalVia = 'roster' | 'subscription'

/** A newcomer as the store remembers them. */
export interface StoredArrival {
  /** Their bare JID (lowercase). */
  jid: string
  /** The contact they are, or null (unidentified, or dismissed). */
  contactId: number | null
  /** How they were identified. */
  evidence: ArrivalEvidence
  /** Where they were first seen. */
  via: ArrivalVia
  /** When first seen (ISO 8601 UTC). */
  seenAt: string
  /** When identified, or null. */
  identifiedAt: string | null
  /** When seated (contact book, subscriptions, rooms all done), or null. */
  seatedAt: string | null
}

interface ArrivalRow {
  jid: string
  contact_id: number | null
  evidence: ArrivalEvidence
  via: ArrivalVia
  seen_at: string
  identified_at: string | null
  seated_at: string | null
}

/**
 * The arrivals tables of the store (migration 4). Every write is its own committed transaction:
 * once a method returns, a killed process keeps it. Own connection, like RoomRepository.
 *
 * Fails with the store's UserErrors (STORE_BUSY, STORE_DISK_FULL, …).
 */
export class ArrivalRepository {
  readonly #db: Database.Database
  readonly #path: string

  private constructor(path: string, db: Database.Database) {
    this.#db = db
    this.#path = path
  }

  /** Opens a connection to the store's file (already migrated by Store.open). */
  static open(store: Store, options: {busyTimeoutMs?: number} = {}): ArrivalRepository {
    let db: Database.Database | undefined
    try {
      db = new Database(store.path, {timeout: options.busyTimeoutMs ?? 5000, fileMustExist: true})
      db.pragma('foreign_keys = ON')
      db.pragma('synchronous = FULL')
      return new ArrivalRepository(store.path, db)
    } catch (error) {
      db?.close()
      throw translateSqliteError(error, store.path)
    }
  }

  /** Closes the connection. */
  close(): void {
    this.#db.close()
  }

  /** Every newcomer seen, oldest first. */
  arrivals(): StoredArrival[] {
    return this.#run(() =>
      (this.#db.prepare('SELECT jid, contact_id, evidence, via, seen_at, identified_at, seated_at FROM arrivals ORDER BY seen_at, jid').all() as ArrivalRow[]).map((r) => ({
        jid: r.jid,
        contactId: r.contact_id,
        evidence: r.evidence,
        via: r.via,
        seenAt: r.seen_at,
        identifiedAt: r.identified_at,
        seatedAt: r.seated_at,
      })),
    )
  }

  /** Records a newcomer seen for the first time (unidentified); a known one is left as is. */
  recordSeen(jid: string, via: ArrivalVia, now = new Date()): void {
    this.#run(() => this.#db.prepare("INSERT OR IGNORE INTO arrivals (jid, contact_id, evidence, via, seen_at) VALUES (?, NULL, 'unknown', ?, ?)").run(jid, via, now.toISOString()))
  }

  /**
   * Records who a newcomer is (or, with `contactId` null and `dismissed`, that they are nobody
   * of the migration). A contact identified before under another address loses that row's
   * identification (one person, one address).
   */
  identify(jid: string, contactId: number | null, evidence: Exclude<ArrivalEvidence, 'unknown'>, via: ArrivalVia = 'roster', now = new Date()): void {
    this.#run(() =>
      this.#db.transaction(() => {
        const at = now.toISOString()
        if (contactId !== null) this.#db.prepare("UPDATE arrivals SET contact_id = NULL, evidence = 'unknown', identified_at = NULL, seated_at = NULL WHERE contact_id = ? AND jid <> ?").run(contactId, jid)
        this.#db.prepare('INSERT OR IGNORE INTO arrivals (jid, contact_id, evidence, via, seen_at) VALUES (?, NULL, ?, ?, ?)').run(jid, 'unknown', via, at)
        this.#db.prepare('UPDATE arrivals SET contact_id = ?, evidence = ?, identified_at = ?, seated_at = NULL WHERE jid = ?').run(contactId, evidence, at, jid)
      })(),
    )
  }

  /** Records that a newcomer is seated (everything done for them). */
  markSeated(jid: string, now = new Date()): void {
    this.#run(() => this.#db.prepare('UPDATE arrivals SET seated_at = ? WHERE jid = ?').run(now.toISOString(), jid))
  }

  /** The roster entries recorded when the invitations were first issued (empty when never recorded). */
  baseline(): Set<string> {
    return this.#run(() => new Set((this.#db.prepare("SELECT jid FROM arrival_baseline WHERE jid <> ''").all() as {jid: string}[]).map((r) => r.jid)))
  }

  /** true once a baseline was recorded (even an empty roster records a marker row ''). */
  hasBaseline(): boolean {
    return this.#run(() => this.#db.prepare("SELECT 1 FROM arrival_baseline WHERE jid = ''").get() !== undefined)
  }

  /** Records the roster as the baseline, once: later calls change nothing. */
  recordBaseline(jids: Iterable<string>, now = new Date()): void {
    this.#run(() =>
      this.#db.transaction(() => {
        if (this.#db.prepare("SELECT 1 FROM arrival_baseline WHERE jid = ''").get() !== undefined) return
        const insert = this.#db.prepare('INSERT OR IGNORE INTO arrival_baseline (jid, recorded_at) VALUES (?, ?)')
        const at = now.toISOString()
        insert.run('', at)
        for (const jid of jids) insert.run(jid.toLowerCase(), at)
      })(),
    )
  }

  #run<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw translateSqliteError(error, this.#path)
    }
  }
}
