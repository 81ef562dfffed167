import type {Migration} from './migrations.js'

/**
 * Version 5: the tone of French texts to each contact (issue 13).
 *
 * - `contacts.tone`: `tu` or `vous`, how texts sent to this person in French address them (room
 *   invitations, kit pages, history posts). Null: never said, texts use "tu" (families and
 *   friends, the people this tool is for). Set by the person only (`contacts set --tone`, the
 *   guided flow's question per group), never by a re-derivation of the contact book.
 */
export const migrationV5Tone: Migration = {
  version: 5,
  description: 'contact tone',
  sql: `
ALTER TABLE contacts ADD COLUMN tone TEXT CHECK (tone IN ('tu', 'vous'));
`,
}
