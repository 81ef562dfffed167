import Database from 'better-sqlite3'

import type {Store} from './Store.js'
import {translateSqliteError} from './sqlite-errors.js'

/** A step of a room's creation, as recorded (see migration-v3-rooms.ts). */
export type RoomStep = 'created' | 'configured' | 'member' | 'invited' | 'bookmark'

/** A room as the store remembers it, with the steps done. */
export interface StoredRoom {
  /** The chat it was made for. */
  chatId: number
  /** Its address (`local@muc-service`), chosen once. */
  address: string
  /** Name last given to it. */
  name: string
  /** Whether it was made public. */
  public: boolean
  /** Step → targets done (`''` for steps without target). */
  steps: Map<RoomStep, Set<string>>
}

interface RoomRow {
  chat_id: number
  address: string
  name: string
  public: number
}

interface StepRow {
  chat_id: number
  step: RoomStep
  target: string
}

/**
 * The rooms tables of the store (migration 3). Every write is its own committed transaction
 * (`synchronous=FULL`): once a method returns, a killed process keeps it.
 *
 * Like ContactRepository it has its own connection to the store's file (the Store keeps its
 * handle private); WAL mode lets both see each other's commits. Open, work, close.
 *
 * Fails with the store's UserErrors (STORE_BUSY, STORE_DISK_FULL, …).
 */
export class RoomRepository {
  readonly #db: Database.Database
  readonly #path: string

  private constructor(path: string, db: Database.Database) {
    this.#db = db
    this.#path = path
  }

  /** Opens a connection to the store's file (already migrated by Store.open). */
  static open(store: Store, options: {busyTimeoutMs?: number} = {}): RoomRepository {
    let db: Database.Database | undefined
    try {
      db = new Database(store.path, {timeout: options.busyTimeoutMs ?? 5000, fileMustExist: true})
      db.pragma('foreign_keys = ON')
      db.pragma('synchronous = FULL')
      return new RoomRepository(store.path, db)
    } catch (error) {
      db?.close()
      throw translateSqliteError(error, store.path)
    }
  }

  /** Closes the connection. */
  close(): void {
    this.#db.close()
  }

  /** Every room known, by chat id. */
  rooms(): Map<number, StoredRoom> {
    return this.#run(() => {
      const rows = this.#db.prepare('SELECT chat_id, address, name, public FROM rooms ORDER BY chat_id').all() as RoomRow[]
      const steps = this.#db.prepare('SELECT chat_id, step, target FROM room_steps ORDER BY chat_id, step, target').all() as StepRow[]
      const rooms = new Map<number, StoredRoom>()
      for (const row of rows) rooms.set(row.chat_id, {chatId: row.chat_id, address: row.address, name: row.name, public: row.public === 1, steps: new Map()})
      for (const s of steps) {
        const room = rooms.get(s.chat_id)
        if (!room) continue
        let targets = room.steps.get(s.step)
        if (!targets) room.steps.set(s.step, (targets = new Set()))
        targets.add(s.target)
      }
      return rooms
    })
  }

  /**
   * Records the address chosen for a chat (before creating the room). A different address for
   * a chat whose room was never created replaces the old one and forgets its steps.
   */
  reserve(chatId: number, address: string, name: string, isPublic: boolean, now = new Date()): void {
    this.#run(() =>
      this.#db.transaction(() => {
        const existing = this.#db.prepare('SELECT address FROM rooms WHERE chat_id = ?').get(chatId) as {address: string} | undefined
        const at = now.toISOString()
        if (existing === undefined) {
          this.#db.prepare('INSERT INTO rooms (chat_id, address, name, public, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(chatId, address, name, isPublic ? 1 : 0, at, at)
        } else {
          if (existing.address !== address) this.#db.prepare('DELETE FROM room_steps WHERE chat_id = ?').run(chatId)
          this.#db.prepare('UPDATE rooms SET address = ?, name = ?, public = ?, updated_at = ? WHERE chat_id = ?').run(address, name, isPublic ? 1 : 0, at, chatId)
        }
      })(),
    )
  }

  /** Records a step done (idempotent). `configured` replaces an earlier configuration signature. */
  recordStep(chatId: number, step: RoomStep, target = '', now = new Date()): void {
    this.#run(() =>
      this.#db.transaction(() => {
        if (step === 'configured') this.#db.prepare("DELETE FROM room_steps WHERE chat_id = ? AND step = 'configured'").run(chatId)
        this.#db.prepare('INSERT OR IGNORE INTO room_steps (chat_id, step, target, done_at) VALUES (?, ?, ?, ?)').run(chatId, step, target, now.toISOString())
      })(),
    )
  }

  /** Records several steps (of any rooms) in one transaction: all or none survive a crash. */
  recordSteps(steps: {chatId: number; step: RoomStep; target: string}[], now = new Date()): void {
    this.#run(() =>
      this.#db.transaction(() => {
        const insert = this.#db.prepare('INSERT OR IGNORE INTO room_steps (chat_id, step, target, done_at) VALUES (?, ?, ?, ?)')
        for (const s of steps) {
          if (s.step === 'configured') this.#db.prepare("DELETE FROM room_steps WHERE chat_id = ? AND step = 'configured'").run(s.chatId)
          insert.run(s.chatId, s.step, s.target, now.toISOString())
        }
      })(),
    )
  }

  /** Forgets a step (e.g. a member found missing when the list was read back). */
  forgetStep(chatId: number, step: RoomStep, target = ''): void {
    this.#run(() => this.#db.prepare('DELETE FROM room_steps WHERE chat_id = ? AND step = ? AND target = ?').run(chatId, step, target))
  }

  /**
   * Forgets a room and its steps (after it was destroyed on the server): the next plan finds
   * its address free again and a rerun can create it anew.
   */
  forget(chatId: number): void {
    this.#run(() => this.#db.prepare('DELETE FROM rooms WHERE chat_id = ?').run(chatId))
  }

  #run<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw translateSqliteError(error, this.#path)
    }
  }
}
