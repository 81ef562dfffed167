// i18n-ignore-file: XML of the XEP-0227 format, no sentence
import {xml, xmlSafe, type Element} from '../xmpp/xml.js'

/**
 * XEP-0227 (Portable Import/Export Format for XMPP-IM Servers, "PIEFXIS") for one account, in
 * the shape Prosody's mod_storage_xep0227 reads (one `<user>` per file; research §11.1):
 * roster (`jabber:iq:roster`), PEP items (XEP-0402 bookmarks under
 * `http://jabber.org/protocol/pubsub`, node config under `#owner`), and the message archive
 * (`urn:xmpp:pie:0#mam` › `<result xmlns='urn:xmpp:mam:2' id>` › `<forwarded>` › `<delay>` +
 * `<message>`). Never any password or credential: the account keeps its own.
 */

const NS_PIE = 'urn:xmpp:pie:0'
const NS_PIE_MAM = 'urn:xmpp:pie:0#mam'
const NS_PUBSUB = 'http://jabber.org/protocol/pubsub'
const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner'
const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1'

/** A roster item. */
export interface RosterEntry {
  /** Bare JID. */
  jid: string
  /** Name shown. */
  name: string
  /** Roster groups (e.g. the titles of the groups shared with them). */
  groups: string[]
  /** The subscription state the server has now (RFC 6121 §2.1.2.5); `none` when it has none. */
  subscription: 'none' | 'to' | 'from' | 'both'
}

/** A room bookmark (XEP-0402 §3). */
export interface RoomBookmark {
  /** Room JID (the item id). */
  room: string
  name: string
  autojoin: boolean
  nick: string | null
}

/** One archived 1:1 message, as the account's MAM archive keeps it. */
export interface ArchivedMessage {
  /** Stable archive id (`<result id>`; the server de-duplicates on it). */
  id: string
  /** Instant, ISO 8601 UTC (XEP-0082). */
  stamp: string
  /** `sent` by the account, or `received` from `peer`. */
  direction: 'sent' | 'received'
  /** The other person's bare JID. */
  peer: string
  /** Message text. */
  body: string
}

/** What goes into the file. */
export interface AccountExport {
  /** The account: local part and domain. */
  local: string
  domain: string
  roster: RosterEntry[]
  bookmarks: RoomBookmark[]
}

/** Text without the characters XML forbids (see src/xmpp/xml.ts). */
export {xmlSafe}

function rosterElement(entries: RosterEntry[]): Element {
  return xml(
    'query',
    {xmlns: 'jabber:iq:roster'},
    // The subscription the server has now: an import replaces the roster, so writing `none` for
    // a mutual contact would cut the presence both already share. A contact the server does not
    // list yet is `none`: clients ask for presence at first login (RFC 6121 §3).
    ...entries.map((e) => xml('item', {jid: e.jid, name: xmlSafe(e.name), subscription: e.subscription}, ...e.groups.map((g) => xml('group', {}, xmlSafe(g))))),
  )
}

function bookmarkElements(bookmarks: RoomBookmark[]): Element[] {
  if (bookmarks.length === 0) return []
  // XEP-0402 §5: the node is private (whitelist) and keeps every item.
  const config = xml(
    'x',
    {xmlns: 'jabber:x:data', type: 'submit'},
    xml('field', {var: 'FORM_TYPE', type: 'hidden'}, xml('value', {}, `${NS_PUBSUB}#node_config`)),
    xml('field', {var: 'pubsub#persist_items'}, xml('value', {}, 'true')),
    xml('field', {var: 'pubsub#access_model'}, xml('value', {}, 'whitelist')),
    xml('field', {var: 'pubsub#max_items'}, xml('value', {}, 'max')),
  )
  return [
    xml('pubsub', {xmlns: NS_PUBSUB_OWNER}, xml('configure', {node: NS_BOOKMARKS}, config)),
    xml(
      'pubsub',
      {xmlns: NS_PUBSUB},
      xml(
        'items',
        {node: NS_BOOKMARKS},
        ...bookmarks.map((b) =>
          xml('item', {id: b.room}, xml('conference', {xmlns: NS_BOOKMARKS, name: xmlSafe(b.name), autojoin: b.autojoin ? 'true' : 'false'}, ...(b.nick ? [xml('nick', {}, xmlSafe(b.nick))] : []))),
        ),
      ),
    ),
  ]
}

/** One `<result>` of the archive (XEP-0313 §4.2 form, as in mod_storage_xep0227). */
export function archiveResult(account: string, m: ArchivedMessage): Element {
  const from = m.direction === 'sent' ? account : m.peer
  const to = m.direction === 'sent' ? m.peer : account
  return xml(
    'result',
    {xmlns: 'urn:xmpp:mam:2', id: m.id},
    xml(
      'forwarded',
      {xmlns: 'urn:xmpp:forward:0'},
      xml('delay', {xmlns: 'urn:xmpp:delay', stamp: m.stamp}),
      xml('message', {xmlns: 'jabber:client', from, to, type: 'chat', id: m.id}, xml('body', {}, xmlSafe(m.body))),
    ),
  )
}

/**
 * The file as text chunks (the archive can be large): XML declaration, `<server-data>`,
 * `<host>`, `<user>` with roster, bookmarks and archive.
 */
export function* piefxisChunks(account: AccountExport, archive: Iterable<ArchivedMessage>): Generator<string> {
  const bare = `${account.local}@${account.domain}`
  yield `<?xml version='1.0' encoding='UTF-8'?>\n<server-data xmlns='${NS_PIE}'>\n<host jid='${escapeAttr(account.domain)}'>\n<user name='${escapeAttr(account.local)}'>\n`
  yield `${rosterElement(account.roster).toString()}\n`
  for (const element of bookmarkElements(account.bookmarks)) yield `${element.toString()}\n`
  yield `<archive xmlns='${NS_PIE_MAM}'>\n`
  for (const m of archive) yield `${archiveResult(bare, m).toString()}\n`
  yield '</archive>\n</user>\n</host>\n</server-data>\n'
}

function escapeAttr(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}
