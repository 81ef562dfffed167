import {createHash} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {chatMembers, getWorkspaceLanguage} from '../contacts/index.js'
import {UserError} from '../errors/index.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {discoverServer} from '../xmpp/discovery.js'
import {putToSlot, requestUploadSlot, sendRoomMessage, UploadHttpError, UploadNotEncryptedError, UploadTooLargeError} from '../xmpp/http-upload.js'
import {enterRoom, leaveRoom} from '../xmpp/muc.js'
import {loadServerInfo} from '../xmpp/server-info-file.js'
import {XmppRequestError} from '../xmpp/XmppRequestError.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {zipFolder} from './archive-zip.js'
import {writeHtmlArchive} from './export-html.js'
import {openImportedStore, selectChats} from './export-service.js'
import {systemLanguage, type HistoryLanguage} from './labels.js'
import {PrivateFolder} from './PrivateFolder.js'
import {announcementText, archiveFileName, fileDescription} from './upload-text.js'
import {loadUploadState, saveUploadState} from './upload-state.js'

/** What `history upload` asks for. */
export interface UploadRequest {
  /** The chat whose archive is uploaded. */
  chatId: number
  /** `--room`: the room to post in; else the room `rooms create` made for the chat. */
  room?: string
  /** `--lang`; else the members' language, the workspace's, the system's. */
  language?: HistoryLanguage
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests): returns an authenticated session. */
  connect?: () => Promise<XmppSession>
  /** `--allow-http-upload`: accept a plain http:// upload slot to another machine (refused by default). */
  allowHttpUpload?: boolean
}

/** `history upload --json`. */
export interface UploadResult {
  chatId: number
  /** The room posted in. */
  room: string
  /** The download URL. */
  url: string
  /** The zip's name, size and SHA-256. */
  fileName: string
  size: number
  sha256: string
  /** false when this same archive had been uploaded before (nothing sent). */
  uploaded: boolean
  /** false when the link had already been posted in that room. */
  posted: boolean
  /** Language of the posted texts. */
  language: HistoryLanguage
}

/** What the zip and its announcement need. */
interface PackedArchive {
  bytes: Uint8Array
  sha256: string
  fileName: string
  title: string
  messages: number
  firstDay: string | null
  lastDay: string | null
}

/**
 * Packs a chat's html archive as a zip (in memory), uploads it with HTTP File Upload (XEP-0363)
 * and posts the link in the chat's room (XEP-0066), in the room's language. Idempotent: the
 * zip is deterministic, and `history-uploads.json` records the upload and the post, so a rerun
 * neither uploads nor posts again (a new import that changes the chat gives a new archive).
 *
 * Fails with CHAT_NOT_FOUND, HISTORY_NO_ROOM, HISTORY_NO_UPLOAD_SERVICE,
 * HISTORY_ARCHIVE_TOO_LARGE, HISTORY_UPLOAD_REFUSED, HISTORY_UPLOAD_FAILED, HISTORY_POST_REFUSED,
 * and the login's UserErrors.
 */
