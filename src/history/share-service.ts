/**
 * Shares a chat's history where people look (issue 15): the chat rendered as PDF documents
 * (export-pdf.ts), uploaded with HTTP File Upload (XEP-0363), and their links (XEP-0066) posted
 * in the group's room, or sent to the other person of a one-to-one chat, after an announcement
 * in the reader's language. Idempotent: the documents are deterministic, and
 * `history-shares.json` records each upload and post, so a rerun sends only what is missing.
 */
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {chatMembers, getWorkspaceLanguage, type ContactTone} from '../contacts/index.js'
import {personLanguage} from '../contacts/language.js'
import {UserError} from '../errors/index.js'
import type {ChatKind} from '../model/types.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Store, StoredChatWithParticipants} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {discoverServer} from '../xmpp/discovery.js'
import {putToSlot, requestUploadSlot, sendChatMessage, sendRoomMessage, UploadHttpError, UploadNotEncryptedError, UploadTooLargeError} from '../xmpp/http-upload.js'
import {enterRoom, leaveRoom} from '../xmpp/muc.js'
import {loadServerInfo} from '../xmpp/server-info-file.js'
import {XmppRequestError} from '../xmpp/XmppRequestError.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {DEFAULT_PART_BYTES, planPdfParts, renderPdfParts, type PdfOptions, type PdfPlan} from './export-pdf.js'
import {meLabels, openImportedStore, selectChats} from './export-service.js'
import type {HistoryLanguage} from './labels.js'
import {loadShareState, saveShareState, type ShareRecord} from './share-state.js'
import {announcementText, documentDescription, megabytes} from './share-text.js'
import {consoleLanguage, t} from '../i18n/index.js'

/** Where a chat's history goes. */
export interface ShareTarget {
  /** `room`: posted in the group's room; `person`: sent to the other person of a one-to-one chat. */
  kind: 'room' | 'person'
  /** The room's or the person's bare JID. */
  address: string
  /** Language of the texts (the room's members', or the person's). */
  language: HistoryLanguage
  /** How French texts address the person (`tu`/`vous`); a room is addressed with "vous". */
  tone?: ContactTone | null
}

/** What `history upload` (and the guided flow's history step) asks for, for one chat. */
export interface ShareRequest {
  /** The chat (its id in `xmpp-migrate chats`). */
  chatId: number
  /** The room (group) or person (one-to-one) to send to; default: the chat's room, or the other person's address. */
  to?: string
  /** Language of the documents and texts; default: the members' (group) or the person's (one-to-one). */
  language?: HistoryLanguage
  /** IANA zone for Signal dates; the system's when undefined. */
  timeZone?: string
  /** Most messages per document (default 3000). */
  maxPartMessages?: number
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests): returns an authenticated session, closed at the end. */
  connect?: () => Promise<XmppSession>
  /** The session to use instead of logging in (the guided flow's), or a function opening it when first needed: left open. */
  session?: XmppSession | (() => Promise<XmppSession>)
  /** Told as the work goes (render, upload, post), for a progress display. */
  onProgress?: (event: ShareProgress) => void
  /** `--allow-http-upload`: accept a plain http:// upload slot to another machine (refused by default, issue 14). */
  allowHttpUpload?: boolean
}

/** A step of the work, for progress displays. */
export interface ShareProgress {
  chatId: number
  step: 'render' | 'upload' | 'post'
  /** 1-based document number, and how many documents. */
  document: number
  documents: number
}

/** One document of the result. */
export interface SharedDocumentResult {
  fileName: string
  size: number
  sha256: string
  /** The download URL. */
  url: string
  /** True when it was uploaded by this run (false: an earlier run did). */
  uploaded: boolean
  /** True when its link was posted or sent by this run. */
  posted: boolean
}

