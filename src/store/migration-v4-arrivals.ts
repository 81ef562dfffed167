import type {Migration} from './migrations.js'

/**
 * Version 4: arrivals (issue 20), the people who came through the invitations.
 *
 * - `arrivals`: one row per newcomer's bare JID seen on the account (a new roster entry, or a
 *   subscription request) that was not a known contact's address. `contact_id` is who they are,
 *   once known; null while unidentified, and for someone the person said is nobody of the
 *   migration (`evidence = 'dismissed'`). `evidence` says how they were identified: `token` (a
 *   token we issued came back in their XEP-0379 subscription request), `server` (the server
 *   said so), `elimination` (one invitation outstanding, one newcomer), `username` (the exact
 *   username their page suggested), `answer` (the person said so), `unknown` (not yet).
 *   `seated_at` is set once they are in the contact book, both subscriptions are approved and
 *   the rooms of their chats were reconciled: a rerun does nothing more for them.
 * - `arrival_baseline`: the roster as it was when the invitations were first issued; an entry
 *   in it is never a newcomer (an account already in use has other contacts).
 */
export const migrationV4Arrivals: Migration = {
  version: 4,
  description: 'arrivals',
  sql: `
CREATE TABLE arrivals (
  jid TEXT PRIMARY KEY,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  evidence TEXT NOT NULL CHECK (evidence IN ('token', 'server', 'elimination', 'username', 'answer', 'unknown', 'dismissed')),
  via TEXT NOT NULL CHECK (via IN ('roster', 'subscription')),
  seen_at TEXT NOT NULL,
  identified_at TEXT,
  seated_at TEXT
);
CREATE UNIQUE INDEX arrivals_contact ON arrivals (contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE arrival_baseline (
  jid TEXT PRIMARY KEY,
  recorded_at TEXT NOT NULL
);
`,
}
