import {BugError, XmError} from '../errors/index.js'
import type {ChatSource, OpenedExport} from '../model/importer.js'
import type {ChatKind, ImportIssue, Message, Participant, SourceKind} from '../model/types.js'
import type {PendingMessage} from './ImportTransaction.js'
import {MessageKeyer} from './MessageKeyer.js'
import type {Store} from './Store.js'
import type {ImportFileInfo} from './types.js'

/** Where a stored attachment file ended up (what MediaStore.put returns). */
export interface StoredFile {
  /** Hex SHA-256 of the content. */
  sha256: string
  /** Size in bytes. */
  size: number
  /** Path relative to the workspace. */
  storedPath: string
}

/** Options of importIntoStore. */
export interface ImportIntoStoreOptions {
  /**
   * Stores the content of an attachment file (content-addressed) and says where. Without it,
   * attachment files are not stored (messages keep the file name only).
   */
  storeFile?: (content: AsyncIterable<Uint8Array>) => Promise<StoredFile>
  /** Called now and then with the number of messages read so far from this export. */
  onMessages?: (messages: number) => void
  /** Messages written per batch (default 2048, a multiple of the rows per multi-row INSERT). */
  batchSize?: number
  /**
   * Where the keyed messages come from, chat by chat (default: `keyedBatches` over each
   * `source.messages()` on this thread). A feed that parses elsewhere (a worker thread, see
   * src/services/ParseWorkerFeed.ts) must yield exactly what `keyedBatches` would, and update
   * the chat sources' participants and the export's issues as the importer does.
   */
  feed?: (source: ChatSource, chatIndex: number) => AsyncIterable<PendingMessage[]>
}

/**
 * The chat's messages with their dedupe keys, in batches of `batchSize` (the last may be
 * shorter, never empty), computed on this thread: the default feed of importIntoStore.
 */
