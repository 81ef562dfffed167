/**
 * `invite`: for each selected contact, make sure they can join (roster entry and subscription
 * for those with an address, a server invitation or a plain link for the others), then write
 * the kit: a printable page, a message and QR codes per contact, and an index.
 */
import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {getMe, getWorkspaceLanguage, listContacts, type ContactRow} from '../contacts/index.js'
import {personTone} from '../contacts/language.js'
import {findContact} from '../contacts/service.js'
import {UserError, XmError} from '../errors/index.js'
import {consoleLanguage, formatList, t} from '../i18n/index.js'
import {QrCodeCache} from '../qr/index.js'
import {ContactRepository, Store, ArrivalRepository} from '../store/index.js'
import {RoomRepository, type StoredRoom} from '../store/RoomRepository.js'
import type {Workspace} from '../workspace.js'
import {INVITE_NODES, issueInvitation} from '../xmpp/adhoc-invites.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {discoverServer, type ServerInfo} from '../xmpp/discovery.js'
import {parseInvite} from '../xmpp/invite-uri.js'
import {addContact, getRoster, type RosterItem} from '../xmpp/roster.js'
import {phoneCountry} from '../contacts/phone.js'
import {proposeProviders, providersKitHtml, providersKitText} from '../providers/index.js'
import {probeSelfRegistrationLike, type SelfRegistration} from '../xmpp/registration-probe.js'
import {loadServerInfo} from '../xmpp/server-info-file.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {InvitationLedger} from './InvitationLedger.js'
import {contactFolderName, makePrivateDir, writePrivateFile} from './kit-files.js'
import {primaryLink, renderContactPage, renderIndex, renderMessage} from './kit-pages.js'
import {kitLanguage, kitTexts} from './kit-texts.js'
import {chooseLink, createsAccount, invitationCommand, type InvitationCommand} from './link-choice.js'
import {checkLandingBase, joinUri, webLink} from './links.js'
import type {KitWarning} from './server-warnings.js'
import type {ContactInvitation, InvitationKit, KitLanguage, KitRoom, ServerInvitation} from './types.js'

/** Inputs of {@link inviteContacts}. */
export interface InviteRequest {
  /** The kit folder (`--out`); created 0700. */
  out: string
  /** Contacts to invite (ids or names); empty: every contact with an address or marked to invite. */
  selectors: string[]
  /** `--lang`: language for contacts without their own (before the workspace's). */
  lang?: KitLanguage
  /** `--landing-base`: invitation page taking the xmpp: URI in its fragment. */
  landingBase?: string
  /** false with `--no-server-invites`: plain links even when the server offers invitations. */
  serverInvites: boolean
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests): returns an authenticated session. */
  connect?: () => Promise<XmppSession>
  /** The clock (tests). */
  now?: () => Date
  /** false with `--no-landing`: bare xmpp: links even where a web page could carry them. */
  landing?: boolean
  /** Replaces the live registration probe (tests). */
  probeRegistration?: () => Promise<SelfRegistration>
  /** Called as each contact's invitation is made (the command's progress bar): done so far, total. */
  onProgress?: (done: number, total: number) => void
}

/**
 * The web invitation page used when the server has none and `--landing-base` is not given: it
 * reads the whole xmpp: URI from the part after `#`, which browsers never send to the site
 * (XEP-0379 §4 landing pages; easy-xmpp-invitation, served at xmpp.link).
 */
export const DEFAULT_LANDING_BASE = 'https://xmpp.link/'

/** A username to suggest for `name`: ASCII letters and digits, words joined by dots (`Mamie Jeanne` → `mamie.jeanne`). */
export function suggestUsername(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  const words = ascii.split(/[^a-z0-9]+/).filter((w) => w !== '')
  const joined = words.join('.').slice(0, 24).replace(/\.+$/, '')
  return joined.length >= 2 ? joined : `ami${joined}`
}

function openStore(workspace: Workspace): Store {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', t('errors.store.nothingImported', {dir: workspace.dir}), {suggestions: [t('errors.store.importFirst')]})
  }
  return Store.open(workspace.storePath)
}

