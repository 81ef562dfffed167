/**
 * The normalized model: what every importer (WhatsApp, Signal, Telegram) produces and what the
 * store keeps. Source-side identifiers are kept (`sourceId`) so that a rerun finds what an earlier
 * run made. See docs/glossary.md for the terms.
 */

/** Where a chat came from. */
export type SourceKind = 'whatsapp' | 'signal' | 'telegram'

/** A one-to-one conversation or a group. */
export type ChatKind = 'direct' | 'group'

/**
 * What a message is. `text` is an ordinary message; the others mark what the source wrote in
 * place of (or next to) a body, so later steps can render or skip them knowingly.
 */
export type MessageKind =
  | 'text'
  | 'media' // an attached file (see Message.attachment)
  | 'media-omitted' // media that the export left out ("<Media omitted>", "image omitted")
  | 'deleted' // "This message was deleted"
  | 'edited' // a body followed by "<This message was edited>"
  | 'poll'
  | 'location'
  | 'live-location'
  | 'call' // "Missed voice call"
  | 'view-once'
  | 'contact' // a shared contact card
  | 'system' // an event the messaging app wrote itself (see Message.system)

/** A person taking part in a chat, as the export names them. */
export interface Participant {
  /** Display name exactly as exported (bidi controls removed, trimmed): "Maman", "~ Léa", "+33 6 12 34 56 78". */
  name: string
  /** The phone number in E.164 when the label (or the source) gives one, else null. */
  phone: string | null
  /** A stable id given by the source (Signal service id, Telegram user id), else null. */
  sourceId?: string | null
}

/** A file that came with a message. */
export interface Attachment {
  /** The file name as the export references it (in a .zip: an entry name). */
  name: string
  /** The media type when known (from the extension or the source), e.g. `image/jpeg`. */
  mediaType: string | null
  /** Size in bytes when the file itself was available, else null. */
  size: number | null
  /** Hex SHA-256 of the content when it was stored, else null. */
  sha256: string | null
  /** Path of the stored copy relative to the workspace (content-addressed), else null. */
  storedPath: string | null
}

/** One message (or system event) of a chat. */
export interface Message {
  /**
   * When the message was sent. WhatsApp: the wall-clock time exactly as written by the exporting
   * phone, `YYYY-MM-DDTHH:MM:SS`, no zone and no conversion (exports carry no offset; see the
   * WhatsApp fact sheet §12). Signal: an absolute instant, ISO 8601 UTC with milliseconds
   * (`2024-05-03T08:00:00.123Z`), the time the message was first sent (an edit keeps it).
   * Telegram: the wall-clock `date` as written (`YYYY-MM-DDTHH:MM:SS`, the exporting machine's
   * local time); the instant is in `instant`.
   */
  date: string
  /** The sender label as exported, or null for a system event. */
  author: string | null
  /** The body, continuation lines joined with `\n`, bidi controls removed, trimmed. */
  text: string
  /** The attached file, or null (omitted-media placeholders are not attachments). */
  attachment: Attachment | null
  /** True for events the messaging app generated (group created, member added, …). */
  system: boolean
  /** What the message is. */
  kind: MessageKind
  /** The id the source gives the message (Signal, Telegram), else null (WhatsApp has none). */
  sourceId?: string | null
  /** 1-based line number in the export where the message starts, when the source is text. */
  line?: number
  /** The message this one replies to (Signal quotes), when it is a reply. */
  replyTo?: QuotedMessage | null
  /** Reactions people put on this message (Signal); a reaction is never a message of its own. */
  reactions?: Reaction[]
  /** True when the sender edited the message: `text` is the latest version, `date` the first. */
  edited?: boolean
  /**
   * The instant the message was sent, ISO 8601 UTC, when the source gives it besides a
   * wall-clock `date` (Telegram: `date_unixtime`, while `date` is the exporting machine's local
   * time as written). Not kept by the store yet.
   */
  instant?: string
  /** Who the message was forwarded from, as the source names them (Telegram `forwarded_from`). */
  forwardedFrom?: string
}

/** The message a reply quotes, as the reply carries it. */
export interface QuotedMessage {
  /** `Message.sourceId` of the quoted message when the source names it, else null. */
  sourceId: string | null
  /** Display name of the quoted message's author, or null when unknown. */
  author: string | null
  /** The quoted text as the reply shows it, `""` when there is none (e.g. a quoted photo). */
  text: string
}

/** A reaction (an emoji) someone put on a message. */
export interface Reaction {
  /** The emoji, exactly as sent. */
  emoji: string
  /** Display name of who reacted (same rules as `Message.author`). */
  author: string
  /** Who reacted, by the source's id (Signal service id, or `self` for the account owner), when known. */
  authorSourceId?: string | null
  /** When the reaction was sent, in the form of `Message.date`, or null when unknown. */
  date: string | null
}

/** What an importer knows about a chat before its messages are read. */
export interface ChatInfo {
  /** Which importer produced it. */
  source: SourceKind
  /**
   * Identifier of the chat in its source. Signal/Telegram give one; for WhatsApp it is derived
   * from the chat's title, so a later export of the same chat maps to the same chat.
   */
  sourceId: string
  /** Group title, or the other person's name for a direct chat. */
  title: string
  /** Direct or group. */
  kind: ChatKind
  /** Everyone who wrote in the chat or is named by it, in order of first appearance. */
  participants: Participant[]
}

/** A chat with all its messages in memory (small inputs, tests, `parse`). */
export interface Chat extends ChatInfo {
  messages: Message[]
}

/** Severity of something an importer noticed. */
export type IssueSeverity = 'warning' | 'error'

/** Something an importer noticed and did not stop for: a guess, a skipped line, a missing file. */
export interface ImportIssue {
  severity: IssueSeverity
  /** Stable code, e.g. `WA_DATE_ORDER_ASSUMED`. */
  code: string
  /** A sentence for the person, saying what was assumed and how to override it. */
  message: string
  /** The file (or archive entry) concerned. */
  file?: string
  /** 1-based line number, when it applies. */
  line?: number
}