export async function* keyedBatches(source: ChatSource, batchSize: number): AsyncGenerator<PendingMessage[]> {
  const keyer = new MessageKeyer()
  let batch: PendingMessage[] = []
  for await (const message of source.messages()) {
    batch.push({message, key: keyer.keyOf(message) ?? (await keyOfMessage(keyer, message, source))})
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/**
 * The message's dedupe key from the chat's keyer; when the keyer has dropped the counts the
 * message needs (a message far out of date order, see MessageKeyer), it recounts from the
 * chat's start first.
 */
export async function keyOfMessage(keyer: MessageKeyer, message: Message, source: ChatSource): Promise<Buffer> {
  const key = keyer.keyOf(message)
  if (key !== null) return key
  await keyer.recount(source.messages())
  const again = keyer.keyOf(message)
  if (again === null) throw new BugError('MessageKeyer.recount left a message without a key.')
  return again
}

/** What one import did to one chat. */
export interface ImportedChat {
  /** The store's id of the chat. */
  id: number
  /** Which importer produced it. */
  source: SourceKind
  /** Title as imported. */
  title: string
  /** Direct or group. */
  kind: ChatKind
  /** Messages added by this import. */
  messagesNew: number
  /** Messages of the export the store already had. */
  messagesKnown: number
  /** Attachment files stored and recorded on messages by this import. */
  attachmentsStored: number
}

/** What importing one export did. JSON-serializable. */
export interface ExportImportResult {
  /** The `imports` row of this run. */
  importId: number
  /** The chats of the export, in export order. */
  chats: ImportedChat[]
  /** Messages added, over all chats. */
  messagesNew: number
  /** Messages already known, over all chats. */
  messagesKnown: number
  /** Attachment files recorded, over all chats. */
  attachmentsStored: number
  /** What the importer (and the import) noticed. */
  issues: ImportIssue[]
}

/**
 * Imports one opened export into the store, as one transaction: either every chat, message,
 * participant and issue of the export is kept, or (on any error, a kill, a Ctrl-C) nothing is.
 * A failure is then recorded as a `failed` import in a separate small transaction, and rethrown.
 *
 * Idempotent: messages are found again by their dedupe key (see MessageKeyer), so importing the
 * same export twice adds nothing and a later, overlapping export adds only what is new.
 *
 * Attachment files are stored (through `options.storeFile`) while the transaction is open; a
 * rolled-back import may leave stored files that no message references yet. They are
 * content-addressed, so a rerun reuses them.
 */
export async function importIntoStore(store: Store, opened: OpenedExport, file: ImportFileInfo, options: ImportIntoStoreOptions = {}): Promise<ExportImportResult> {
  const tx = store.beginImport(file)
  const batchSize = options.batchSize ?? 2048
  const chats: ImportedChat[] = []
  let read = 0
  try {
    for (const [chatIndex, source] of opened.chats.entries()) {
      const chatId = tx.upsertChat(source.info)
      const result: ImportedChat = {
        id: chatId,
        source: source.info.source,
        title: source.info.title,
        kind: source.info.kind,
        messagesNew: 0,
        messagesKnown: 0,
        attachmentsStored: 0,
      }
      const authors = new Set<string>()
      const filesByName = new Map<string, StoredFile>()
      const batches = options.feed?.(source, chatIndex) ?? keyedBatches(source, batchSize)
      // Progress as before: after each full batch, and once at the chat's end.
      let endReported = false
      for await (const batch of batches) {
        const pending = batch
        for (let i = 0; i < pending.length; i++) {
          const item = pending[i] as PendingMessage
          const message = item.message
          if (message.attachment !== null && options.storeFile !== undefined && source.files?.has(message.attachment.name)) {
            pending[i] = {
              message: await withStoredFile(message, item.key, chatId, source, filesByName, options.storeFile, tx.knownAttachment.bind(tx)),
              key: item.key,
            }
          }
          if (message.author !== null && !message.system) authors.add(message.author)
        }
        read += pending.length
        const written = tx.addMessages(chatId, pending)
        result.messagesNew += written.inserted
        result.messagesKnown += written.known
        result.attachmentsStored += written.attachmentsRecorded
        options.onMessages?.(read)
        endReported = pending.length < batchSize
      }
      if (!endReported) options.onMessages?.(read)
      // Participants last: a streaming importer may learn them while reading the messages.
      tx.addParticipants(chatId, withAuthors(source.info.participants, authors))
      chats.push(result)
    }
    // Complete now: importers fill `issues` while their messages stream.
    const issues = [...opened.issues]
    tx.addIssues(issues)
    const total = {
      chats: chats.length,
      messagesNew: sum(chats, (c) => c.messagesNew),
      messagesKnown: sum(chats, (c) => c.messagesKnown),
      attachmentsStored: sum(chats, (c) => c.attachmentsStored),
    }
    tx.commit(total)
    return {
      importId: tx.importId,
      chats,
      messagesNew: total.messagesNew,
      messagesKnown: total.messagesKnown,
      attachmentsStored: total.attachmentsStored,
      issues,
    }
  } catch (error) {
    tx.rollback()
    const failure = error instanceof XmError ? {code: error.code, message: error.message} : {message: error instanceof Error ? error.message : String(error)}
    try {
      store.recordFailedImport(file, tx.startedAt, failure)
    } catch {
      // The store itself failing (disk full, …) must not hide the original error.
    }
    throw error
  }
}

/**
 * Stores the message's attachment file unless the store already holds it for this message, and
 * returns the message with sha256, size and stored path filled in.
 */
async function withStoredFile(
  message: Message,
  key: Buffer,
  chatId: number,
  source: ChatSource,
  filesByName: Map<string, StoredFile>,
  storeFile: NonNullable<ImportIntoStoreOptions['storeFile']>,
  knownAttachment: (chatId: number, key: Buffer) => {sha256: string | null} | undefined,
): Promise<Message> {
  const attachment = message.attachment
  if (attachment === null || source.files === undefined) return message
  const known = knownAttachment(chatId, key)
  if (known?.sha256) return message
  let stored = filesByName.get(attachment.name)
  if (stored === undefined) {
    stored = await storeFile(source.files.open(attachment.name))
    filesByName.set(attachment.name, stored)
  }
  return {...message, attachment: {...attachment, sha256: stored.sha256, size: stored.size, storedPath: stored.storedPath}}
}

/** The importer's participants, then any author it did not list (in order of first message). */
function withAuthors(participants: readonly Participant[], authors: ReadonlySet<string>): Participant[] {
  const listed = new Set(participants.map((p) => p.name))
  const extra: Participant[] = []
  for (const name of authors) if (!listed.has(name)) extra.push({name, phone: null})
  return [...participants, ...extra]
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0
  for (const item of items) total += value(item)
  return total
}
