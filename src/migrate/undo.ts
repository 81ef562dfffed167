/**
 * What can be undone (issue 16, "a way back"), as the exact commands to run: the rooms this tool
 * created (`rooms destroy`), the invitations not used yet (`invite revoke`). Pure: read from the
 * status, shown by `status` and the flow's summary, and in `status --json`.
 */
import type {MigrationStatus} from './status.js'

/** One thing that can be undone. */
export interface UndoCommand {
  /** What it undoes: the rooms created, or the invitations not used yet. */
  what: 'rooms' | 'invitations'
  /** How many rooms or people. */
  count: number
  /** The command that undoes all of it. */
  command: string
  /** The command for one of them (a placeholder to fill in). */
  one: string
}

/** The undo commands for `status` (empty when nothing was created or issued). */
export function undoCommands(status: Pick<MigrationStatus, 'rooms' | 'arrivals'>): UndoCommand[] {
  const undo: UndoCommand[] = []
  // i18n-ignore: commands to run (code, not sentences)
  if (status.rooms.created > 0) undo.push({what: 'rooms', count: status.rooms.created, command: 'xmpp-migrate rooms destroy', one: 'xmpp-migrate rooms destroy --chat ID'})
  // i18n-ignore: commands to run (code, not sentences)
  if (status.arrivals.waiting.length > 0) undo.push({what: 'invitations', count: status.arrivals.waiting.length, command: 'xmpp-migrate invite revoke', one: 'xmpp-migrate invite revoke --contact NAME'})
  return undo
}