/** The contacts to invite: the named ones, else everyone with an address or marked to invite (never me). */
function selectContacts(store: Store, selectors: string[]): ContactRow[] {
  const rows = listContacts(store)
  if (selectors.length === 0) return rows.filter((c) => !c.isMe && (c.status === 'has-jid' || c.status === 'invite'))
  const repo = ContactRepository.open(store)
  try {
    const chosen = new Map<number, ContactRow>()
    for (const selector of selectors) {
      const contact = findContact(repo, selector, rows)
      if (contact.isMe) {
        throw new UserError('INVITE_ME', t('errors.invitations.isMe', {selector, name: contact.name}), {suggestions: [t('errors.invitations.isMeFix')]})
      }
      chosen.set(contact.id, contact)
    }
    return [...chosen.values()]
  } finally {
    repo.close()
  }
}

function storedRooms(store: Store): Map<number, StoredRoom> {
  const repo = RoomRepository.open(store)
  try {
    return repo.rooms()
  } finally {
    repo.close()
  }
}

function roomsOf(contact: ContactRow, rooms: Map<number, StoredRoom>): KitRoom[] {
  return contact.chats
    .filter((c) => c.kind === 'group')
    .map((chat) => {
      const address = rooms.get(chat.id)?.address ?? null
      return {name: chat.title, address, joinUri: address ? joinUri(address) : null, qr: null}
    })
}

async function serverInfoFor(workspace: Workspace, session: XmppSession): Promise<ServerInfo> {
  const stored = loadServerInfo(workspace)
  if (stored && stored.domain === session.options.domain) return stored
  return discoverServer(session)
}

/** Replaces the token of a server invitation in `text` (console output and `--json` without `--show-links`). */
export function hideToken(text: string, uri: string): string {
  let token: string
  try {
    token = parseInvite(uri).token
  } catch {
    return text
  }
  return text.split(token).join('[hidden]')
}

/**
 * Runs `invite` (see the module comment). Roster changes are pipelined, then server invitations
 * are asked for contact by contact; a roster failure is recorded on the contact and the others
 * go on. Fails with NOTHING_IMPORTED, CONTACT_NOT_FOUND,
 * CONTACT_AMBIGUOUS, INVITE_ME, INVITE_LANDING_BASE_INVALID, INVITE_NO_CONTACTS, the
 * connection's and the store's UserErrors.
 */