/** `history upload --json`: what was shared for one chat. */
export interface ShareResult {
  chatId: number
  title: string
  /** Room or person, and the address. */
  kind: ShareTarget['kind']
  to: string
  /** Language of the documents and texts. */
  language: HistoryLanguage
  /** The PDF documents, in order. */
  documents: SharedDocumentResult[]
  /** Messages in them. */
  messages: number
  /** True when the announcement was posted by this run. */
  announced: boolean
  /** True when an earlier run had shared exactly this already (this run did not log in). */
  alreadyDone: boolean
}

/** A chat as the history step sees it before doing anything (no network). */
export interface SharePlanEntry {
  chatId: number
  title: string
  chatKind: ChatKind
  /** Where it would go, or null when it cannot go anywhere yet (see `blocked`). */
  target: ShareTarget | null
  /** Why not (HISTORY_NO_ROOM, HISTORY_NO_ADDRESS, HISTORY_NO_PERSON) and what to do, or null. */
  blocked: {code: string; message: string; suggestions: string[]} | null
  /** Messages, planned documents and their estimated size in bytes. */
  messages: number
  documents: number
  estimatedBytes: number
  /** True when exactly this was shared to this target before (the record says so). */
  done: boolean
}

/** What the history step can tell before asking: the chats, the sizes, the server's limit. */
export interface SharePlan {
  /** The upload service and its per-file limit from `server-info.json`, or null when the server has none or was never discovered. */
  upload: {jid: string; maxFileSize: number | null} | null
  /**
   * How long the server keeps uploaded files, as far as can be told: XEP-0363 does not advertise
   * it, so this is the default of the server software (Prosody 0.12+: 7 days,
   * `http_file_share_expires_after`; ejabberd: kept unless mod_http_upload_quota's `max_days` is
   * set), with `basis: 'software-default'`; null when the software is unknown.
   */
  retention: {days: number | null; basis: 'software-default'; software: string} | null
  entries: SharePlanEntry[]
  /** Sum of the entries' estimates that can be shared. */
  estimatedBytes: number
}

/** One rendered document waiting in the temp folder. */
interface RenderedDocument {
  fileName: string
  path: string
  sha256: string
  size: number
}

/** A chat's documents, rendered. */
interface RenderedHistory {
  chat: StoredChatWithParticipants
  target: ShareTarget
  documents: RenderedDocument[]
  messages: number
  firstDay: string | null
  lastDay: string | null
  dir: string
}

/** Headroom under the server's limit: the planner's size is an estimate. */
const LIMIT_SHARE = 0.8

/**
 * Shares one chat's history: renders its PDF documents, uploads those not uploaded yet, posts the
 * announcement then each document's link in the room (group) or sends them to the other person
 * (one-to-one). A rerun sends only what is missing; when all is done it does not log in.
 *
 * Fails with NOTHING_IMPORTED, CHAT_NOT_FOUND, HISTORY_NO_ROOM, HISTORY_NO_PERSON,
 * HISTORY_NO_ADDRESS, HISTORY_NO_UPLOAD_SERVICE, HISTORY_ARCHIVE_TOO_LARGE, HISTORY_UPLOAD_REFUSED,
 * HISTORY_UPLOAD_FAILED, HISTORY_POST_REFUSED, HISTORY_STATE_CORRUPT, and the login's UserErrors.
 */
export async function shareHistory(workspace: Workspace, request: ShareRequest): Promise<ShareResult> {
  const rendered = await renderHistory(workspace, request)
  try {
    return await sendRendered(workspace, rendered, request)
  } finally {
    rmSync(rendered.dir, {recursive: true, force: true})
  }
}

/**
 * The guided flow's history step, for several chats on one login: shares each chat that has a
 * target, in order; a chat that fails is reported and the next one is tried. Chats without a
 * target (no room yet, no address) are in `blocked`, untouched.
 */
