import {existsSync, readFileSync, writeFileSync} from 'node:fs'

import type {Workspace} from '../workspace.js'
import type {ServerInfo} from './discovery.js'

/** Name of the discovery summary inside the workspace (not secret). */
export const SERVER_INFO_FILE = 'server-info.json'

/** Stores the discovery summary in the workspace; returns its path. */
export function saveServerInfo(workspace: Workspace, info: ServerInfo): string {
  workspace.ensure()
  const file = workspace.path(SERVER_INFO_FILE)
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`)
  return file
}

/** Reads the stored discovery summary, or null when there is none (or it is unreadable). */
export function loadServerInfo(workspace: Workspace): ServerInfo | null {
  const file = workspace.path(SERVER_INFO_FILE)
  if (!existsSync(file)) return null
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo
    return info.version === 1 ? info : null
  } catch {
    return null
  }
}