export async function inviteContacts(workspace: Workspace, request: InviteRequest): Promise<InvitationKit> {
  if (request.landingBase !== undefined) checkLandingBase(request.landingBase)
  const now = request.now ?? (() => new Date())
  const out = resolve(request.out)
  const store = openStore(workspace)
  let session: XmppSession | undefined
  try {
    const contacts = selectContacts(store, request.selectors)
    if (contacts.length === 0) {
      throw new UserError('INVITE_NO_CONTACTS', t('errors.invitations.noContacts'), {
        suggestions: [t('errors.invitations.noContactsMark'), t('errors.invitations.noContactsName')],
      })
    }
    const me = getMe(store)
    const workspaceLanguage = getWorkspaceLanguage(store)
    const rooms = storedRooms(store)

    session = await (request.connect ? request.connect() : connectFromWorkspace(workspace, request.connection))
    const loggedIn = session
    const inviter = (session.boundJid ?? '').split('/')[0]?.toLowerCase() ?? ''
    const inviterName = me?.name ?? inviter.split('@')[0] ?? inviter
    const info = await serverInfoFor(workspace, session)
    const warnings: KitWarning[] = []
    const ledger = InvitationLedger.load(workspace)
    // The roster before any invitation: whoever appears in it later, and is nobody's address,
    // came through an invitation (the arrivals step). Recorded once, by the first run.
    const roster: RosterItem[] = await getRoster(session)
    const arrivals = ArrivalRepository.open(store)
    try {
      arrivals.recordBaseline(roster.map((i) => i.jid))
    } finally {
      arrivals.close()
    }
    let selfRegistration: SelfRegistration | null = null
    const probe = async (): Promise<SelfRegistration> => {
      if (selfRegistration === null) {
        try {
          selfRegistration = await (request.probeRegistration ?? (() => probeSelfRegistrationLike(loggedIn)))()
        } catch (error) {
          if (error instanceof XmError && /CONNECTION|TIMEOUT/.test(error.code)) throw error
          selfRegistration = {mode: 'unknown', url: null}
        }
      }
      return selfRegistration
    }
    const refused = new Set<InvitationCommand>()
    const noAccountCreation = new Set<InvitationCommand>()

    const rosterOutcomes = await addToRoster(session, contacts, rooms, roster, {
      approvedBefore: (jid) => ledger.wasPreApproved(inviter, jid),
      notePreApproved: (jid) => ledger.notePreApproved(inviter, jid),
    })
    const invitations: ContactInvitation[] = []
    for (const contact of contacts) {
      request.onProgress?.(invitations.length, contacts.length)
      const language = kitLanguage(contact.language, request.lang, workspaceLanguage)
      const kitRooms = roomsOf(contact, rooms)
      const rosterOutcome = rosterOutcomes.get(contact.id) ?? null
      let issued: ServerInvitation | null = null
      if (!contact.jid) {
        // A contact invitation that cannot create accounts (Prosody's default for users who
        // are not administrators) is of no use to someone without an account: not asked again.
        const prior = ledger.serverInvitation(contact.id)
        if (prior !== null && !createsAccount(prior)) refused.add('contact')
        for (let command = invitationCommand(info.invites, request.serverInvites, refused); command !== null; command = invitationCommand(info.invites, request.serverInvites, refused)) {
          const kind = command === 'contact' ? 'contact-invite' : 'account-invite'
          const kept = ledger.reusable(contact.id, inviter, now())
          if (kept?.kind === kind && createsAccount(kept)) {
            issued = kept
            break
          }
          try {
            const fresh: ServerInvitation = {kind, ...(await issueInvitation(session, command === 'contact' ? INVITE_NODES.contact : INVITE_NODES.account))}
            ledger.record(contact.id, inviter, fresh)
            if (createsAccount(fresh)) {
              issued = fresh
              break
            }
            refused.add(command)
            noAccountCreation.add(command)
          } catch (error) {
            if (!(error instanceof UserError) || (error.code !== 'INVITE_NOT_ALLOWED' && error.code !== 'INVITE_NOT_OFFERED')) throw error
            warnings.push({code: error.code, message: error.message})
            refused.add(command)
          }
        }
      }
      const personal = contact.jid === null ? ledger.personal(contact.id, suggestUsername(contact.name), now()) : null
      const needsProbe = contact.jid === null && (issued === null || !createsAccount(issued))
      const {landingUrl, ...link} = chooseLink({hasJid: contact.jid !== null, issued, inviter, inviterName, personal, selfRegistration: needsProbe ? await probe() : null})
      if (personal) ledger.noteServer(contact.id, link.server)
      invitations.push({
        contactId: contact.id,
        name: contact.name,
        jid: contact.jid,
        language,
        tone: personTone(contact.tone),
        ...link,
        webUrl: request.landing === false ? null : webLink(link.uri, {landingUrl, landingBase: request.landingBase ?? DEFAULT_LANDING_BASE}),
        rooms: kitRooms,
        files: {page: '', message: '', png: '', svg: ''},
        roster: rosterOutcome,
      })
    }
    ledger.save()
    if (noAccountCreation.has('contact')) {
      const others = invitations.filter((i) => i.wayIn === 'register-in-app' || i.wayIn === 'register-on-web' || i.wayIn === 'account-elsewhere')
      warnings.push({
        code: 'INVITE_NO_ACCOUNT_CREATION',
        message: t('commands.invite.noAccountCreation', {inviter, hasOthers: String(others.length > 0), others: formatList(consoleLanguage(), others.map((i) => i.name)), elsewhere: String(others.some((i) => i.wayIn === 'account-elsewhere')), domain: inviter.split('@')[1] ?? ''}),
      })
    }

    await writeKit(out, invitations, inviterName, request.lang ?? consoleLanguage(), new Map(contacts.map((c) => [c.id, c.phone])))
    return {out, inviter, inviterName, contacts: invitations, warnings}
  } finally {
    await session?.close()
    store.close()
  }
}

/** How many roster changes are in flight together (see {@link addToRoster}). */
const ROSTER_PIPELINE = 32

/**
 * Adds every contact that has an address to the roster (with their rooms as groups), pipelined:
 * up to {@link ROSTER_PIPELINE} roster sets in flight, instead of one round trip each (issue 17:
 * half of a 183-contact run was spent waiting). Each contact's own stanzas keep their order
 * (set, then subscriptions). Returns each contact's outcome by id: `added`, `already`, or
 * `failed: …` (a refusal for one contact, e.g. a bad address, does not stop the others); a lost
 * connection or a timeout stops the run.
 */
