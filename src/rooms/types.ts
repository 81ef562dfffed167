/**
 * The rooms step's data (issue 5): what the planner reads and what it plans. Pure data,
 * JSON-serializable where it is output (`rooms plan --json`, `rooms create --json`).
 */

/**
 * A person of an imported chat as the contact book sees them. Same shape as
 * `ChatMember` of src/contacts/index.ts (the contacts module's contract), restated here so
 * the planner can be used and tested without the store.
 */
export interface ChatMember {
  /** The contact's id in the contact book. */
  contactId: number
  /** Display name. */
  name: string
  /** Their XMPP address (bare JID), or null when not known yet. */
  jid: string | null
  /** Language for messages to them, or null (the workspace default applies). */
  language: 'fr' | 'en' | null
  /** How French texts address them (`tu`/`vous`); null or absent: "tu". */
  tone?: 'tu' | 'vous' | null
  /** true for the person running the migration (never a member of their own room: the owner). */
  isMe: boolean
  /** true when they should get an invitation to create an account (issue 6). */
  invite: boolean
  /** E.164 phone number, or null. */
  phone: string | null
}

/** A group chat to turn into a room. */
export interface RoomSourceChat {
  /** The store's chat id. */
  chatId: number
  /** The group's title as exported; becomes the room name as is. */
  title: string
  /** Optional room description, or null. */
  description: string | null
  /** Everyone of the chat, me included (flagged). */
  members: ChatMember[]
}

/** What the store remembers of a chat's room (see RoomRepository). */
export interface StoredRoomState {
  /** The chat id. */
  chatId: number
  /** The address chosen for it (kept across runs: the plan is stable). */
  address: string
  /** true once the server confirmed the room exists and is ours (created or adopted). */
  created: boolean
  /** Signature of the configuration last submitted (see configSignature), or null. */
  configSignature: string | null
  /** Bare JIDs (lowercase) whose member affiliation was set and verified. */
  affiliated: ReadonlySet<string>
  /** Bare JIDs (lowercase) invited (mediated and direct both sent). */
  invited: ReadonlySet<string>
  /** true once the XEP-0402 bookmark was published. */
  bookmarked: boolean
}

/**
 * Who holds an address on the MUC service: `free` (disco#info says item-not-found), `mine`
 * (the person is an owner), `other` (exists and is not ours: never touched).
 */
export type AddressState = 'free' | 'mine' | 'other'

/** The configuration a room should have; `configSignature` of it is stored once applied. */
export interface RoomConfigWish {
  /** Room name (muc#roomconfig_roomname): the group title as is. */
  name: string
  /** Room description, or '' for none. */
  description: string
  /** true: open, listed, semi-anonymous room; false: private group (members-only, hidden, non-anonymous). */
  public: boolean
  /** A room password (public rooms only), or null. Never stored; only whether one is set is. */
  password: string | null
}

/** A member of a planned room (has a JID). */
export interface PlannedMember {
  /** Contact id. */
  contactId: number
  /** Display name. */
  name: string
  /** Bare JID, lowercase. */
  jid: string
  /** Language of their invitation, or null for the workspace default. */
  language: 'fr' | 'en' | null
  /** How a French invitation addresses them (`tu`/`vous`); null or absent: "tu". */
  tone?: 'tu' | 'vous' | null
}

/** A participant who cannot be a member yet: no JID. */
export interface PendingParticipant {
  /** Contact id. */
  contactId: number
  /** Display name. */
  name: string
  /** Phone number, or null. */
  phone: string | null
}

/** What applying the plan does to one room. */
export type RoomAction = 'create' | 'update' | 'unchanged'

/** The plan for one group chat. */
export interface RoomPlan {
  /** The store's chat id. */
  chatId: number
  /** The room address (`local@muc-service`). */
  address: string
  /** Room name (the group title as is). */
  name: string
  /** Description, or '' for none. */
  description: string
  /** true when planned as a public room (`--public`). */
  public: boolean
  /** Members to affiliate and invite (contacts with a JID, me excluded), by JID. */
  members: PlannedMember[]
  /** Participants still without a JID (not members yet). */
  pending: PendingParticipant[]
  /** create (new room), update (exists and ours: reconcile), unchanged (all done). */
  action: RoomAction
  /** What an update would do, in words: `configure`, `member x@y`, `invite x@y`, `bookmark`. */
  changes: string[]
  /** true when the address was not chosen before (first plan, or the stored one was taken). */
  newAddress: boolean
}

/** A whole plan. */
export interface RoomsPlan {
  /** The MUC service the rooms live on. */
  mucService: string
  /** One entry per group chat, by chat id. */
  rooms: RoomPlan[]
}
