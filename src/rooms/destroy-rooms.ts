/**
 * `rooms destroy` (issue 16, "a way back"): destroys on the server the rooms this tool created
 * (the store knows them: a `created` step), tells their occupants why (the server relays the
 * reason, XEP-0045 §10.9), removes the organizer's bookmark, and forgets the room in the store so
 * that a rerun of `migrate` (or `rooms create`) plans and creates it again. Rooms the store does
 * not know are never touched.
 */
import {existsSync} from 'node:fs'

import {UserError, XmError} from '../errors/index.js'
import {consoleLanguage, tr} from '../i18n/index.js'
import {storedLanguage} from '../settings/index.js'
import {ContactRepository, Store} from '../store/index.js'
import {RoomRepository, type StoredRoom} from '../store/RoomRepository.js'
import type {Workspace} from '../workspace.js'
import {removeBookmark} from '../xmpp/bookmarks.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {destroyRoom} from '../xmpp/muc.js'
import {XmppRequestError} from '../xmpp/XmppRequestError.js'
import type {XmppSession} from '../xmpp/XmppSession.js'

/** Inputs of {@link destroyRoomsForWorkspace}. */
export interface DestroyRequest {
  /** Only the rooms of these chats (`--chat`); every room the tool created when empty. */
  chatIds: number[]
  /** List what would be destroyed; send nothing, change nothing (`--dry-run`). */
  dryRun: boolean
  /** Connection flags (account, host, CA, password-stdin). */
  connection: ConnectionFlagValues
  /** Replaces the login (tests): returns an authenticated session. */
  connect?: () => Promise<XmppSession>
}

/** One room's outcome. */
export interface DestroyedRoom {
  /** The group chat it was made for. */
  chatId: number
  /** The room's address. */
  address: string
  /** Its name. */
  name: string
  /** `destroyed` now, `gone` (it no longer existed on the server: forgotten), `planned` (dry run), `failed`. */
  status: 'destroyed' | 'gone' | 'planned' | 'failed'
  /** Sentences about what could not be undone around it (e.g. the bookmark), in the console language. */
  warnings: string[]
  /** Why it failed (`failed` only). */
  error?: {code: string; message: string; suggestions: string[]}
}

/** `rooms destroy --json`. */
export interface RoomsDestroyResult {
  /** true with `--dry-run`: nothing sent, nothing forgotten. */
  dryRun: boolean
  /** One entry per selected room. */
  rooms: DestroyedRoom[]
  /** Counts by outcome (`gone` counts as destroyed). */
  summary: {destroyed: number; failed: number}
}

/** The rooms the store says this tool created (a `created` step), by chat id. */
export function createdRooms(store: Store): StoredRoom[] {
  const repo = RoomRepository.open(store)
  try {
    return [...repo.rooms().values()].filter((r) => r.steps.get('created')?.has('') === true)
  } finally {
    repo.close()
  }
}

/**
 * The rooms `request` selects, as planned entries. Fails with NOTHING_IMPORTED and
 * ROOM_NOT_CREATED_BY_TOOL (a `--chat` whose room this tool did not create).
 */
function selectRooms(store: Store, chatIds: number[]): StoredRoom[] {
  const created = createdRooms(store)
  for (const id of chatIds) {
    if (!created.some((r) => r.chatId === id)) {
      throw new UserError('ROOM_NOT_CREATED_BY_TOOL', tr(consoleLanguage(), 'roomsDestroy.errors.notOurs', {chat: id}), {
        suggestions: [tr(consoleLanguage(), 'roomsDestroy.errors.notOursHint')],
      })
    }
  }
  return chatIds.length === 0 ? created : created.filter((r) => chatIds.includes(r.chatId))
}

/**
 * Destroys the selected rooms (see the module comment), one by one: a room that fails is
 * reported in its entry and the others go on. Fails with NOTHING_IMPORTED,
 * ROOM_NOT_CREATED_BY_TOOL, the connection's and the store's UserErrors.
 */
export async function destroyRoomsForWorkspace(workspace: Workspace, request: DestroyRequest): Promise<RoomsDestroyResult> {
  if (!existsSync(workspace.storePath)) {
    throw new UserError('NOTHING_IMPORTED', tr(consoleLanguage(), 'roomsDestroy.errors.nothingImported', {dir: workspace.dir}), {suggestions: [tr(consoleLanguage(), 'roomsDestroy.errors.nothingImportedHint')]})
  }
  const store = Store.open(workspace.storePath)
  let session: XmppSession | undefined
  try {
    const selected = selectRooms(store, request.chatIds)
    const planned = (r: StoredRoom): DestroyedRoom => ({chatId: r.chatId, address: r.address, name: r.name, status: 'planned', warnings: []})
    if (request.dryRun || selected.length === 0) return summarize(request.dryRun, selected.map(planned))
    // The reason goes to everyone in the room: in the workspace's language (the family's), else the console's.
    const settings = ContactRepository.open(store)
    let language: string
    try {
      language = storedLanguage(settings) ?? consoleLanguage()
    } finally {
      settings.close()
    }
    session = await (request.connect ? request.connect() : connectFromWorkspace(workspace, request.connection))
    const rooms: DestroyedRoom[] = []
    for (const room of selected) {
      const entry = planned(room)
      try {
        entry.status = await destroyRoom(session, room.address, tr(language, 'roomsDestroy.reason', {name: room.name}))
      } catch (error) {
        if (error instanceof XmError && /CONNECTION|TIMEOUT/.test(error.code)) throw error
        if (!(error instanceof XmppRequestError)) throw error
        const lang = consoleLanguage()
        const refused = error.condition === 'forbidden' || error.condition === 'not-allowed'
        entry.status = 'failed'
        entry.error = {
          code: refused ? 'ROOM_DESTROY_REFUSED' : 'ROOM_DESTROY_FAILED',
          message: tr(lang, refused ? 'roomsDestroy.errors.refused' : 'roomsDestroy.errors.failed', {address: room.address, condition: error.condition}),
          suggestions: [tr(lang, refused ? 'roomsDestroy.errors.refusedHint' : 'roomsDestroy.errors.failedHint')],
        }
        rooms.push(entry)
        continue
      }
      // Gone from the server: forget it at once (a rerun after a crash finds it `gone`).
      const repo = RoomRepository.open(store)
      try {
        repo.forget(room.chatId)
      } finally {
        repo.close()
      }
      try {
        await removeBookmark(session, room.address)
      } catch (error) {
        if (error instanceof XmError && /CONNECTION|TIMEOUT/.test(error.code)) throw error
        entry.warnings.push(tr(consoleLanguage(), 'roomsDestroy.bookmarkKept', {address: room.address}))
      }
      rooms.push(entry)
    }
    return summarize(false, rooms)
  } finally {
    await session?.close()
    store.close()
  }
}

function summarize(dryRun: boolean, rooms: DestroyedRoom[]): RoomsDestroyResult {
  return {dryRun, rooms, summary: {destroyed: rooms.filter((r) => r.status === 'destroyed' || r.status === 'gone').length, failed: rooms.filter((r) => r.status === 'failed').length}}
}