async function addToRoster(
  session: XmppSession,
  contacts: ContactRow[],
  rooms: Map<number, StoredRoom>,
  roster: RosterItem[],
  approvals: {approvedBefore: (jid: string) => boolean; notePreApproved: (jid: string) => void},
): Promise<Map<number, string>> {
  const outcomes = new Map<number, string>()
  const queue = contacts.filter((c) => c.jid)
  let next = 0
  let stopped: unknown = null
  const lane = async (): Promise<void> => {
    while (next < queue.length && stopped === null) {
      const contact = queue[next++] as ContactRow
      try {
        const jid = (contact.jid as string).split('/')[0]?.toLowerCase() ?? ''
        const added = await addContact(session, {jid, name: contact.name, groups: roomsOf(contact, rooms).map((r) => r.name)}, roster, {approvedBefore: approvals.approvedBefore(jid)})
        if (added.preApproved) approvals.notePreApproved(jid)
        outcomes.set(contact.id, added.subscriptionRequested || added.preApproved ? 'added' : 'already')
      } catch (error) {
        if (error instanceof XmError && /CONNECTION|TIMEOUT/.test(error.code)) {
          stopped ??= error
          return
        }
        outcomes.set(contact.id, `failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(ROSTER_PIPELINE, queue.length)}, lane))
  if (stopped !== null) throw stopped
  return outcomes
}

/**
 * Public providers for someone who must create their account elsewhere (`account-elsewhere`):
 * two or three where the app creates the account, in their language, near their country (their
 * phone number's), as a page fragment and message lines.
 */
function providersFor(invitation: ContactInvitation, phone: string | null): {html: string; text: string} {
  if (invitation.wayIn !== 'account-elsewhere') return {html: '', text: ''}
  const country = phoneCountry(phone)
  const picks = proposeProviders({lang: invitation.language, ...(country ? {country} : {}), limit: 3, inAppOnly: true})
  if (picks.length === 0) return {html: '', text: ''}
  const lines = providersKitText(invitation.language, picks, invitation.uri, invitation.tone ?? null)
  // The message already ends with the link: keep the providers and the "or another server" line.
  const link = lines.indexOf(invitation.uri)
  const text = (link > 0 ? [...lines.slice(0, link - 1), ...lines.slice(link + 1)] : lines).join('\n')
  return {html: providersKitHtml(invitation.language, picks, invitation.uri, invitation.tone ?? null), text}
}

/** Writes every contact's folder and the index; fills each invitation's `files` (relative paths). */
async function writeKit(out: string, invitations: ContactInvitation[], inviterName: string, indexLanguage: KitLanguage, phones: ReadonlyMap<number, string | null> = new Map()): Promise<void> {
  makePrivateDir(out)
  // The same links come back for many contacts (the inviter's, each room's): encoded once.
  const codes = new QrCodeCache()
  for (const invitation of invitations) {
    const folder = contactFolderName(invitation.contactId, invitation.name)
    const dir = join(out, folder)
    makePrivateDir(dir)
    const link = primaryLink(invitation)
    const t = kitTexts(invitation.language, invitation.tone ?? null)
    const svg = await codes.svg(link, t.step2Title)
    writePrivateFile(dir, 'qr.svg', svg)
    writePrivateFile(dir, 'qr.png', await codes.png(link))
    const providers = providersFor(invitation, phones.get(invitation.contactId) ?? null)
    writePrivateFile(dir, 'invitation.html', renderContactPage(invitation, inviterName, svg, providers.html))
    writePrivateFile(dir, 'message.txt', renderMessage(invitation, inviterName, providers.text))
    invitation.files = {page: `${folder}/invitation.html`, message: `${folder}/message.txt`, png: `${folder}/qr.png`, svg: `${folder}/qr.svg`}
    // One QR code per room link too (XEP-0147 ?join): printed or shown when an invitation to a
    // group does not reach them.
    let n = 0
    for (const room of invitation.rooms) {
      if (room.joinUri === null) continue
      n++
      writePrivateFile(dir, `room-${n}.svg`, await codes.svg(room.joinUri, room.name))
      writePrivateFile(dir, `room-${n}.png`, await codes.png(room.joinUri))
      room.qr = {png: `${folder}/room-${n}.png`, svg: `${folder}/room-${n}.svg`}
    }
  }
  writePrivateFile(out, 'index.html', renderIndex(invitations, indexLanguage, inviterName))
}
