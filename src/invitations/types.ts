/** The invitation kit's public types (JSON-serializable: `invite --json`). */

import type {ContactTone} from '../contacts/types.js'
import type {Lang} from '../i18n/index.js'

/** A language the kit is written in (one of the catalogue's). */
export type KitLanguage = Lang

/**
 * Where a contact stands: `has-account` (they have an XMPP address: added to the roster),
 * `invited` (a server-issued invitation creates their account), `no-jid` (no address and no
 * server invitation: the link adds the inviter once they made an account somewhere).
 */
export type InvitationStatus = 'has-account' | 'invited' | 'no-jid'

/**
 * What a link does: `contact-invite` (XEP-0379 server invitation, `?roster;preauth=`),
 * `account-invite` (XEP-0401 `?register;preauth=`), `roster` (plain `?roster`, XEP-0147).
 */
export type LinkKind = 'contact-invite' | 'account-invite' | 'roster'

/** A room the contact is asked to join. */
export interface KitRoom {
  /** The group's name (as in WhatsApp or Signal). */
  name: string
  /** The room's address, or null when the room was not created yet (`rooms create`). */
  address: string | null
  /** `xmpp:room@muc?join`, or null without an address. */
  joinUri: string | null
  /** QR code files of `joinUri` (relative to the kit folder), once written; null without an address. */
  qr: {png: string; svg: string} | null
}

/** A server-issued invitation (XEP-0401 ad-hoc command result). */
export interface ServerInvitation {
  /** Which command made it. */
  kind: 'contact-invite' | 'account-invite'
  /** The xmpp: URI with the token. */
  uri: string
  /** The server's landing page, or null when the server has none. */
  landingUrl: string | null
  /** When the token stops working (ISO 8601), or null when the server did not say. */
  expires: string | null
}

/**
 * How a person without an address gets in (issue 20), decided from what the server returned and
 * who the organizer is, never assumed:
 * - `has-account`: they have an address; they are added to the contacts and to their rooms.
 * - `link-creates-account`: the link creates their account on `server` (a contact invitation
 *   carrying `ibr=y`, or an administrator's account invitation).
 * - `register-in-app`: `server` lets anyone register: they create the account there in the app,
 *   then open the link (it adds the organizer).
 * - `register-on-web`: `server` registers new accounts on a web page only (`registrationUrl`).
 * - `account-elsewhere`: nobody can create an account on `server` without its administrator:
 *   they create one with a public provider, then open the link.
 */
export type WayIn = 'has-account' | 'link-creates-account' | 'register-in-app' | 'register-on-web' | 'account-elsewhere'

/** One contact's invitation, as the kit and `--json` show it. */
export interface ContactInvitation {
  /** The contact's id in the book. */
  contactId: number
  /** Display name. */
  name: string
  /** Their XMPP address, or null. */
  jid: string | null
  /** The language of their page and message. */
  language: KitLanguage
  /** How their French page and message address them: "tu" (the default) or "vous". */
  tone?: ContactTone
  /** See InvitationStatus. */
  status: InvitationStatus
  /** See WayIn: what will really happen for this person. */
  wayIn: WayIn
  /** The server their account is to be created on (`link-creates-account`, `register-in-app`, `register-on-web`), else null. */
  server: string | null
  /** The server's registration web page (`register-on-web`), else null. */
  registrationUrl: string | null
  /**
   * The username their page suggests (unique per invitation), so that their arrival is
   * recognised for sure when they take it; null when they do not create an account here.
   */
  suggestedUsername: string | null
  /** What the link does. */
  linkKind: LinkKind
  /** The xmpp: URI (holds a token for server invitations: a secret). */
  uri: string
  /**
   * For an account invitation (it creates the account but adds no contact): the plain
   * `xmpp:inviter?roster` link to open afterwards; else null.
   */
  contactUri: string | null
  /** The web link (landing page), or null when there is none (then the kit gives `uri`). */
  webUrl: string | null
  /** Expiry of a server invitation (ISO 8601), or null. */
  expires: string | null
  /** The groups they are invited to. */
  rooms: KitRoom[]
  /** Files written for them, relative to the kit folder. */
  files: {page: string; message: string; png: string; svg: string}
  /** Roster outcome for contacts with a JID: `added` (item set, subscription asked and pre-approved), `failed: …`, or null. */
  roster: string | null
}

/** What `invite` returns (and prints with `--json`). */
export interface InvitationKit {
  /** The kit folder (absolute). */
  out: string
  /** The inviting account (bare JID). */
  inviter: string
  /** The inviter's display name on the pages. */
  inviterName: string
  /** One entry per contact. */
  contacts: ContactInvitation[]
  /** Things to know (server version problems, invitations not offered, …). */
  warnings: {code: string; message: string}[]
}
