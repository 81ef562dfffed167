/**
 * A relative's app, played by Debian's python3-slixmpp (test/helpers/invitee.py), never by the
 * project's own code: what it does to the server is what Conversations or Monal would do.
 */
import {spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {TestServer} from '../server/index.js'

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'invitee.py')

/** What the app saw. */
export interface InviteeReport {
  registered: boolean
  roster: Record<string, {subscription: string; pending_out: boolean}>
  invites: {kind: 'mediated' | 'direct'; room: string; reason: string}[]
  subscribeRequests: string[]
  errors: string[]
  /** With `readBookmarks`: the rooms of the legacy store (XEP-0048) and of the XEP-0402 node. */
  bookmarks: {legacy: string[]; pep: string[]} | null
  /** Messages with a body or a XEP-0066 link, in arrival order. */
  messages: {from: string; type: string; body: string; url: string | null}[]
  /** With `join`: rooms seen destroyed while inside (XEP-0045 §10.9), with the reason given. */
  destroyed: {room: string; reason: string}[]
  /** With `probeRoom`: `exists`, or the error condition of its disco#info (`item-not-found` once destroyed). */
  room: string | null
}

/** What the app does this time. */
export interface InviteeActions {
  /** Create the account first (open registration, or with `token`: XEP-0445 then XEP-0077). */
  register?: boolean
  /** An invitation token to redeem when registering. */
  token?: string
  /** Add this JID from a link (XEP-0379 subscription, with `subscribeToken` when the link had one). */
  subscribeTo?: string
  subscribeToken?: string
  /** Read the account's bookmarks, both stores. */
  readBookmarks?: boolean
  /** Enter this room first (and stay in it during the wait). */
  join?: string
  /** After the wait, ask this room's disco#info. */
  probeRoom?: string
  /** Seconds to stay online (messages delivered at login arrive in that time). */
  wait?: number
}

/** Runs the app as `jid` on the test server; resolves with its report (rejects if it could not run). */
export async function runInvitee(server: TestServer, jid: string, password: string, actions: InviteeActions = {}): Promise<InviteeReport> {
  const args = [SCRIPT, '--jid', jid, '--password', password, '--host', server.host, '--port', String(server.port), '--ca', server.caFile, '--wait', String(actions.wait ?? 1.5)]
  if (actions.register) args.push('--register')
  if (actions.readBookmarks) args.push('--read-bookmarks')
  if (actions.token) args.push(`--token=${actions.token}`) // '=': a token may start with '-'
  if (actions.join) args.push('--join', actions.join)
  if (actions.probeRoom) args.push('--probe-room', actions.probeRoom)
  if (actions.subscribeTo) args.push('--subscribe-to', actions.subscribeTo)
  if (actions.subscribeToken) args.push(`--subscribe-token=${actions.subscribeToken}`)
  const child = spawn('/usr/bin/python3', args, {stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  const line = stdout.trim().split('\n').at(-1) ?? ''
  try {
    return JSON.parse(line) as InviteeReport
  } catch {
    throw new Error(`invitee.py exited ${code}: ${stderr}${stdout}`)
  }
}
