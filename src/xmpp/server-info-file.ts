import {existsSync, readFileSync, statSync} from 'node:fs'

import type {Workspace} from '../workspace.js'
import type {ServerInfo} from './discovery.js'

/**
 * Name of the discovery summary inside the workspace. Not secret, but trusted (it names the
 * services, e.g. the upload service the history is sent to): written 0600, and ignored when others
 * could have changed it.
 */
export const SERVER_INFO_FILE = 'server-info.json'

/** Stores the discovery summary in the workspace; returns its path. */
export function saveServerInfo(workspace: Workspace, info: ServerInfo): string {
  workspace.ensure()
  return workspace.writeSecretFile(SERVER_INFO_FILE, `${JSON.stringify(info, null, 2)}\n`)
}

/**
 * Reads the stored discovery summary, or null when there is none, it is unreadable, or other users
 * of the computer could have written it (issue 14: it would then name services of their choice;
 * it is discovered again instead).
 */
export function loadServerInfo(workspace: Workspace): ServerInfo | null {
  const file = workspace.path(SERVER_INFO_FILE)
  if (!existsSync(file)) return null
  if (process.platform !== 'win32' && (statSync(file).mode & 0o022) !== 0) return null
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo
    return info.version === 1 ? info : null
  } catch {
    return null
  }
}
