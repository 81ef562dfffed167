/**
 * The backup-v2 frames in their proto3 JSON shape (libsignal backup.proto; fact sheet §2–§3):
 * what `main.jsonl` holds line by line, and what {@link decodeToJson} makes of binary frames.
 * Only the fields the importer reads; every field is optional because proto3 JSON omits
 * defaults. 64-bit integers are decimal strings, bytes base64, enums names.
 */

/** Line 1 / first message of the stream. */
export interface BackupInfoJson {
  /** Backup format version (1). */
  version?: string
  /** When the backup was made, ms since the epoch. */
  backupTimeMs?: string
}

/** One frame: exactly one of its keys is present (a oneof). */
export interface FrameJson {
  /** The account owner's profile (first frame). */
  account?: AccountJson
  /** A person, group, story list, release notes or call link. */
  recipient?: RecipientJson
  /** A conversation with one recipient. */
  chat?: ChatJson
  /** A message or an update item. */
  chatItem?: ChatItemJson
}

/** The account owner's profile; no ACI nor phone number (fact sheet §2.1). */
export interface AccountJson {
  /** Profile given name. */
  givenName?: string
  /** Profile family name. */
  familyName?: string
  /** Signal username. */
  username?: string
}

/** A recipient: `id` is file-local; one destination key is present. */
export interface RecipientJson {
  /** Id referenced by chats and chat items of this file only. */
  id?: string
  /** Another person. */
  contact?: ContactJson
  /** A group. */
  group?: GroupJson
  /** A story distribution list (My Story): never a chat. */
  distributionList?: Record<string, unknown>
  /** The account owner. */
  self?: Record<string, unknown>
  /** Signal's release notes channel: never a chat. */
  releaseNotes?: Record<string, unknown>
  /** A call link: never a chat. */
  callLink?: Record<string, unknown>
}

/** A person (libsignal `Contact`). */
export interface ContactJson {
  /** ACI, 16 bytes base64. */
  aci?: string
  /** Phone number digits without "+". */
  e164?: string
  /** Signal username. */
  username?: string
  /** Profile name, given part. */
  profileGivenName?: string
  /** Profile name, family part. */
  profileFamilyName?: string
  /** Address-book given name. */
  systemGivenName?: string
  /** Address-book family name. */
  systemFamilyName?: string
  /** Address-book nickname. */
  systemNickname?: string
}

/** A group (libsignal `Group`). */
export interface GroupJson {
  /** 32-byte master key, base64: stable group identity. */
  masterKey?: string
  /** The group state when the backup was made. */
  snapshot?: {
    /** Current title. */
    title?: {title?: string}
    /** Current members. */
    members?: Array<{userId?: string; role?: string}>
  }
}

/** A conversation (libsignal `Chat`). */
export interface ChatJson {
  /** File-local id referenced by chat items. */
  id?: string
  /** The recipient the chat is with (contact, group or self). */
  recipientId?: string
}

/** A chat item (libsignal `ChatItem`). */
export interface ChatItemJson {
  /** The chat it belongs to. */
  chatId?: string
  /** Recipient id of the author. */
  authorId?: string
  /** Sender's timestamp (ms); quotes and reactions refer to it. */
  dateSent?: string
  /** Disappearing-message timer; such items are left out (fact sheet §3, §5.7). */
  expiresInMs?: string
  /** Earlier versions of an edited message, oldest first. */
  revisions?: ChatItemJson[]
  /** Present on received items. */
  incoming?: Record<string, unknown>
  /** Present on sent items. */
  outgoing?: Record<string, unknown>
  /** Present on items without direction (updates). */
  directionless?: Record<string, unknown>
  /** An ordinary message. */
  standardMessage?: StandardMessageJson
  /** A shared contact card. */
  contactMessage?: {contact?: {name?: {givenName?: string; familyName?: string}}; reactions?: ReactionJson[]}
  /** A sticker. */
  stickerMessage?: {sticker?: {emoji?: string}; reactions?: ReactionJson[]}
  /** Deleted for everyone: nothing of it remains. */
  remoteDeletedMessage?: Record<string, unknown>
  /** A group change, call, timer change… */
  updateMessage?: UpdateMessageJson
  /** A view-once message (its media is not kept). */
  viewOnceMessage?: {reactions?: ReactionJson[]}
  /** A poll. */
  poll?: {question?: string}
  /** Payment notifications, gift badges, story replies: not migrated. */
  paymentNotification?: Record<string, unknown>
  giftBadge?: Record<string, unknown>
  directStoryReplyMessage?: Record<string, unknown>
}

/** libsignal `StandardMessage`. */
export interface StandardMessageJson {
  /** What the message replies to. */
  quote?: {targetSentTimestamp?: string; authorId?: string; text?: {body?: string}}
  /** The body. */
  text?: {body?: string}
  /** Attached files; the first gives `Message.attachment`. */
  attachments?: Array<{pointer?: FilePointerJson}>
  /** Reactions on the message. */
  reactions?: ReactionJson[]
}

/** libsignal `FilePointer`. */
export interface FilePointerJson {
  /** MIME type. */
  contentType?: string
  /** Original file name (often absent for gallery photos). */
  fileName?: string
  /** Where the bytes are. */
  locatorInfo?: {plaintextHash?: string; localKey?: string; size?: number}
}

/** libsignal `Reaction`. */
export interface ReactionJson {
  /** The emoji. */
  emoji?: string
  /** Recipient id of who reacted. */
  authorId?: string
  /** When it was sent (ms). */
  sentTimestamp?: string
}

/** libsignal `ChatUpdateMessage`: one key present. */
export interface UpdateMessageJson {
  simpleUpdate?: {type?: string}
  groupChange?: {updates?: GroupChangeUpdateJson[]}
  expirationTimerChange?: {expiresInMs?: string}
  profileChange?: {previousName?: string; newName?: string}
  individualCall?: {type?: string; direction?: string; state?: string}
  groupCall?: Record<string, unknown>
}

/** One libsignal `GroupChangeChatUpdate.Update`: one key present; ACIs base64. */
export interface GroupChangeUpdateJson {
  genericGroupUpdate?: {updaterAci?: string}
  groupCreationUpdate?: {updaterAci?: string}
  groupNameUpdate?: {updaterAci?: string; newGroupName?: string}
  groupAvatarUpdate?: {updaterAci?: string; wasRemoved?: boolean}
  groupDescriptionUpdate?: {updaterAci?: string; newDescription?: string}
  groupMemberLeftUpdate?: {aci?: string}
  groupMemberRemovedUpdate?: {removerAci?: string; removedAci?: string}
  groupInvitationAcceptedUpdate?: {inviterAci?: string; newMemberAci?: string}
  groupMemberJoinedUpdate?: {newMemberAci?: string}
  groupMemberAddedUpdate?: {updaterAci?: string; newMemberAci?: string}
  groupMemberJoinedByLinkUpdate?: {newMemberAci?: string}
}