export async function shareHistories(
  workspace: Workspace,
  request: Omit<ShareRequest, 'chatId' | 'to'> & {chatIds?: number[]},
): Promise<{shared: ShareResult[]; failed: {chatId: number; title: string; error: UserError}[]; blocked: SharePlanEntry[]}> {
  const plan = planHistoryShares(workspace, {chatIds: request.chatIds ?? [], ...(request.language ? {language: request.language} : {})})
  let session: XmppSession | null = null
  const given = request.session
  const open = async (): Promise<XmppSession> => {
    session ??= given === undefined ? await (request.connect ?? (() => connectFromWorkspace(workspace, request.connection)))() : typeof given === 'function' ? await given() : given
    return session
  }
  const shared: ShareResult[] = []
  const failed: {chatId: number; title: string; error: UserError}[] = []
  try {
    for (const entry of plan.entries) {
      if (entry.target === null) continue
      try {
        shared.push(await shareHistory(workspace, {...request, chatId: entry.chatId, session: open}))
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        failed.push({chatId: entry.chatId, title: entry.title, error})
      }
    }
  } finally {
    if (given === undefined && session !== null) await (session as XmppSession).close()
  }
  return {shared, failed, blocked: plan.entries.filter((e) => e.target === null)}
}

/**
 * What the history step would share, without network: each chat's target (or why it has none),
 * its planned documents and estimated size, whether it was shared already, and the server's
 * upload limit as discovered at login (`server-info.json`). Fails with NOTHING_IMPORTED,
 * CHAT_NOT_FOUND, HISTORY_STATE_CORRUPT.
 */
export function planHistoryShares(workspace: Workspace, options: {chatIds?: number[]; language?: HistoryLanguage} = {}): SharePlan {
  const info = loadServerInfo(workspace)
  const upload = info?.upload ?? null
  const state = loadShareState(workspace)
  const store = openImportedStore(workspace)
  try {
    const entries = selectChats(store, workspace, options.chatIds ?? []).map((chat): SharePlanEntry => {
      let target: ShareTarget | null = null
      let blocked: SharePlanEntry['blocked'] = null
      try {
        target = resolveTarget(store, chat, undefined, options.language)
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        blocked = {code: error.code, message: error.message, suggestions: error.suggestions ?? []}
      }
      const plan = planPdfParts(store, workspace, chat, pdfOptions(store, target?.language ?? options.language ?? consoleLanguage(), upload?.maxFileSize ?? null, {}))
      const record = state.chats[String(chat.id)]
      const done = target !== null && record !== undefined && record.to === target.address && record.doneAt !== null && record.documents.length === plan.parts.length
      return {chatId: chat.id, title: chat.title, chatKind: chat.kind, target, blocked, messages: chat.messageCount, documents: plan.parts.length, estimatedBytes: plan.estimatedBytes, done}
    })
    const software = info?.software?.name.toLowerCase() ?? null
    const retention = software === 'prosody' ? {days: 7, basis: 'software-default' as const, software: 'Prosody'} : software === 'ejabberd' ? {days: null, basis: 'software-default' as const, software: 'ejabberd'} : null
    return {upload, retention, entries, estimatedBytes: entries.filter((e) => e.target !== null && !e.done).reduce((sum, e) => sum + e.estimatedBytes, 0)}
  } finally {
    store.close()
  }
}

function pdfOptions(store: Store, language: HistoryLanguage, maxFileSize: number | null, request: {timeZone?: string; maxPartMessages?: number}, partBytes?: number): PdfOptions {
  const limit = maxFileSize === null ? DEFAULT_PART_BYTES : Math.min(DEFAULT_PART_BYTES, Math.floor(maxFileSize * LIMIT_SHARE))
  return {
    language,
    meLabels: meLabels(store),
    maxPartBytes: partBytes ?? limit,
    ...(request.timeZone ? {timeZone: request.timeZone} : {}),
    ...(request.maxPartMessages ? {maxPartMessages: request.maxPartMessages} : {}),
  }
}

