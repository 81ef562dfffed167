/** The contact book's public types (JSON-serializable: they are the commands' `--json`). */
import type {ContactChatRef} from '../store/index.js'

export type {ContactChatRef} from '../store/index.js'

/** A language texts to a contact can be written in. */
export type ContactLanguage = 'fr' | 'en'

/** How French texts to a contact address them: "tu" (families and friends, the default) or "vous". */
export type ContactTone = 'tu' | 'vous'

/**
 * Where a contact stands for the migration: `me` (the person migrating, never invited),
 * `has-jid` (has an XMPP address: added to rooms), `invite` (no address yet, the person asked to
 * invite them), `no-jid` (no address, nothing decided).
 */
export type ContactStatus = 'me' | 'has-jid' | 'invite' | 'no-jid'

/** A contact as `contacts` lists it. */
export interface ContactRow {
  /** The store's id (what `contacts set <id>` takes). A merge keeps the lower of two ids. */
  id: number
  /** Display name: the saved name from the exports, else the push name, else the number; or what the person set. */
  name: string
  /** Every label the exports (and imported address books) used for this person. */
  aliases: string[]
  /** E.164, or as written when no region was known to read it; null when unknown. */
  phone: string | null
  /** The contact's XMPP address (bare JID), or null. */
  jid: string | null
  /** Language for texts sent to them; null: the workspace's. */
  language: ContactLanguage | null
  /** How French texts address them; null: never said (texts use "tu"). */
  tone: ContactTone | null
  /** E-mail address, or null. */
  email: string | null
  /** True when the person asked to invite them (they have no XMPP account yet). */
  invite: boolean
  /** True for the person themself. */
  isMe: boolean
  /** The imported chats they are in, by chat id. */
  chats: ContactChatRef[]
  /** See ContactStatus. */
  status: ContactStatus
}

/** One member of an imported chat, as rooms and invitations need it. */
export interface ChatMember {
  /** The contact's id. */
  contactId: number
  /** Display name. */
  name: string
  /** XMPP address, or null (then: invite them, or leave them out). */
  jid: string | null
  /** Language for texts to them; null: the workspace's. */
  language: 'fr' | 'en' | null
  /** How French texts address them; null: never said (texts use "tu"). */
  tone: ContactTone | null
  /** True for the person themself (the room's owner; never invited). */
  isMe: boolean
  /** True when the person asked to invite this contact (never true for me). */
  invite: boolean
  /** E.164 (or as written), or null. */
  phone: string | null
}

/** A contact proposed as "me". */
export interface MeCandidate {
  /** The contact's id. */
  id: number
  /** Its display name. */
  name: string
  /** How many imported chats it is in. */
  chats: number
}

/**
 * Who the person themself is: `set` (they said so: `contacts me`), `sure` (detected without
 * doubt), `unsure` (several or weak candidates: ask them), `none` (nothing to go on yet).
 */
export interface MeDetection {
  status: 'set' | 'sure' | 'unsure' | 'none'
  /** The contact when `set` or `sure`, else null. */
  contactId: number | null
  /** Who it could be, best first (when `unsure`; the chosen one otherwise). */
  candidates: MeCandidate[]
  /** Why, in a sentence. */
  reason: string
}

/** Something the contact book noticed and did not stop for. */
export interface ContactWarning {
  /** Stable code, e.g. `CONTACTS_NO_REGION`. */
  code: string
  /** A sentence saying what happened and what to do. */
  message: string
}

/** What a re-derivation of the contact book did. */
export interface RefreshSummary {
  /** Contacts in the book afterwards. */
  contacts: number
  /** Contacts created for people seen for the first time. */
  created: number
  /** Contacts merged into another (a phone number, source id or name proved them one person). */
  merged: number
  /** Chat participants newly linked to a contact. */
  linked: number
  /** Who "me" is. */
  me: MeDetection
  /** Local numbers without a region, merge conflicts, … */
  warnings: ContactWarning[]
}
