/**
 * `invite revoke` (issue 16, "a way back"): takes back the invitations of people who have not
 * arrived yet. For each of them:
 * - the tool's own token (XEP-0379, in the links that add the organizer) is dropped from the
 *   ledger and only its hash kept: the arrivals step no longer identifies anyone by it, nor by
 *   elimination someone who carries it, so a subscription request carrying it is never approved
 *   without the organizer saying who it is;
 * - the server's invitation, when one was issued, is noted as revoked with its expiry. Neither
 *   Prosody (mod_invites, 0.12 and 13: tokens are deleted only by an administrator, e.g. through
 *   its shell) nor ejabberd (no XEP-0401 invitations in 23.01) lets an account cancel a token over
 *   XMPP, and XEP-0401 defines no cancel command: the result says until when it stays valid;
 * - the contact is no longer marked to invite (a later `invite` or `migrate` issues fresh links);
 * - their folder of the kit is deleted, and their row (which holds the link) taken out of its index.
 * Nothing goes on the network.
 */
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {listContacts, type ContactRow} from '../contacts/index.js'
import {findContact, setContact} from '../contacts/service.js'
import {UserError} from '../errors/index.js'
import {consoleLanguage, tr} from '../i18n/index.js'
import {ContactRepository, Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {parseInvite} from '../xmpp/invite-uri.js'
import {writePrivateFile} from './kit-files.js'
import {InvitationLedger, type RevokedInvitation} from './InvitationLedger.js'

/** Inputs of {@link revokeInvitations}. */
export interface RevokeRequest {
  /** Contacts (ids or names, `--contact`); every invited person who has not arrived when empty. */
  selectors: string[]
  /** List what would be revoked; change nothing (`--dry-run`). */
  dryRun: boolean
  /** The kit folder (`--out` of `invite`); default: "invitations" in the workspace. */
  kitDir?: string
  /** The clock (tests). */
  now?: () => Date
}

/** One person's outcome. */
export interface RevokedContact {
  /** The contact. */
  contactId: number
  /** Their name. */
  name: string
  /** `revoked` now, `planned` (dry run), `nothing-issued` (marked to invite, but no link was made yet: only the mark is removed). */
  status: 'revoked' | 'planned' | 'nothing-issued'
  /** The tool's own token was (or would be) dropped. */
  personalToken: boolean
  /** The server's invitation, if one was issued: its kind, expiry, and whether the server cancelled it (never, today: see the module comment). */
  serverInvitation: {kind: 'contact-invite' | 'account-invite'; expires: string | null; cancelled: boolean} | null
  /** Their kit folder was (or would be) deleted. */
  kitFolder: string | null
}

/** `invite revoke --json`. */
export interface InviteRevokeResult {
  /** true with `--dry-run`: nothing changed. */
  dryRun: boolean
  /** The kit folder looked at, or null when there is none. */
  kitDir: string | null
  /** One entry per person. */
  contacts: RevokedContact[]
}

/** The token of a server invitation's xmpp: URI, or null when it holds none. */
function tokenOf(uri: string): string | null {
  try {
    return parseInvite(uri).token
  } catch {
    return null
  }
}

/** People invited who have not arrived: marked to invite and still without an address. */
export function pendingInvitees(rows: ContactRow[]): ContactRow[] {
  return rows.filter((c) => !c.isMe && c.invite && c.jid === null)
}

function select(store: Store, selectors: string[]): ContactRow[] {
  const rows = listContacts(store)
  if (selectors.length === 0) return pendingInvitees(rows)
  const repo = ContactRepository.open(store)
  try {
    const chosen = new Map<number, ContactRow>()
    for (const selector of selectors) {
      const contact = findContact(repo, selector, rows)
      if (contact.jid !== null) {
        throw new UserError('INVITE_REVOKE_ARRIVED', tr(consoleLanguage(), 'inviteRevoke.errors.arrived', {name: contact.name, jid: contact.jid}), {suggestions: [tr(consoleLanguage(), 'inviteRevoke.errors.arrivedHint')]})
      }
      chosen.set(contact.id, contact)
    }
    return [...chosen.values()]
  } finally {
    repo.close()
  }
}

/** The kit folder of `contactId` (`<id>-<slug>`, whatever their name was then), or null. */
function kitFolderOf(kitDir: string, contactId: number): string | null {
  if (!existsSync(kitDir)) return null
  const folder = readdirSync(kitDir, {withFileTypes: true}).find((e) => e.isDirectory() && e.name.startsWith(`${contactId}-`) && /^\d+-/.test(e.name) && e.name.split('-')[0] === String(contactId))
  return folder ? join(kitDir, folder.name) : null
}

/** Takes the rows of `contactIds` out of the kit's index (each row is one line, `<tr data-contact="ID">`). */
function dropIndexRows(kitDir: string, contactIds: number[]): void {
  const index = join(kitDir, 'index.html')
  if (!existsSync(index) || contactIds.length === 0) return
  const ids = new Set(contactIds.map(String))
  const lines = readFileSync(index, 'utf8').split('\n')
  const kept = lines.filter((line) => !ids.has(/^<tr data-contact="(\d+)">/.exec(line)?.[1] ?? ''))
  if (kept.length !== lines.length) writePrivateFile(kitDir, 'index.html', kept.join('\n'))
}

/**
 * Revokes (see the module comment). Fails with NOTHING_IMPORTED, CONTACT_NOT_FOUND,
 * CONTACT_AMBIGUOUS, INVITE_REVOKE_ARRIVED (a named person already has an address),
 * INVITATIONS_LEDGER_DAMAGED and the store's UserErrors.
 */
export function revokeInvitations(workspace: Workspace, request: RevokeRequest): InviteRevokeResult {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', tr(consoleLanguage(), 'inviteRevoke.errors.nothingImported', {dir: workspace.dir}), {suggestions: [tr(consoleLanguage(), 'inviteRevoke.errors.nothingImportedHint')]})
  }
  const now = request.now ?? (() => new Date())
  const kitDir = request.kitDir ?? workspace.path('invitations')
  const store = Store.open(workspace.storePath)
  let people: ContactRow[]
  try {
    people = select(store, request.selectors)
  } finally {
    store.close()
  }
  const ledger = InvitationLedger.load(workspace)
  const contacts: RevokedContact[] = []
  for (const person of people) {
    const personal = ledger.personalInvitations().get(person.id) ?? null
    const server = ledger.serverInvitation(person.id)
    const folder = kitFolderOf(kitDir, person.id)
    const entry: RevokedContact = {
      contactId: person.id,
      name: person.name,
      status: personal === null && server === null ? 'nothing-issued' : request.dryRun ? 'planned' : 'revoked',
      personalToken: personal !== null,
      serverInvitation: server === null ? null : {kind: server.kind, expires: server.expires, cancelled: false},
      kitFolder: folder,
    }
    contacts.push(entry)
    if (request.dryRun) continue
    // The ledger first: once saved, the token is dead even if what follows is interrupted.
    const note: RevokedInvitation | null = ledger.revoke(person.id, now(), false, server === null ? null : tokenOf(server.uri))
    ledger.save()
    if (note === null && entry.status === 'revoked') entry.status = 'nothing-issued'
    if (person.invite) setContact(workspace, String(person.id), {invite: false})
    if (folder !== null) rmSync(folder, {recursive: true, force: true})
  }
  if (!request.dryRun) dropIndexRows(kitDir, contacts.map((c) => c.contactId))
  return {dryRun: request.dryRun, kitDir: existsSync(kitDir) ? kitDir : null, contacts}
}