/** Renders the chat's documents into a private temp folder (at most one in memory at a time). */
async function renderHistory(workspace: Workspace, request: ShareRequest): Promise<RenderedHistory> {
  const store = openImportedStore(workspace)
  const dir = mkdtempSync(join(tmpdir(), 'xm-share-'))
  try {
    const [chat] = selectChats(store, workspace, [request.chatId])
    const target = resolveTarget(store, chat!, request.to, request.language)
    const maxFileSize = loadServerInfo(workspace)?.upload?.maxFileSize ?? null
    let options = pdfOptions(store, target.language, maxFileSize, request)
    // The plan estimates sizes: when a document still comes out bigger than the server takes,
    // plan again with smaller parts (twice at most).
    for (let attempt = 0; ; attempt++) {
      const plan: PdfPlan = planPdfParts(store, workspace, chat!, options)
      const documents: RenderedDocument[] = []
      let biggest = 0
      await renderPdfParts(store, workspace, chat!, plan, options, (part) => {
        request.onProgress?.({chatId: request.chatId, step: 'render', document: part.index, documents: part.count})
        const path = join(dir, `${part.index}.pdf`)
        writeFileSync(path, part.bytes, {mode: 0o600})
        documents.push({fileName: part.fileName, path, sha256: createHash('sha256').update(part.bytes).digest('hex'), size: part.bytes.byteLength})
        biggest = Math.max(biggest, part.bytes.byteLength)
      })
      if (maxFileSize === null || biggest <= maxFileSize || attempt >= 2) {
        const messages = plan.parts.reduce((sum, p) => sum + p.messages, 0)
        return {chat: chat!, target, documents, messages, firstDay: plan.parts[0]?.firstDay ?? null, lastDay: plan.parts.at(-1)?.lastDay ?? null, dir}
      }
      options = {...options, maxPartBytes: Math.floor(((options.maxPartBytes ?? DEFAULT_PART_BYTES) * maxFileSize * LIMIT_SHARE) / biggest)}
    }
  } catch (error) {
    rmSync(dir, {recursive: true, force: true})
    throw error
  } finally {
    store.close()
  }
}

/** Where the chat's history goes: the `to` given, the room `rooms create` made, or the other person. */
function resolveTarget(store: Store, chat: StoredChatWithParticipants, to: string | undefined, language: HistoryLanguage | undefined): ShareTarget {
  if (chat.kind === 'group') {
    const address = to?.trim().toLowerCase() ?? roomOfChat(store, chat.id)
    return {kind: 'room', address, language: language ?? roomLanguage(store, chat.id)}
  }
  const others = chatMembers(store, chat.id).filter((m) => !m.isMe)
  const person = others[0]
  if (to !== undefined) return {kind: 'person', address: to.trim().toLowerCase(), language: language ?? personLanguage(person?.language, getWorkspaceLanguage(store)), tone: person?.tone ?? null}
  if (person === undefined) {
    throw new UserError('HISTORY_NO_PERSON', t('errors.history.noPerson', {id: chat.id, title: chat.title}), {
      suggestions: [t('errors.history.noPersonMe'), t('errors.history.noPersonTo', {id: chat.id})],
    })
  }
  if (person.jid === null) {
    throw new UserError('HISTORY_NO_ADDRESS', t('errors.history.noAddress', {name: person.name, id: chat.id}), {
      suggestions: [
        t('errors.history.noAddressGive', {id: person.contactId}),
        t('errors.history.noAddressInvite'),
      ],
    })
  }
  return {kind: 'person', address: person.jid.toLowerCase(), language: language ?? personLanguage(person.language, getWorkspaceLanguage(store)), tone: person.tone}
}

function roomOfChat(store: Store, chatId: number): string {
  const repo = RoomRepository.open(store)
  try {
    const room = repo.rooms().get(chatId)
    if (room !== undefined && room.steps.has('created')) return room.address
  } finally {
    repo.close()
  }
  throw new UserError('HISTORY_NO_ROOM', t('errors.history.noRoom', {id: chatId}), {
    suggestions: [t('errors.history.noRoomCreate', {id: chatId}), t('errors.history.noRoomTo')],
  })
}

/** The language most members with a known language use; else the workspace's; else the console's. */
function roomLanguage(store: Store, chatId: number): HistoryLanguage {
  const votes = {fr: 0, en: 0}
  for (const member of chatMembers(store, chatId)) if (member.language !== null) votes[member.language]++
  if (votes.fr !== votes.en) return votes.fr > votes.en ? 'fr' : 'en'
  return personLanguage(null, getWorkspaceLanguage(store))
}

