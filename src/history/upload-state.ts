import {readFileSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'

/** File in the workspace recording what `history upload` did (it holds download links: 0600). */
export const UPLOADS_FILE = 'history-uploads.json'

/** What was done for one chat's archive. */
export interface UploadRecord {
  /** SHA-256 of the zip uploaded (the same content is never uploaded twice). */
  sha256: string
  /** Its size in bytes. */
  size: number
  /** The download URL the upload service gave. */
  url: string
  /** When it was uploaded (ISO 8601 UTC). */
  uploadedAt: string
  /** The room the link was posted in, and when; null until the room confirmed the message. */
  postedTo: string | null
  postedAt: string | null
  /** The room that confirmed the announcement text (posted before the file), if any. */
  announcedTo?: string | null
}

/** The file's content. */
export interface UploadState {
  version: 1
  /** By chat id. */
  chats: Record<string, UploadRecord>
}

/** Reads the state (empty when absent). Fails with HISTORY_STATE_CORRUPT when unreadable. */
export function loadUploadState(workspace: Workspace): UploadState {
  let text: string
  try {
    text = readFileSync(workspace.path(UPLOADS_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {version: 1, chats: {}}
    throw error
  }
  try {
    const state = JSON.parse(text) as UploadState
    if (state.version !== 1 || typeof state.chats !== 'object' || state.chats === null) throw new Error('unexpected content')
    return state
  } catch (error) {
    throw new UserError('HISTORY_STATE_CORRUPT', `${workspace.path(UPLOADS_FILE)} is damaged.`, {
      cause: error,
      suggestions: [`Move it away and run the command again (the archive will be uploaded and announced once more).`],
    })
  }
}

/** Writes the state atomically (temp file + rename), mode 0600. */
export function saveUploadState(workspace: Workspace, state: UploadState): void {
  workspace.writeSecretFile(UPLOADS_FILE, `${JSON.stringify(state, null, 2)}\n`)
}
