/**
 * Server invitations already issued, per contact, kept in the workspace (a secret file, 0600) so
 * that running `invite` again gives each person the same link instead of a new token each time
 * (the old one would still work, but two links for one person confuse).
 */
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import type {ServerInvitation} from './types.js'
import {t} from '../i18n/index.js'

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

/**
 * An invitation taken back (`invite revoke`, issue 16). The tokens themselves are not kept: the
 * tool's own token is dead (a later invitation gets a new one), and a server's token is left to
 * the server, which offers accounts no way to cancel it (its expiry is kept to say until when it works).
 */
export interface RevokedInvitation {
  /** When it was revoked (ISO 8601). */
  revokedAt: string
  /** The tool's own token was dropped (its links no longer add the organizer without a question). */
  personal: boolean
  /** The server's invitation that was recorded, if any: its kind and expiry. */
  server: {kind: ServerInvitation['kind']; expires: string | null; cancelled: boolean} | null
  /** SHA-256 (hex) of the tokens revoked: enough to recognise one used later, without keeping the secret. */
  tokenHashes?: string[]
}

/** The SHA-256 (hex) of a token, as RevokedInvitation.tokenHashes keeps it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export class InvitationLedger {
  readonly #workspace: Workspace
  readonly #entries: Record<string, LedgerEntry>
  readonly #personal: Record<string, PersonalInvitation>
  /** Per inviter, the addresses whose subscription was pre-approved on a server that keeps pre-approvals. */
  readonly #approved: Record<string, string[]>
  readonly #revoked: Record<string, RevokedInvitation[]>

  private constructor(workspace: Workspace, entries: Record<string, LedgerEntry>, personal: Record<string, PersonalInvitation>, approved: Record<string, string[]> = {}, revoked: Record<string, RevokedInvitation[]> = {}) {
    this.#workspace = workspace
    this.#entries = entries
    this.#personal = personal
    this.#approved = approved
    this.#revoked = revoked
  }

  /**
   * Reads the ledger (empty when absent). A ledger that cannot be read stops here (issue 14):
   * going on would issue new tokens while the old ones, unrecorded, stay valid. Fails with
   * INVITATIONS_LEDGER_DAMAGED naming the file.
   */
  static load(workspace: Workspace): InvitationLedger {
    const path = workspace.path(LEDGER_FILE)
    if (!existsSync(path)) return new InvitationLedger(workspace, {}, {})
    let parsed: {version?: unknown; contacts?: unknown; personal?: unknown; approved?: unknown}
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as {version?: unknown; contacts?: unknown; personal?: unknown; approved?: unknown}
    } catch (error) {
      throw damaged(path, error instanceof SyntaxError ? t('errors.invitations.ledgerWhy.notJson') : (error as Error).message, error)
    }
    const contacts = parsed?.contacts
    if (parsed === null || typeof parsed !== 'object' || parsed.version !== 1 || contacts === null || typeof contacts !== 'object' || Array.isArray(contacts)) {
      throw damaged(path, parsed?.version !== undefined && parsed.version !== 1 ? t('errors.invitations.ledgerWhy.version', {version: String(parsed.version)}) : t('errors.invitations.ledgerWhy.content'))
    }
    for (const [id, entry] of Object.entries(contacts as Record<string, unknown>)) {
      const e = entry as Partial<LedgerEntry> | null
      if (!/^\d+$/.test(id) || e === null || typeof e !== 'object' || typeof e.uri !== 'string' || typeof e.inviter !== 'string') throw damaged(path, t('errors.invitations.ledgerWhy.entry', {id}))
    }
    const personal = parsed.personal ?? {}
    if (personal === null || typeof personal !== 'object' || Array.isArray(personal)) throw damaged(path, t('errors.invitations.ledgerWhy.personal'))
    for (const [id, entry] of Object.entries(personal as Record<string, unknown>)) {
      const p = entry as Partial<PersonalInvitation> | null
      if (!/^\d+$/.test(id) || p === null || typeof p !== 'object' || typeof p.token !== 'string' || typeof p.username !== 'string') throw damaged(path, t('errors.invitations.ledgerWhy.personalEntry', {id}))
    }
    // Only spares requests on a rerun (see wasPreApproved): when unreadable, they are sent again.
    const approved: Record<string, string[]> = {}
    if (parsed.approved !== null && typeof parsed.approved === 'object' && !Array.isArray(parsed.approved)) {
      for (const [inviter, jids] of Object.entries(parsed.approved as Record<string, unknown>)) {
        if (Array.isArray(jids) && jids.every((j) => typeof j === 'string')) approved[inviter] = jids as string[]
      }
    }
    const revoked = (parsed as {revoked?: unknown}).revoked ?? {}
    if (revoked === null || typeof revoked !== 'object' || Array.isArray(revoked) || !Object.values(revoked).every((list) => Array.isArray(list))) throw damaged(path, t('errors.invitations.ledgerWhy.revoked'))
    return new InvitationLedger(workspace, contacts as Record<string, LedgerEntry>, personal as Record<string, PersonalInvitation>, approved, revoked as Record<string, RevokedInvitation[]>)
  }

  /**
   * Whether `inviter` already pre-approved `jid`'s subscription (RFC 6121 §3.4) on a server that
   * keeps pre-approvals. Prosody keeps them but does not show them in the roster, so without this
   * note every rerun sent them again (issue 17: 183 roster writes on the server for nothing).
   */
  wasPreApproved(inviter: string, jid: string): boolean {
    return this.#approved[inviter]?.includes(jid) ?? false
  }

  /** Notes a pre-approval (kept in memory until {@link save}). */
  notePreApproved(inviter: string, jid: string): void {
    const list = (this.#approved[inviter] ??= [])
    if (!list.includes(jid)) list.push(jid)
  }

  /**
   * Takes back what was issued to `contactId`: the tool's own token and the recorded server
   * invitation are dropped (a later invitation issues fresh ones) and noted as revoked.
   * `serverCancelled` says whether the server's token was cancelled on the server. Returns the
   * note, or null when nothing had been issued. Kept in memory until {@link save}.
   */
  revoke(contactId: number, now: Date, serverCancelled = false, serverToken: string | null = null): RevokedInvitation | null {
    const id = String(contactId)
    const personal = this.#personal[id]
    const server = this.#entries[id]
    if (personal === undefined && server === undefined) return null
    const tokens = [personal?.token, server === undefined ? null : serverToken].filter((x): x is string => typeof x === 'string' && x !== '')
    const note: RevokedInvitation = {
      revokedAt: now.toISOString(),
      personal: personal !== undefined,
      server: server === undefined ? null : {kind: server.kind, expires: server.expires, cancelled: serverCancelled},
      tokenHashes: tokens.map(tokenHash),
    }
    delete this.#personal[id]
    delete this.#entries[id]
    ;(this.#revoked[id] ??= []).push(note)
    return note
  }

  /** true when `token` belongs to an invitation that was revoked (`invite revoke`). */
  isRevokedToken(token: string): boolean {
    const hash = tokenHash(token)
    return Object.values(this.#revoked).some((notes) => notes.some((n) => n.tokenHashes?.includes(hash) === true))
  }

  /** The invitations revoked for `contactId`, oldest first. */
  revokedInvitations(contactId: number): RevokedInvitation[] {
    return [...(this.#revoked[String(contactId)] ?? [])]
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
    this.#workspace.writeSecretFile(LEDGER_FILE, `${JSON.stringify({version: 1, contacts: this.#entries, personal: this.#personal, approved: this.#approved, ...(Object.keys(this.#revoked).length > 0 ? {revoked: this.#revoked} : {})}, null, 2)}\n`)
  }
}

function damaged(path: string, why: string, cause?: unknown): UserError {
  return new UserError('INVITATIONS_LEDGER_DAMAGED', t('errors.invitations.ledgerDamaged', {path, why}), {
    ...(cause === undefined ? {} : {cause}),
    suggestions: [
      t('errors.invitations.ledgerBackup'),
      t('errors.invitations.ledgerOtherwise'),
    ],
  })
}
