import type {Migration} from './migrations.js'

/**
 * Version 3: rooms rebuilt from group chats (issue 5).
 *
 * - `rooms`: one row per group chat that has (or is getting) a room. `address` is chosen once
 *   and kept, so the plan is stable across runs; it is written before the room is created, so
 *   a run killed right after the server created it finds it again (and sees it is ours).
 * - `room_steps`: every step done for a room, each in its own committed transaction before the
 *   next one starts (what makes a rerun resume rather than repeat): `created`, `configured`
 *   (target = the configuration signature), `member` and `invited` (target = the member's bare
 *   JID), `bookmark`. A step row exists only once the server acknowledged the step.
 */
export const migrationV3Rooms: Migration = {
  version: 3,
  description: 'rooms',
  sql: `
CREATE TABLE rooms (
  chat_id INTEGER PRIMARY KEY REFERENCES chats(id) ON DELETE CASCADE,
  address TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE room_steps (
  chat_id INTEGER NOT NULL REFERENCES rooms(chat_id) ON DELETE CASCADE,
  step TEXT NOT NULL CHECK (step IN ('created', 'configured', 'member', 'invited', 'bookmark')),
  target TEXT NOT NULL DEFAULT '',
  done_at TEXT NOT NULL,
  PRIMARY KEY (chat_id, step, target)
);
`,
}
