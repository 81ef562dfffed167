import type {Migration} from './migrations.js'

/**
 * Version 2: the contact book (issue 4) and workspace settings.
 *
 * - `contacts`: one row per person. `name`, `phone` are derived from the chats' participants
 *   unless `name_manual` / `phone_manual` say the person set them; `jid`, `language`, `email`,
 *   `invite` are only ever set by the person (`contacts set`, `contacts import`), never by a
 *   re-derivation. `phone` is E.164, or the label as written when no region was known.
 * - `contact_keys`: what identifies a contact when the book is derived again: `phone:+33…`,
 *   `phone-raw:0612…` (a local number without region), `name:léa` (exported label, NFC,
 *   case-folded, `~ ` dropped), `source:signal:<service id>`. A key belongs to one contact: the
 *   same key seen in another chat is the same person.
 * - `contact_aliases`: every label the exports used for the contact ("Maman", "~ Léa", …).
 * - `contact_participants`: which contact each chat participant is (so which chats a contact is
 *   in). Cascades when an import's chat or participant goes away.
 * - `settings`: workspace settings (default phone region, language, who "me" is when the person
 *   said so), as text.
 */
export const migrationV2Contacts: Migration = {
  version: 2,
  description: 'contacts',
  sql: `
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_manual INTEGER NOT NULL DEFAULT 0 CHECK (name_manual IN (0, 1)),
  phone TEXT,
  phone_manual INTEGER NOT NULL DEFAULT 0 CHECK (phone_manual IN (0, 1)),
  jid TEXT,
  language TEXT CHECK (language IN ('fr', 'en')),
  email TEXT,
  invite INTEGER NOT NULL DEFAULT 0 CHECK (invite IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- One XMPP address is one person.
CREATE UNIQUE INDEX contacts_jid ON contacts (jid) WHERE jid IS NOT NULL;

CREATE TABLE contact_keys (
  key TEXT PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE
);
CREATE INDEX contact_keys_contact ON contact_keys (contact_id);

CREATE TABLE contact_aliases (
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  PRIMARY KEY (contact_id, label)
);

CREATE TABLE contact_participants (
  participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE
);
CREATE INDEX contact_participants_contact ON contact_participants (contact_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
}
