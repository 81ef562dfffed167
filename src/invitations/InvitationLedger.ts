/**
 * Server invitations already issued, per contact, kept in the workspace (a secret file, 0600) so
 * that running `invite` again gives each person the same link instead of a new token each time
 * (the old one would still work, but two links for one person confuse).
 */
import {randomBytes} from 'node:crypto'
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

/**
 * What the tool itself gave one person, kept for good (their links must stay the same on every
 * run): a XEP-0379 token of our own, put in the links that add the organizer (the arrivals step
 * recognises it in their subscription request and approves it), and the username suggested to
 * them.
 */
export interface PersonalInvitation {
  /** The token (24 characters of [A-Za-z0-9_-]): a secret until used. */
  token: string
  /** The username suggested on their page, unique among the invitations. */
  username: string
  /** When it was made (ISO 8601). */
  createdAt: string
  /** The domain they were told to create their account on; null for any provider (set by each kit run). */
  server?: string | null
}

export class InvitationLedger {
  readonly #workspace: Workspace
  readonly #entries: Record<string, LedgerEntry>
  readonly #personal: Record<string, PersonalInvitation>

  private constructor(workspace: Workspace, entries: Record<string, LedgerEntry>, personal: Record<string, PersonalInvitation>) {
    this.#workspace = workspace
    this.#entries = entries
    this.#personal = personal
  }

  /** Reads the ledger (empty when absent or unreadable: the worst outcome is a new token). */
  static load(workspace: Workspace): InvitationLedger {
    const path = workspace.path(LEDGER_FILE)
    let entries: Record<string, LedgerEntry> = {}
    let personal: Record<string, PersonalInvitation> = {}
    if (existsSync(path)) {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as {version?: number; contacts?: Record<string, LedgerEntry>; personal?: Record<string, PersonalInvitation>}
        if (parsed.version === 1 && parsed.contacts && typeof parsed.contacts === 'object') entries = parsed.contacts
        if (parsed.version === 1 && parsed.personal && typeof parsed.personal === 'object') personal = parsed.personal
      } catch {
        entries = {}
      }
    }
    return new InvitationLedger(workspace, entries, personal)
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

  /**
   * The personal invitation of `contactId`, made on first use: a fresh token, and `username`
   * made unique among the others (a number added when taken). Kept in memory until {@link save}.
   */
  personal(contactId: number, username: string, now: Date): PersonalInvitation {
    const known = this.#personal[String(contactId)]
    if (known) return known
    const taken = new Set(Object.values(this.#personal).map((p) => p.username))
    let unique = username
    for (let n = 2; taken.has(unique); n++) unique = `${username}${n}`
    const made = {token: randomBytes(18).toString('base64url'), username: unique, createdAt: now.toISOString()}
    this.#personal[String(contactId)] = made
    return made
  }

  /** Notes where `contactId` was told to create their account (see PersonalInvitation.server). */
  noteServer(contactId: number, server: string | null): void {
    const known = this.#personal[String(contactId)]
    if (known) known.server = server
  }

  /** Every personal invitation, by contact id. */
  personalInvitations(): Map<number, PersonalInvitation> {
    return new Map(Object.entries(this.#personal).map(([id, p]) => [Number(id), p]))
  }

  /** The server invitation recorded for `contactId` (whatever its expiry), or null. */
  serverInvitation(contactId: number): ServerInvitation | null {
    const entry = this.#entries[String(contactId)]
    if (!entry) return null
    const {inviter: _inviter, ...invitation} = entry
    return invitation
  }

  /** Writes the ledger (mode 0600, atomically). */
  save(): void {
    this.#workspace.writeSecretFile(LEDGER_FILE, `${JSON.stringify({version: 1, contacts: this.#entries, personal: this.#personal}, null, 2)}\n`)
  }
}