export async function uploadHistory(workspace: Workspace, request: UploadRequest): Promise<UploadResult> {
  const store = openImportedStore(workspace)
  let packed: PackedArchive
  let room: string
  let language: HistoryLanguage
  try {
    const [chat] = selectChats(store, workspace, [request.chatId])
    room = request.room?.trim().toLowerCase() ?? roomOfChat(store, request.chatId)
    language = request.language ?? roomLanguage(store, request.chatId)
    packed = await packArchive(store, workspace, chat!, language)
  } finally {
    store.close()
  }
  const state = loadUploadState(workspace)
  const key = String(request.chatId)
  const previous = state.chats[key]
  const reuse = previous !== undefined && previous.sha256 === packed.sha256
  const alreadyPosted = reuse && previous.postedTo === room && previous.postedAt !== null
  const result: UploadResult = {chatId: request.chatId, room, url: reuse ? previous.url : '', fileName: packed.fileName, size: packed.bytes.byteLength, sha256: packed.sha256, uploaded: false, posted: false, language}
  if (alreadyPosted) return result

  const session = await (request.connect ?? (() => connectFromWorkspace(workspace, request.connection)))()
  try {
    if (!reuse) {
      result.url = await upload(session, workspace, packed, request.allowHttpUpload ?? false)
      result.uploaded = true
      state.chats[key] = {sha256: packed.sha256, size: packed.bytes.byteLength, url: result.url, uploadedAt: new Date().toISOString(), postedTo: null, postedAt: null}
      saveUploadState(workspace, state)
    }
    await post(session, room, packed, result.url, language, state.chats[key]!.announcedTo === room, () => {
      state.chats[key] = {...state.chats[key]!, announcedTo: room}
      saveUploadState(workspace, state)
    })
    result.posted = true
    state.chats[key] = {...state.chats[key]!, postedTo: room, postedAt: new Date().toISOString()}
    saveUploadState(workspace, state)
    return result
  } finally {
    await session.close()
  }
}

function roomOfChat(store: Store, chatId: number): string {
  const repo = RoomRepository.open(store)
  try {
    const room = repo.rooms().get(chatId)
    if (room !== undefined && room.steps.has('created')) return room.address
  } finally {
    repo.close()
  }
  throw new UserError('HISTORY_NO_ROOM', `Chat ${chatId} has no room yet, so there is nowhere to post its history.`, {
    suggestions: [`Create its room first: \`xmpp-migrate rooms create --chat ${chatId}\`.`, 'Or name the room yourself: --room name@conference.example.org.'],
  })
}

/** The language most members with a known language use; else the workspace's; else the system's. */
function roomLanguage(store: Store, chatId: number): HistoryLanguage {
  const votes = {fr: 0, en: 0}
  for (const member of chatMembers(store, chatId)) if (member.language !== null) votes[member.language]++
  if (votes.fr !== votes.en) return votes.fr > votes.en ? 'fr' : 'en'
  return getWorkspaceLanguage(store) ?? systemLanguage()
}

async function packArchive(store: Store, workspace: Workspace, chat: Parameters<typeof writeHtmlArchive>[2][number], language: HistoryLanguage): Promise<PackedArchive> {
  const temp = mkdtempSync(join(tmpdir(), 'xm-history-'))
  try {
    const folder = PrivateFolder.create(join(temp, 'archive'))
    const [written] = writeHtmlArchive(store, workspace, [chat], folder, {language})
    const fileName = archiveFileName(chat.title, chat.id, language)
    const bytes = await zipFolder(folder.dir, fileName.replace(/\.zip$/, ''))
    return {
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fileName,
      title: chat.title,
      messages: written?.messages ?? 0,
      firstDay: chat.firstDate?.slice(0, 10) ?? null,
      lastDay: chat.lastDate?.slice(0, 10) ?? null,
    }
  } finally {
    rmSync(temp, {recursive: true, force: true})
  }
}

