/**
 * The store's schema, as an ordered list of migrations. The schema version is SQLite's
 * `PRAGMA user_version` (https://www.sqlite.org/pragma.html#pragma_user_version): migration N
 * brings a store from version N-1 to N, inside one transaction together with the version bump,
 * so a store is always at exactly one version.
 *
 * Rules: never edit a migration that has shipped; append a new one. Later steps (contacts,
 * rooms, invitations, history uploads, migrate progress: issues 4, 5, 6, 8, 9) add their tables
 * here as migrations 2, 3, …
 */

import {migrationV2Contacts} from './migration-v2-contacts.js'
import {migrationV3Rooms} from './migration-v3-rooms.js'
import {migrationV4Arrivals} from './migration-v4-arrivals.js'
import {migrationV5Tone} from './migration-v5-tone.js'

/** One step of the schema. */
export interface Migration {
  /** The `user_version` the store has after this migration (1, 2, 3, … without gaps). */
  version: number
  /** What the migration is for, in a few words (shown in errors). */
  description: string
  /** SQL statements, run with `exec` inside the migration's transaction. */
  sql: string
}

/**
 * Version 1: what importing exports needs (issue 2).
 *
 * - `imports`: one row per import run of one export (a file the person gave).
 * - `chats`: one row per chat of a source, found again by `(source, source_id)` on a rerun.
 *   `message_count`, `first_date`, `last_date` are kept up to date by each import in the same
 *   transaction as its messages, so listing chats never scans messages.
 * - `participants`: people named by a chat, unique per chat and exported name.
 * - `messages`: unique per chat and `dedupe_key` (see MessageKeyer), which is what makes a rerun
 *   add nothing. Attachment fields live on the message (a message has at most one attachment in
 *   the model). `extra` holds, as JSON, what only some sources give (`replyTo`, `reactions`,
 *   `edited`: Signal); null for WhatsApp.
 * - `import_issues`: the warnings an import produced, kept with it.
 */
const v1 = `
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  source TEXT,
  file_size INTEGER,
  file_mtime TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  chats INTEGER NOT NULL DEFAULT 0,
  messages_new INTEGER NOT NULL DEFAULT 0,
  messages_known INTEGER NOT NULL DEFAULT 0,
  attachments_stored INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT
);

CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  message_count INTEGER NOT NULL DEFAULT 0,
  first_date TEXT,
  last_date TEXT,
  UNIQUE (source, source_id)
);

CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  source_id TEXT,
  UNIQUE (chat_id, name)
);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  author TEXT,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  system INTEGER NOT NULL CHECK (system IN (0, 1)),
  source_id TEXT,
  line INTEGER,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  dedupe_key BLOB NOT NULL,
  attachment_name TEXT,
  attachment_media_type TEXT,
  attachment_size INTEGER,
  attachment_sha256 TEXT,
  attachment_stored_path TEXT,
  extra TEXT
);

-- The dedupe lookup of every insert, and the way to a chat's messages. WhatsApp keys start with
-- the date, so this index is filled nearly in append order and roughly sorted by time. There is
-- deliberately no (chat_id, date) index: it would slow every import, and reading a whole chat in
-- time order (history export) sorts once instead.
CREATE UNIQUE INDEX messages_chat_key ON messages (chat_id, dedupe_key);

CREATE TABLE import_issues (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  severity TEXT NOT NULL CHECK (severity IN ('warning', 'error')),
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  file TEXT,
  line INTEGER
);
CREATE INDEX import_issues_import ON import_issues (import_id);
`

/** Every migration, in order. The last one's version is the version this code writes. */
export const MIGRATIONS: readonly Migration[] = [
  {version: 1, description: 'imports, chats, participants, messages', sql: v1},
  migrationV2Contacts,
  migrationV3Rooms,
  migrationV4Arrivals,
  migrationV5Tone,
]

/** The schema version this code expects (the last migration's). */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0
