import type {ChatInfo, ImportIssue, Message, SourceKind} from './types.js'

/**
 * A chat as an importer hands it over: what is known up front, and its messages as a stream
 * (exports can be larger than memory). `messages()` may be called more than once; each call
 * reads the input again from the start.
 */
export interface ChatSource {
  info: ChatInfo
  /** How many messages `messages()` yields, when the importer knows it up front (progress bars). */
  messageCount?: number
  /** Streams the chat's messages in file order. */
  messages(): AsyncIterable<Message>
  /**
   * Files referenced by the chat that are available (e.g. .zip entries), keyed by the name
   * `Message.attachment.name` uses. Absent when the export carries no files.
   */
  files?: FileProvider
}

/** Gives access to the files of an export (entries of a .zip, files of a folder). */
export interface FileProvider {
  /** True when the export holds a file with that name. */
  has(name: string): boolean
  /** Names of every file (not the chat text itself). */
  names(): string[]
  /**
   * Streams a file's content. Fails (with a UserError) when the content inflates past the
   * size limit or the archive is corrupt.
   */
  open(name: string): AsyncIterable<Uint8Array>
}

/** The result of opening an export: one or more chats and what was noticed on the way. */
export interface OpenedExport {
  source: SourceKind
  /** The path the person gave. */
  path: string
  chats: ChatSource[]
  /** Issues found while reading; filled while `messages()` streams, complete after it ends. */
  issues: ImportIssue[]
}
