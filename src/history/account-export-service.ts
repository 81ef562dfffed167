import {createHash} from 'node:crypto'
import {closeSync, fchmodSync, openSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {chatMembers, getMe, getWorkspaceLanguage, listContacts} from '../contacts/index.js'
import {UserError, withFileErrors} from '../errors/index.js'
import {t} from '../i18n/index.js'
import {RoomRepository} from '../store/RoomRepository.js'
import type {Store, StoredChatWithParticipants, StoredMessage} from '../store/index.js'
import {makePrivateDir, type Workspace} from '../workspace.js'
import {parseAccountJid} from '../xmpp/account-jid.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {getRoster, type RosterItem} from '../xmpp/roster.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {checkTimeZone, openImportedStore} from './export-service.js'
import {labelsFor, systemLanguage, type HistoryLabels} from './labels.js'
import {isEdited, openStreetMapUrl, shownContent} from './message-content.js'
import {piefxisChunks, type ArchivedMessage, type RoomBookmark, type RosterEntry} from './piefxis.js'
import {WallClockReader} from './wall-clock.js'

/** What `history export --format xep0227` asks for. */
export interface AccountExportRequest {
  /** The person's own account (`--jid`). */
  jid: string
  /** File to write, or a folder (then `user@host.xml` inside it, the name Prosody reads). */
  out: string
  /** IANA zone the WhatsApp dates were written in; the system's when undefined (noted). */
  timeZone?: string
  /**
   * The subscription each contact has on the server now, by bare JID (see readRosterSubscriptions):
   * written as is, since an import replaces the roster. Contacts it lacks, or all when undefined, get `none`.
   */
  subscriptions?: ReadonlyMap<string, RosterItem['subscription']>
}

/** One 1:1 chat put in the archive. */
export interface ArchivedDirectChat {
  chatId: number
  title: string
  /** The contact's JID. */
  with: string
  /** Messages written (system events and empty ones are left out). */
  messages: number
}

/** `history export --format xep0227 --json`. */
export interface AccountExportResult {
  /** Absolute path of the file written. */
  file: string
  account: string
  /** Zone used for WhatsApp dates, and whether it was the system's default. */
  timeZone: string
  timeZoneDefaulted: boolean
  roster: number
  bookmarks: number
  chats: ArchivedDirectChat[]
  /** 1:1 chats left out, and why (no JID for the contact, …). */
  skipped: {chatId: number; title: string; reason: string}[]
  /** Size of the file in bytes. */
  bytes: number
}

/**
 * Writes a XEP-0227 file of the person's account for a server administrator to import: roster
 * (contacts with a JID), XEP-0402 bookmarks of the rooms made, and the 1:1 chats with contacts
 * who have a JID as the account's message archive, with the original dates (WhatsApp wall-clock
 * times read in `timeZone`), the right direction and stable ids (a second import adds nothing).
 * No password or credential is written. The file is mode 0600 and written atomically.
 *
 * Fails with NOTHING_IMPORTED, HISTORY_ME_UNKNOWN (who is "me" is not decided), HISTORY_TIMEZONE_UNKNOWN,
 * INVALID_JID (from parseAccountJid), the store's UserErrors, file-system errors.
 */
export function exportAccount(workspace: Workspace, request: AccountExportRequest): AccountExportResult {
  const account = parseAccountJid(request.jid)
  const bare = `${account.local}@${account.domain}`
  const timeZoneDefaulted = request.timeZone === undefined
  const timeZone = request.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  checkTimeZone(timeZone)
  const clock = new WallClockReader(timeZone)
  const store = openImportedStore(workspace)
  try {
    const me = getMe(store)
    if (me === null) {
      throw new UserError('HISTORY_ME_UNKNOWN', t('errors.history.meUnknown'), {
        suggestions: [t('errors.history.meUnknownFix')],
      })
    }
    const contacts = listContacts(store).filter((c) => !c.isMe && c.jid !== null && c.jid.toLowerCase() !== bare)
    const roster: RosterEntry[] = contacts
      .map((c) => ({
        jid: c.jid!.toLowerCase(),
        name: c.name,
        groups: [...new Set(c.chats.filter((ch) => ch.kind === 'group').map((ch) => ch.title))].sort(),
        subscription: request.subscriptions?.get(c.jid!.toLowerCase()) ?? ('none' as const),
      }))
      .sort((a, b) => (a.jid < b.jid ? -1 : 1))
    const bookmarks = roomBookmarks(store, account.local)
    const meLabels = new Set([me.name, ...me.aliases])
    const labels = labelsFor(getWorkspaceLanguage(store) ?? systemLanguage())
    const chats: ArchivedDirectChat[] = []
    const skipped: AccountExportResult['skipped'] = []
    const plans: {chat: StoredChatWithParticipants; peer: string}[] = []
    for (const chat of store.listChats().filter((c) => c.kind === 'direct')) {
      const others = chatMembers(store, chat.id).filter((m) => !m.isMe)
      const peer = others.length === 1 ? others[0]!.jid : null
      if (peer === null || peer === undefined) {
        skipped.push({chatId: chat.id, title: chat.title, reason: others.length === 1 ? t('errors.history.skippedNoAddress') : t('errors.history.skippedUnknownPeer')})
        continue
      }
      plans.push({chat, peer: peer.toLowerCase()})
    }
    function* archive(): Generator<ArchivedMessage> {
      for (const {chat, peer} of plans) {
        const seen = new Map<string, number>()
        let count = 0
        for (const m of store.messages(chat.id)) {
          if (m.system || m.author === null) continue
          const body = messageBody(m, labels)
          const stamp = clock.instant(m.date)
          if (body === '' || stamp === null) continue
          // Stable across runs and workspaces: what the message is, plus its rank among
          // identical ones (two "ok" in the same minute stay two).
          const identity = [chat.source, chat.sourceId, m.sourceId ?? '', m.date, m.author, m.text, m.attachment?.name ?? ''].join('\u0000')
          const rank = seen.get(identity) ?? 0
          seen.set(identity, rank + 1)
          const id = createHash('sha256').update(`${identity}\u0000${rank}`).digest('base64url').slice(0, 22)
          count++
          yield {id, stamp, direction: meLabels.has(m.author) ? 'sent' : 'received', peer, body}
        }
        chats.push({chatId: chat.id, title: chat.title, with: peer, messages: count})
      }
    }
    const file = targetFile(request.out, bare)
    const bytes = writePrivate(file, piefxisChunks({local: account.local, domain: account.domain, roster, bookmarks}, archive()))
    return {file, account: bare, timeZone, timeZoneDefaulted, roster: roster.length, bookmarks: bookmarks.length, chats, skipped, bytes}
  } finally {
    store.close()
  }
}

/**
 * The subscription state of every contact in the account's roster on the server now (RFC 6121
 * §2.1.3), by bare JID, for {@link exportAccount}. Logs in with the workspace's account.
 * Fails with the login's UserErrors, or XmppRequestError when the server refuses the roster.
 */
export async function readRosterSubscriptions(workspace: Workspace, connection: ConnectionFlagValues, connect?: () => Promise<XmppSession>): Promise<Map<string, RosterItem['subscription']>> {
  const session = await (connect ?? (() => connectFromWorkspace(workspace, connection)))()
  try {
    return new Map((await getRoster(session)).map((item) => [item.jid.toLowerCase(), item.subscription]))
  } finally {
    await session.close()
  }
}

/**
 * The text the archive keeps: the body with the tool's label in place of the source's markers
 * (message-content.ts), a mark for an attachment, the map link of a location, "(edited)".
 */
export function messageBody(message: Pick<StoredMessage, 'text' | 'kind' | 'edited'> & {attachment: {name: string} | null}, labels: HistoryLabels): string {
  const parts: string[] = []
  const shown = shownContent(message, labels)
  const attachment = message.attachment?.name ?? null
  // WhatsApp bodies often name the file already ("IMG-….jpg (file attached)").
  if (attachment !== null && !shown.text.includes(attachment)) parts.push(`[${attachment}]`)
  if (shown.label !== null) parts.push(`[${shown.label}]`)
  if (shown.text !== '') parts.push(shown.text)
  if (shown.point !== null) parts.push(openStreetMapUrl(shown.point))
  else if (shown.placeUrl !== null) parts.push(shown.placeUrl)
  if (parts.length > 0 && isEdited(message)) parts.push(`(${labels.edited})`)
  return parts.join(' ')
}

function roomBookmarks(store: Store, nick: string): RoomBookmark[] {
  const repo = RoomRepository.open(store)
  try {
    return [...repo.rooms().values()].filter((r) => r.steps.has('created')).map((r) => ({room: r.address, name: r.name, autojoin: true, nick}))
  } finally {
    repo.close()
  }
}

function targetFile(out: string, bare: string): string {
  const path = resolve(out)
  const existing = statSync(path, {throwIfNoEntry: false})
  return existing?.isDirectory() === true || out.endsWith('/') ? join(path, `${bare}.xml`) : path
}

/**
 * Writes chunks to `file` through a 0600 temporary file renamed into place; returns the size.
 * On failure (a full disk) the temporary file is removed and the error names the file.
 */
function writePrivate(file: string, chunks: Iterable<string>): number {
  makePrivateDir(dirname(file), 'create the folder of the export file')
  const tmp = `${file}.${process.pid}.tmp`
  try {
    return withFileErrors(file, t('errors.file.doing.writeXep0227'), () => {
      const fd = openSync(tmp, 'w', 0o600)
      let bytes = 0
      try {
        fchmodSync(fd, 0o600)
        let buffer = ''
        for (const chunk of chunks) {
          buffer += chunk
          if (buffer.length > 1 << 20) {
            bytes += writeSync(fd, buffer)
            buffer = ''
          }
        }
        bytes += writeSync(fd, buffer)
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, file)
      return bytes
    })
  } catch (error) {
    rmSync(tmp, {force: true})
    throw error
  }
}
