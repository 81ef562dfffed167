import Database from 'better-sqlite3'

/**
 * One workspace setting read without opening the store for work: read-only, no migration, no
 * lock, nothing created. For what every command needs before it starts (the workspace's
 * language); any failure (no store yet, an older store, a busy file) reads as "not set".
 */
export function peekSetting(storePath: string, key: string): string | undefined {
  let db: Database.Database | undefined
  try {
    db = new Database(storePath, {readonly: true, fileMustExist: true, timeout: 200})
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").pluck().get()
    if (table === undefined) return undefined
    return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
  } catch {
    return undefined
  } finally {
    db?.close()
  }
}
