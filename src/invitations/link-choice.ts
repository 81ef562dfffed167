/**
 * Which link a contact gets, and what it will really do for them (pure).
 */
import type {SelfRegistration} from '../xmpp/registration-probe.js'
import {parseInvite} from '../xmpp/invite-uri.js'
import {rosterUri} from './links.js'
import type {ContactInvitation, InvitationStatus, LinkKind, ServerInvitation, WayIn} from './types.js'

/** An XEP-0401 command: `contact` (urn:xmpp:invite#invite) or `account` (#create-account). */
export type InvitationCommand = 'contact' | 'account'

/**
 * The server command to use for a contact without an address: a contact invitation when
 * offered (it creates the account when allowed and makes both contacts, even while the
 * inviter is offline: XEP-0379), else an account invitation (admins), else none (plain link).
 * `enabled` is false with `--no-server-invites`; `refused` holds the commands the server
 * already refused in this run (not asked again for every contact).
 */
export function invitationCommand(offer: {contactInvites: boolean; accountInvites: boolean}, enabled: boolean, refused: ReadonlySet<InvitationCommand>): InvitationCommand | null {
  if (!enabled) return null
  if (offer.contactInvites && !refused.has('contact')) return 'contact'
  if (offer.accountInvites && !refused.has('account')) return 'account'
  return null
}

/** true when a server invitation can create an account (an account invitation, or a contact invitation with `ibr=y`). */
export function createsAccount(issued: ServerInvitation): boolean {
  if (issued.kind === 'account-invite') return true
  try {
    return parseInvite(issued.uri).allowsRegistration
  } catch {
    return false
  }
}

/** The link part of a contact's invitation (without files, rooms and roster outcome). */
export type LinkChoice = Pick<ContactInvitation, 'status' | 'linkKind' | 'uri' | 'contactUri' | 'expires' | 'wayIn' | 'server' | 'registrationUrl' | 'suggestedUsername'> & {
  /** The server's landing page for `uri`, or null. */
  landingUrl: string | null
}

/** What decides a contact's link. */
export interface LinkFacts {
  /** true when the contact has an XMPP address. */
  hasJid: boolean
  /** The server invitation issued for them, or null. */
  issued: ServerInvitation | null
  /** The organizer's bare JID. */
  inviter: string
  /** The organizer's name as the contact knows it. */
  inviterName: string
  /** The token and username the tool gave them (see PersonalInvitation), or null for contacts with an address. */
  personal: {token: string; username: string} | null
  /** Whether anyone may register on the organizer's server by themselves, or null when not known. */
  selfRegistration: SelfRegistration | null
}

/**
 * The link for one contact and what it does (see WayIn). Theirs has an address → the plain
 * `?roster` link (`has-account`). A server invitation that creates accounts → its URI
 * (`invited`; an account invitation adds the link to open afterwards, carrying our own token,
 * as it makes no contact). Otherwise (no invitation, or one that only adds a contact) the link
 * is `?roster` with our own XEP-0379 token, and the way in depends on the server's own
 * registration: open (in the app), a web page, or none (a public provider). The server's
 * contact token that cannot create an account is never handed out: Prosody 0.12.3–0.12.4 fail
 * on a subscription carrying it, and our own token tells us who arrived.
 */
export function chooseLink(facts: LinkFacts): LinkChoice {
  const {inviter, inviterName, personal} = facts
  const domain = inviter.split('@')[1] ?? inviter
  const plain = rosterUri(inviter, {name: inviterName})
  const withToken = personal ? rosterUri(inviter, {name: inviterName, preauth: personal.token}) : plain
  const none = {contactUri: null, expires: null, landingUrl: null, registrationUrl: null}
  if (facts.hasJid) return {...none, uri: plain, linkKind: 'roster' as LinkKind, status: 'has-account' satisfies InvitationStatus, wayIn: 'has-account', server: null, suggestedUsername: null}
  const issued = facts.issued
  if (issued && createsAccount(issued)) {
    return {
      status: 'invited',
      wayIn: 'link-creates-account',
      linkKind: issued.kind,
      uri: issued.uri,
      contactUri: issued.kind === 'account-invite' ? withToken : null,
      expires: issued.expires,
      landingUrl: issued.landingUrl,
      registrationUrl: null,
      server: domain,
      suggestedUsername: personal?.username ?? null,
    }
  }
  const mode = facts.selfRegistration?.mode ?? 'unknown'
  let wayIn: WayIn = 'account-elsewhere'
  if (mode === 'open') wayIn = 'register-in-app'
  else if (mode === 'web') wayIn = 'register-on-web'
  const here = wayIn !== 'account-elsewhere'
  return {
    ...none,
    status: 'no-jid',
    wayIn,
    linkKind: 'roster',
    uri: withToken,
    registrationUrl: facts.selfRegistration?.mode === 'web' ? facts.selfRegistration.url : null,
    server: here ? domain : null,
    suggestedUsername: here ? (personal?.username ?? null) : null,
  }
}