/** Uploads and posts what the record does not have yet. */
async function sendRendered(workspace: Workspace, rendered: RenderedHistory, request: ShareRequest): Promise<ShareResult> {
  const {chat, target, documents} = rendered
  const state = loadShareState(workspace)
  const key = String(chat.id)
  const previous = state.chats[key]
  const same = previous !== undefined && previous.to === target.address && previous.documents.length === documents.length && previous.documents.every((d, i) => d.sha256 === documents[i]!.sha256)
  // A new rendering (new import, other language) starts a new record; uploads of identical documents are reused.
  const known = new Map((previous?.documents ?? []).filter((d) => d.url !== null).map((d) => [d.sha256, d.url!]))
  const record: ShareRecord = same
    ? previous
    : {to: target.address, documents: documents.map((d) => ({fileName: d.fileName, sha256: d.sha256, size: d.size, url: known.get(d.sha256) ?? null, posted: false})), announced: false, doneAt: null}
  const result: ShareResult = {
    chatId: chat.id,
    title: chat.title,
    kind: target.kind,
    to: target.address,
    language: target.language,
    documents: record.documents.map((d) => ({fileName: d.fileName, size: d.size, sha256: d.sha256, url: d.url ?? '', uploaded: false, posted: false})),
    messages: rendered.messages,
    announced: false,
    alreadyDone: same && record.doneAt !== null && record.announced && record.documents.every((d) => d.posted),
  }
  if (result.alreadyDone) return result
  const save = (): void => {
    state.chats[key] = record
    saveShareState(workspace, state)
  }
  save()

  const given = request.session
  const session = given === undefined ? await (request.connect ?? (() => connectFromWorkspace(workspace, request.connection)))() : typeof given === 'function' ? await given() : given
  try {
    for (const [i, doc] of record.documents.entries()) {
      if (doc.url !== null) continue
      request.onProgress?.({chatId: chat.id, step: 'upload', document: i + 1, documents: documents.length})
      doc.url = await upload(session, workspace, documents[i]!, request.allowHttpUpload ?? false)
      result.documents[i]!.url = doc.url
      result.documents[i]!.uploaded = true
      save()
    }
    const facts = {title: chat.title, kind: chat.kind, source: chat.source, messages: rendered.messages, firstDay: rendered.firstDay, lastDay: rendered.lastDay, documents: documents.length, size: documents.reduce((sum, d) => sum + d.size, 0)}
    const id = `xm-history-${createHash('sha256').update(record.documents.map((d) => d.sha256).join(',')).digest('hex').slice(0, 16)}`
    await deliver(session, target, async (send) => {
      if (!record.announced) {
        await send(`${id}-text`, announcementText(facts, target.language, target.tone ?? null))
        record.announced = true
        result.announced = true
        save()
      }
      for (const [i, doc] of record.documents.entries()) {
        if (doc.posted) continue
        request.onProgress?.({chatId: chat.id, step: 'post', document: i + 1, documents: documents.length})
        await send(`${id}-${i + 1}`, doc.url!, {url: doc.url!, description: documentDescription(chat.title, target.language, i + 1, documents.length)})
        doc.posted = true
        result.documents[i]!.posted = true
        save()
      }
    })
    record.doneAt = new Date().toISOString()
    save()
    return result
  } finally {
    if (given === undefined) await session.close()
  }
}

type Send = (id: string, body: string, oob?: {url: string; description: string}) => Promise<void>