function tooLarge(size: number, max: number | null, cause?: unknown): UserError {
  const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`
  return new UserError('HISTORY_ARCHIVE_TOO_LARGE', `The archive is ${mb(size)}, more than the server accepts${max === null ? '' : ` (${mb(max)})`}.`, {
    ...(cause === undefined ? {} : {cause}),
    suggestions: [
      'Share the archive another way: `xmpp-migrate history export --chat ID --out DIR`, then copy the folder (USB key, cloud drive).',
      'Or ask the server administrator to raise the upload limit (Prosody: http_file_share_size_limit; ejabberd: max_size of mod_http_upload).',
    ],
  })
}

async function upload(session: XmppSession, workspace: Workspace, packed: PackedArchive, allowHttp: boolean): Promise<string> {
  const service = loadServerInfo(workspace)?.upload ?? (await discoverServer(session)).upload
  if (service === null) {
    throw new UserError('HISTORY_NO_UPLOAD_SERVICE', `The server ${session.options.domain} offers no file upload (XEP-0363), so the archive cannot be put in the room.`, {
      suggestions: ['Ask the server administrator to enable HTTP file upload (Prosody: the http_file_share component).', 'Or share the archive another way: `xmpp-migrate history export --out DIR`.'],
    })
  }
  const size = packed.bytes.byteLength
  if (service.maxFileSize !== null && size > service.maxFileSize) throw tooLarge(size, service.maxFileSize)
  let slot
  try {
    slot = await requestUploadSlot(session, service.jid, {filename: packed.fileName, size, contentType: 'application/zip'})
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw tooLarge(size, error.maxFileSize ?? service.maxFileSize, error)
    if (error instanceof XmppRequestError) {
      throw new UserError('HISTORY_UPLOAD_REFUSED', `The upload service ${service.jid} refused the archive: ${error.text || error.condition}.`, {
        cause: error,
        suggestions: error.type === 'wait' ? ['The daily upload quota may be reached: try again tomorrow.'] : ['Ask the server administrator whether your account may upload files.'],
      })
    }
    throw error
  }
  try {
    await putToSlot(slot, packed.bytes, 'application/zip', {...(session.options.extraCa ? {extraCa: session.options.extraCa} : {}), timeoutMs: Math.max(session.options.timeoutMs, 120_000), allowHttp})
  } catch (error) {
    if (error instanceof UploadNotEncryptedError) {
      throw new UserError('HISTORY_UPLOAD_NOT_ENCRYPTED', `The archive was not sent: ${error.message}. It holds private conversations; over plain HTTP anyone on the way could read or change it.`, {
        cause: error,
        suggestions: [
          'Ask the server administrator to serve file upload over https (Prosody: http_file_share with https_ports; ejabberd: mod_http_upload put_url https://…).',
          'Only if you trust every network between you, the server and the members: run again with --allow-http-upload.',
        ],
      })
    }
    if (error instanceof UploadHttpError) {
      throw new UserError('HISTORY_UPLOAD_FAILED', `Sending the archive to ${new URL(slot.putUrl).host} failed: ${error.message}.`, {
        cause: error,
        suggestions: ['Check the connection and run the same command again (nothing was posted yet).'],
      })
    }
    throw error
  }
  return slot.getUrl
}

// The announcement and the file are recorded one by one: a run stopped between them posts only
// the file when rerun.
async function post(session: XmppSession, room: string, packed: PackedArchive, url: string, language: HistoryLanguage, announced: boolean, onAnnounced: () => void): Promise<void> {
  const nick = (session.boundJid ?? 'xmpp-migrate').split('@')[0] ?? 'xmpp-migrate'
  const id = `xm-history-${packed.sha256.slice(0, 16)}`
  let entered: string | null = null
  try {
    entered = (await enterRoom(session, room, nick)).nick
    const facts = {title: packed.title, messages: packed.messages, firstDay: packed.firstDay, lastDay: packed.lastDay, size: packed.bytes.byteLength}
    if (!announced) {
      await sendRoomMessage(session, room, `${id}-text`, announcementText(facts, language))
      onAnnounced()
    }
    await sendRoomMessage(session, room, `${id}-file`, url, {url, description: fileDescription(packed.title, language)})
  } catch (error) {
    if (error instanceof XmppRequestError) {
      throw new UserError('HISTORY_POST_REFUSED', `The room ${room} refused the history message: ${error.text || error.condition}. The archive is uploaded (${url}); a rerun only posts it.`, {
        cause: error,
        suggestions: ['Check that the room exists and that your account is a member (`xmpp-migrate rooms create`), or name another with --room.'],
      })
    }
    throw error
  } finally {
    if (entered !== null) await leaveRoom(session, room, entered).catch(() => {})
  }
}
