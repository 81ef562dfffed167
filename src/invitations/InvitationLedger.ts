/**
 * Server invitations already issued, per contact, kept in the workspace (a secret file, 0600) so
 * that running `invite` again gives each person the same link instead of a new token each time
 * (the old one would still work, but two links for one person confuse).
 */
import {existsSync, readFileSync} from 'node:fs'

import type {Workspace} from '../workspace.js'
import type {ServerInvitation} from './types.js'

/** The ledger file, relative to the workspace. */
export const LEDGER_FILE = 'invitations.json'

interface LedgerEntry extends ServerInvitation {
  /** The inviting account: a token is only reused for the same inviter. */
  inviter: string
}

/** One day: a link expiring sooner than that is replaced (the kit may take a day to reach them). */
const MIN_REMAINING_MS = 86_400_000

export class InvitationLedger {
  readonly #workspace: Workspace
  readonly #entries: Record<string, LedgerEntry>

  private constructor(workspace: Workspace, entries: Record<string, LedgerEntry>) {
    this.#workspace = workspace
    this.#entries = entries
  }

  /** Reads the ledger (empty when absent or unreadable: the worst outcome is a new token). */
  static load(workspace: Workspace): InvitationLedger {
    const path = workspace.path(LEDGER_FILE)
    let entries: Record<string, LedgerEntry> = {}
    if (existsSync(path)) {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as {version?: number; contacts?: Record<string, LedgerEntry>}
        if (parsed.version === 1 && parsed.contacts && typeof parsed.contacts === 'object') entries = parsed.contacts
      } catch {
        entries = {}
      }
    }
    return new InvitationLedger(workspace, entries)
  }

  /** The invitation issued to `contactId` by `inviter`, if it is still valid for a day at `now`. */
  reusable(contactId: number, inviter: string, now: Date): ServerInvitation | null {
    const entry = this.#entries[String(contactId)]
    if (!entry || entry.inviter !== inviter) return null
    if (entry.expires !== null && new Date(entry.expires).getTime() - now.getTime() < MIN_REMAINING_MS) return null
    const {inviter: _inviter, ...invitation} = entry
    return invitation
  }

  /** Records an invitation (kept in memory until {@link save}). */
  record(contactId: number, inviter: string, invitation: ServerInvitation): void {
    this.#entries[String(contactId)] = {...invitation, inviter}
  }

  /** Writes the ledger (mode 0600, atomically). */
  save(): void {
    this.#workspace.writeSecretFile(LEDGER_FILE, `${JSON.stringify({version: 1, contacts: this.#entries}, null, 2)}\n`)
  }
}
