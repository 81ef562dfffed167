/**
 * Which link a contact gets (pure).
 */
import {rosterUri} from './links.js'
import type {ContactInvitation, InvitationStatus, LinkKind, ServerInvitation} from './types.js'

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

/** The link part of a contact's invitation (without files, rooms and roster outcome). */
export type LinkChoice = Pick<ContactInvitation, 'status' | 'linkKind' | 'uri' | 'contactUri' | 'expires'> & {
  /** The server's landing page for `uri`, or null. */
  landingUrl: string | null
}

/**
 * The link for one contact: theirs has an address → the plain `?roster` link to the inviter
 * (`has-account`); a server invitation → its URI (`invited`; an account invitation adds the
 * plain link to open afterwards, as it makes no contact); else the plain link (`no-jid`: they
 * need an account somewhere first).
 */
export function chooseLink(hasJid: boolean, issued: ServerInvitation | null, inviter: string, inviterName: string): LinkChoice {
  const plain = rosterUri(inviter, {name: inviterName})
  const base = {uri: plain, contactUri: null, expires: null, landingUrl: null, linkKind: 'roster' as LinkKind}
  if (hasJid) return {...base, status: 'has-account' satisfies InvitationStatus}
  if (!issued) return {...base, status: 'no-jid'}
  return {
    status: 'invited',
    linkKind: issued.kind,
    uri: issued.uri,
    contactUri: issued.kind === 'account-invite' ? plain : null,
    expires: issued.expires,
    landingUrl: issued.landingUrl,
  }
}
