/**
 * What the store hands out: plain, JSON-serializable rows (no SQLite types leak out of
 * src/store/). Dates of messages are wall-clock strings as exported (`YYYY-MM-DDTHH:MM:SS`);
 * dates of store events (`createdAt`, `startedAt`, …) are real instants in ISO 8601 UTC.
 */
import type {Attachment, ChatKind, IssueSeverity, MessageKind, Participant, QuotedMessage, Reaction, SourceKind} from '../model/types.js'

/** A chat as the store keeps it, with its counters. */
export interface StoredChat {
  /** The store's id of the chat (what `chats` shows and `--chat ID` takes). */
  id: number
  /** Which importer produced it. */
  source: SourceKind
  /** The chat's id in its source (derived from the title for WhatsApp). */
  sourceId: string
  /** Title as last imported. */
  title: string
  /** Direct or group, as last imported. */
  kind: ChatKind
  /** Number of messages (system events included). */
  messageCount: number
  /** Wall-clock date of the earliest message, or null for a chat without messages. */
  firstDate: string | null
  /** Wall-clock date of the latest message, or null for a chat without messages. */
  lastDate: string | null
  /** When the chat was first imported (ISO 8601 UTC). */
  createdAt: string
  /** When an import last touched the chat (ISO 8601 UTC). */
  updatedAt: string
}

/** A participant as stored: the model's fields plus its order of first appearance. */
export interface StoredParticipant extends Participant {
  /** The store's id of the participant. */
  id: number
  /** 1-based order of first appearance in the chat, over all imports. */
  position: number
}

/** A chat with its participants. */
export interface StoredChatWithParticipants extends StoredChat {
  /** Participants in order of first appearance. */
  participants: StoredParticipant[]
}

/** A message as stored. */
export interface StoredMessage {
  /** The store's id of the message. */
  id: number
  /** The chat it belongs to. */
  chatId: number
  /** Wall-clock time as exported, `YYYY-MM-DDTHH:MM:SS`. */
  date: string
  /** Sender label as exported, or null for a system event. */
  author: string | null
  /** The body. */
  text: string
  /** What the message is. */
  kind: MessageKind
  /** True for events the messaging app generated. */
  system: boolean
  /** The id the source gives the message, else null. */
  sourceId: string | null
  /** 1-based line in the export of the import that added it, when the source is text. */
  line: number | null
  /** The import that added it. */
  importId: number
  /** The attached file, or null. */
  attachment: Attachment | null
  /** The message this one replies to, when the source says (Signal). */
  replyTo?: QuotedMessage
  /** Reactions on the message, when the source has them (Signal). */
  reactions?: Reaction[]
  /** True when the sender edited the message (Signal). */
  edited?: boolean
}

/** How an import run ended. */
export type ImportStatus = 'done' | 'failed'

/** One import run of one export. */
export interface StoredImport {
  /** The store's id of the import. */
  id: number
  /** The path the person gave. */
  path: string
  /** The source detected, or null when the export could not be opened. */
  source: SourceKind | null
  /** Size in bytes of the file when it was imported, when known. */
  fileSize: number | null
  /** Modification time of the file (ISO 8601 UTC), when known. */
  fileMtime: string | null
  /** When the run started (ISO 8601 UTC). */
  startedAt: string
  /** When the run ended (ISO 8601 UTC), null while it runs. */
  finishedAt: string | null
  /** `done` (committed) or `failed` (rolled back; only this row remains). */
  status: ImportStatus
  /** Chats the export held. */
  chats: number
  /** Messages this run added. */
  messagesNew: number
  /** Messages of the export the store already had. */
  messagesKnown: number
  /** Attachment files this run recorded on messages. */
  attachmentsStored: number
  /** Error code of a failed run, else null. */
  errorCode: string | null
  /** Error message of a failed run, else null. */
  errorMessage: string | null
}

/** An issue kept with the import that produced it. */
export interface StoredImportIssue {
  /** The import that produced it. */
  importId: number
  severity: IssueSeverity
  /** Stable code, e.g. `WA_DATE_ORDER_ASSUMED`. */
  code: string
  /** The sentence for the person. */
  message: string
  /** The file concerned, or null. */
  file: string | null
  /** 1-based line, or null. */
  line: number | null
}

/** What is known about the file of an import before it starts. */
export interface ImportFileInfo {
  /** The path the person gave. */
  path: string
  /** The source detected, or null when the export could not be opened. */
  source: SourceKind | null
  /** Size in bytes, when known. */
  fileSize?: number | null
  /** Modification time (ISO 8601 UTC), when known. */
  fileMtime?: string | null
}