/** Runs `work` with a sender to the target: in the room (entered, then left), or to the person. */
async function deliver(session: XmppSession, target: ShareTarget, work: (send: Send) => Promise<void>): Promise<void> {
  const refused = (error: XmppRequestError): UserError =>
    target.kind === 'room'
      ? new UserError('HISTORY_POST_REFUSED', t('errors.history.roomRefused', {address: target.address, why: error.text || error.condition}), {
          cause: error,
          suggestions: [t('errors.history.roomRefusedFix')],
        })
      : new UserError('HISTORY_POST_REFUSED', t('errors.history.personRefused', {address: target.address, why: error.text || error.condition}), {
          cause: error,
          suggestions: [t('errors.history.personRefusedFix')],
        })
  if (target.kind === 'person') {
    try {
      await work((id, body, oob) => sendChatMessage(session, target.address, id, body, oob))
    } catch (error) {
      throw error instanceof XmppRequestError ? refused(error) : error
    }
    return
  }
  const nick = (session.boundJid ?? 'xmpp-migrate').split('@')[0] ?? 'xmpp-migrate'
  let entered: string | null = null
  try {
    entered = (await enterRoom(session, target.address, nick)).nick
    await work((id, body, oob) => sendRoomMessage(session, target.address, id, body, oob))
  } catch (error) {
    throw error instanceof XmppRequestError ? refused(error) : error
  } finally {
    if (entered !== null) await leaveRoom(session, target.address, entered).catch(() => {})
  }
}

function tooLarge(size: number, max: number | null, cause?: unknown): UserError {
  return new UserError('HISTORY_ARCHIVE_TOO_LARGE', max === null ? t('errors.history.tooLarge', {size: megabytes(size, consoleLanguage())}) : t('errors.history.tooLargeMax', {size: megabytes(size, consoleLanguage()), max: megabytes(max, consoleLanguage())}), {
    ...(cause === undefined ? {} : {cause}),
    suggestions: [
      t('errors.history.tooLargeCut'),
      t('errors.history.tooLargeExport'),
      t('errors.history.tooLargeAdmin'),
    ],
  })
}

async function upload(session: XmppSession, workspace: Workspace, document: RenderedDocument, allowHttp = false): Promise<string> {
  const service = loadServerInfo(workspace)?.upload ?? (await discoverServer(session)).upload
  if (service === null) {
    throw new UserError('HISTORY_NO_UPLOAD_SERVICE', t('errors.history.noUpload', {domain: session.options.domain}), {
      suggestions: [t('errors.history.noUploadAdmin'), t('errors.history.noUploadExport')],
    })
  }
  if (service.maxFileSize !== null && document.size > service.maxFileSize) throw tooLarge(document.size, service.maxFileSize)
  let slot
  try {
    slot = await requestUploadSlot(session, service.jid, {filename: document.fileName, size: document.size, contentType: 'application/pdf'})
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw tooLarge(document.size, error.maxFileSize ?? service.maxFileSize, error)
    if (error instanceof XmppRequestError) {
      throw new UserError('HISTORY_UPLOAD_REFUSED', t('errors.history.uploadRefused', {service: service.jid, file: document.fileName, why: error.text || error.condition}), {
        cause: error,
        suggestions: error.type === 'wait' ? [t('errors.history.uploadQuota')] : [t('errors.history.uploadAskAdmin')],
      })
    }
    throw error
  }
  try {
    await putToSlot(slot, readFileSync(document.path), 'application/pdf', {...(session.options.extraCa ? {extraCa: session.options.extraCa} : {}), timeoutMs: Math.max(session.options.timeoutMs, 120_000), allowHttp})
  } catch (error) {
    if (error instanceof UploadNotEncryptedError) {
      throw new UserError('HISTORY_UPLOAD_NOT_ENCRYPTED', t('errors.history.uploadNotEncrypted', {file: document.fileName, why: error.message}), {
        cause: error,
        suggestions: [
          t('errors.history.uploadHttpsAdmin'),
          t('errors.history.uploadAllowHttp'),
        ],
      })
    }
    if (error instanceof UploadHttpError) {
      throw new UserError('HISTORY_UPLOAD_FAILED', t('errors.history.uploadFailed', {file: document.fileName, host: new URL(slot.putUrl).host, why: error.message}), {
        cause: error,
        suggestions: [t('errors.history.uploadRetry')],
      })
    }
    throw error
  }
  return slot.getUrl
}
