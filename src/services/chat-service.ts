import {existsSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {ChatKind, SourceKind} from '../model/types.js'
import {Store, type StoredChatWithParticipants, type StoredParticipant} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {t} from '../i18n/index.js'

/** One imported chat as `chats` lists it. JSON-serializable. */
export interface ChatListRow {
  /** The store's id of the chat (what `--chat ID` takes). */
  id: number
  /** Which importer produced it. */
  source: SourceKind
  /** Group title, or the other person's name for a direct chat. */
  title: string
  /** Direct or group. */
  kind: ChatKind
  /** Number of participants. */
  participants: number
  /** Their exported names, in order of first appearance. */
  participantNames: string[]
  /** Number of messages (system events included). */
  messages: number
  /** Wall-clock date of the first message as exported, or null when the chat has none. */
  firstDate: string | null
  /** Wall-clock date of the last message as exported, or null when the chat has none. */
  lastDate: string | null
}

/** One chat in detail (`chats show`). JSON-serializable. */
export interface ChatDetails extends Omit<ChatListRow, 'participants'> {
  /** The chat's id in its source (for WhatsApp, derived from the title). */
  sourceId: string
  /** Everyone named by the chat, with their phone number when known. */
  participants: Pick<StoredParticipant, 'name' | 'phone'>[]
  /** Number of participants. */
  participantCount: number
  /** When the chat was first imported (ISO 8601 UTC). */
  importedAt: string
  /** When an import last touched it (ISO 8601 UTC). */
  updatedAt: string
}

/**
 * The imported chats of the workspace, by id. An empty list when nothing was imported yet (the
 * workspace is not created by listing it).
 *
 * Fails with the store's UserErrors (STORE_CORRUPT, STORE_TOO_NEW, STORE_BUSY).
 */
export async function listChats(workspace: Workspace): Promise<ChatListRow[]> {
  if (!existsSync(workspace.storePath)) return []
  const store = Store.open(workspace.storePath)
  try {
    return store.listChats().map(toRow)
  } finally {
    store.close()
  }
}

/**
 * One imported chat with its participants.
 *
 * Fails with UserError CHAT_NOT_FOUND when the workspace has no chat with that id, or the
 * store's UserErrors.
 */
export async function getChat(workspace: Workspace, id: number): Promise<ChatDetails> {
  const chat = existsSync(workspace.storePath) ? readChat(workspace.storePath, id) : undefined
  if (chat === undefined) {
    throw new UserError('CHAT_NOT_FOUND', t('errors.store.noChatIn', {id, dir: workspace.dir}), {
      suggestions: [t('errors.store.noChatFix'), t('errors.store.checkWorkspace')],
    })
  }
  const row = toRow(chat)
  return {
    id: row.id,
    source: row.source,
    sourceId: chat.sourceId,
    title: row.title,
    kind: row.kind,
    participants: chat.participants.map((p) => ({name: p.name, phone: p.phone})),
    participantNames: row.participantNames,
    participantCount: row.participants,
    messages: row.messages,
    firstDate: row.firstDate,
    lastDate: row.lastDate,
    importedAt: chat.createdAt,
    updatedAt: chat.updatedAt,
  }
}

function readChat(storePath: string, id: number): StoredChatWithParticipants | undefined {
  const store = Store.open(storePath)
  try {
    return store.getChat(id)
  } finally {
    store.close()
  }
}

function toRow(chat: StoredChatWithParticipants): ChatListRow {
  return {
    id: chat.id,
    source: chat.source,
    title: chat.title,
    kind: chat.kind,
    participants: chat.participants.length,
    participantNames: chat.participants.map((p) => p.name),
    messages: chat.messageCount,
    firstDate: chat.firstDate,
    lastDate: chat.lastDate,
  }
}
