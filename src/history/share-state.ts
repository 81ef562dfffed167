import {readFileSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {t} from '../i18n/index.js'

/** File in the workspace recording what `history upload` shared (it holds download links: 0600). */
export const SHARES_FILE = 'history-shares.json'

/** One document of a shared history. */
export interface SharedDocument {
  fileName: string
  /** SHA-256 and size of the PDF (the same document is never uploaded twice). */
  sha256: string
  size: number
  /** The download URL, once uploaded; null before. */
  url: string | null
  /** True once its link was posted (room reflected it) or sent (server routed it). */
  posted: boolean
}

/** What was shared for one chat. */
export interface ShareRecord {
  /** The room or person it went to. */
  to: string
  /** The documents, in order; a new import that changes them starts a new record. */
  documents: SharedDocument[]
  /** True once the announcement was posted. */
  announced: boolean
  /** When the last document was posted (ISO 8601 UTC), or null. */
  doneAt: string | null
}

/** The file's content. */
export interface ShareState {
  version: 2
  /** By chat id. */
  chats: Record<string, ShareRecord>
}

/** Reads the state (empty when absent). Fails with HISTORY_STATE_CORRUPT when unreadable. */
export function loadShareState(workspace: Workspace): ShareState {
  let text: string
  try {
    text = readFileSync(workspace.path(SHARES_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {version: 2, chats: {}}
    throw error
  }
  try {
    const state = JSON.parse(text) as ShareState
    if (state.version !== 2 || typeof state.chats !== 'object' || state.chats === null) throw new Error(t('errors.history.unexpectedContent'))
    return state
  } catch (error) {
    throw new UserError('HISTORY_STATE_CORRUPT', t('errors.history.stateDamaged', {file: workspace.path(SHARES_FILE)}), {
      cause: error,
      suggestions: [t('errors.history.stateDamagedFix')],
    })
  }
}

/** Writes the state atomically (temp file + rename), mode 0600. */
export function saveShareState(workspace: Workspace, state: ShareState): void {
  workspace.writeSecretFile(SHARES_FILE, `${JSON.stringify(state, null, 2)}\n`)
}
