import {xml, type Element} from '@xmpp/xml'

import type {XmppSession} from './XmppSession.js'
import {XmppRequestError} from './XmppRequestError.js'

/**
 * Room bookmarks on the person's own account, XEP-0402 (`urn:xmpp:bookmarks:1`): one PEP item
 * per room, item id = room JID, so publishing twice replaces rather than duplicates.
 */

const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1'
const NS_PUBSUB = 'http://jabber.org/protocol/pubsub'
const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner'
const NS_DATA = 'jabber:x:data'

/** A room bookmark. */
export interface Bookmark {
  /** Room JID (the item id). */
  room: string
  /** Name shown in clients. */
  name: string
  /** Join at login (XEP-0402 §3: autojoin). */
  autojoin: boolean
  /** Preferred nickname, or null. */
  nick: string | null
}

function form(formType: string, fields: Record<string, string>): Element {
  return xml(
    'x',
    {xmlns: NS_DATA, type: 'submit'},
    xml('field', {var: 'FORM_TYPE', type: 'hidden'}, xml('value', {}, formType)),
    ...Object.entries(fields).map(([name, value]) => xml('field', {var: name}, xml('value', {}, value))),
  )
}

/**
 * Publish-options of XEP-0402 §4 (persist, whitelist) plus `max_items=max` so each bookmark is
 * its own item; `level` drops what a server refused ("Unknown field": ejabberd, research §7).
 */
function publishOptions(level: 0 | 1 | 2): Element | null {
  if (level === 2) return null
  const fields: Record<string, string> = {'pubsub#persist_items': 'true', 'pubsub#access_model': 'whitelist'}
  if (level === 0) Object.assign(fields, {'pubsub#max_items': 'max', 'pubsub#send_last_published_item': 'never'})
  return xml('publish-options', {}, form(`${NS_PUBSUB}#publish-options`, fields))
}

/**
 * Publishes one bookmark, falling back when the server refuses publish-options: full
 * options, then without `max_items`/`send_last_published_item`, then none. Resolves with the
 * level used (0 = full options); level > 0 means the node may keep a single item: call
 * {@link allowManyBookmarks} before the next publish.
 */
export async function publishBookmark(session: XmppSession, bookmark: Bookmark, startLevel: 0 | 1 | 2 = 0): Promise<0 | 1 | 2> {
  const conference = xml('conference', {xmlns: NS_BOOKMARKS, name: bookmark.name, autojoin: bookmark.autojoin ? 'true' : 'false'}, ...(bookmark.nick ? [xml('nick', {}, bookmark.nick)] : []))
  for (let level = startLevel; ; level++) {
    const options = publishOptions(level as 0 | 1 | 2)
    const publish = xml('publish', {node: NS_BOOKMARKS}, xml('item', {id: bookmark.room}, conference))
    try {
      await session.iq(xml('iq', {type: 'set'}, xml('pubsub', {xmlns: NS_PUBSUB}, publish, ...(options ? [options] : []))))
      return level as 0 | 1 | 2
    } catch (error) {
      // XEP-0060 §7.1.5: precondition-not-met / resource-constraint ("Unknown field") / bad-request
      // when options are not acceptable; anything else is a real refusal.
      const optionsProblem = error instanceof XmppRequestError && ['conflict', 'precondition-not-met', 'resource-constraint', 'bad-request', 'not-acceptable'].includes(error.condition)
      if (!optionsProblem || level >= 2) throw error
    }
  }
}

/**
 * Configures the bookmarks node to keep every item (XEP-0060 §8.2, `pubsub#max_items`): ejabberd
 * creates it with `max_items=1` when publish-options are refused, so a second bookmark would
 * replace the first. Tries `max`, then 1000.
 */
export async function allowManyBookmarks(session: XmppSession): Promise<void> {
  let lastError: unknown
  for (const value of ['max', '1000']) {
    try {
      const configure = xml('configure', {node: NS_BOOKMARKS}, form(`${NS_PUBSUB}#node_config`, {'pubsub#max_items': value}))
      await session.iq(xml('iq', {type: 'set'}, xml('pubsub', {xmlns: NS_PUBSUB_OWNER}, configure)))
      return
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/** The account's bookmarks (items of its `urn:xmpp:bookmarks:1` node); [] when there is no node. */
export async function listBookmarks(session: XmppSession): Promise<Bookmark[]> {
  let reply: Element
  try {
    reply = await session.iq(xml('iq', {type: 'get'}, xml('pubsub', {xmlns: NS_PUBSUB}, xml('items', {node: NS_BOOKMARKS}))))
  } catch (error) {
    if (error instanceof XmppRequestError && error.condition === 'item-not-found') return []
    throw error
  }
  const items = reply.getChild('pubsub', NS_PUBSUB)?.getChild('items')?.getChildren('item') ?? []
  return items.flatMap((item) => {
    const c = item.getChild('conference', NS_BOOKMARKS)
    if (!c || !item.attrs.id) return []
    return [{room: item.attrs.id.toLowerCase(), name: c.attrs.name ?? '', autojoin: c.attrs.autojoin === 'true' || c.attrs.autojoin === '1', nick: c.getChildText('nick') ?? null}]
  })
}

const NS_PRIVATE = 'jabber:iq:private'
const NS_LEGACY = 'storage:bookmarks'
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info'

/**
 * true when the account's server keeps XEP-0402 bookmarks and the legacy ones in step
 * (`urn:xmpp:bookmarks:1#compat` on the account, XEP-0402 §5). Without it, clients that read
 * only the legacy store (XEP-0048) see no room: ejabberd 23.01 advertises only
 * `urn:xmpp:bookmarks-conversion:0` (research §14).
 */
export async function bookmarksInSync(session: XmppSession): Promise<boolean> {
  const own = (session.boundJid ?? '').split('/')[0] ?? ''
  try {
    const reply = await session.iq(xml('iq', {type: 'get', to: own}, xml('query', {xmlns: NS_DISCO_INFO})))
    return (reply.getChild('query', NS_DISCO_INFO)?.getChildren('feature') ?? []).some((f) => f.attrs.var === `${NS_BOOKMARKS}#compat`)
  } catch (error) {
    if (error instanceof XmppRequestError) return false
    throw error
  }
}

/** The legacy bookmarks (XEP-0048 in XEP-0049 private storage), as stored; null when there are none. */
async function legacyStorage(session: XmppSession): Promise<Element | null> {
  try {
    const reply = await session.iq(xml('iq', {type: 'get'}, xml('query', {xmlns: NS_PRIVATE}, xml('storage', {xmlns: NS_LEGACY}))))
    return reply.getChild('query', NS_PRIVATE)?.getChild('storage', NS_LEGACY) ?? null
  } catch (error) {
    if (error instanceof XmppRequestError && error.condition === 'item-not-found') return null
    throw error
  }
}

/**
 * Adds (or updates) a room in the legacy bookmarks (XEP-0048 §3.2 in private XML storage,
 * XEP-0049): read, merge by room JID (everything else, URLs and other rooms, kept as is), write
 * back. Servers that convert (XEP-0411) mirror it to the `storage:bookmarks` PEP node. Callers
 * serialize calls (read-modify-write).
 */
export async function publishLegacyBookmark(session: XmppSession, bookmark: Bookmark): Promise<void> {
  const stored = await legacyStorage(session)
  const others = (stored?.children ?? []).filter((c) => typeof c === 'string' || !(c.name === 'conference' && (c.attrs.jid ?? '').toLowerCase() === bookmark.room))
  const conference = xml('conference', {jid: bookmark.room, name: bookmark.name, autojoin: bookmark.autojoin ? 'true' : 'false'}, ...(bookmark.nick ? [xml('nick', {}, bookmark.nick)] : []))
  const storage = xml('storage', {xmlns: NS_LEGACY}, ...(others.filter((c) => typeof c !== 'string') as Element[]), conference)
  await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: NS_PRIVATE}, storage)))
}

/** The rooms of the legacy bookmarks (lowercase JIDs). */
export async function listLegacyBookmarks(session: XmppSession): Promise<string[]> {
  const stored = await legacyStorage(session)
  return (stored?.getChildren('conference') ?? []).map((c) => (c.attrs.jid ?? '').toLowerCase()).filter((j) => j !== '')
}

/**
 * Removes a room from the account's bookmarks: the XEP-0402 item is retracted (§3.4, `notify`
 * so the person's other clients drop it) and the room taken out of the legacy store (XEP-0048)
 * when it is there. A bookmark that is not there is not an error.
 */
export async function removeBookmark(session: XmppSession, room: string): Promise<void> {
  const jid = room.toLowerCase()
  try {
    await session.iq(xml('iq', {type: 'set'}, xml('pubsub', {xmlns: NS_PUBSUB}, xml('retract', {node: NS_BOOKMARKS, notify: 'true'}, xml('item', {id: jid})))))
  } catch (error) {
    if (!(error instanceof XmppRequestError && error.condition === 'item-not-found')) throw error
  }
  const stored = await legacyStorage(session)
  if (stored === null) return
  const elements = stored.children.filter((c): c is Element => typeof c !== 'string')
  const kept = elements.filter((c) => !(c.name === 'conference' && (c.attrs.jid ?? '').toLowerCase() === jid))
  if (kept.length === elements.length) return
  await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: NS_PRIVATE}, xml('storage', {xmlns: NS_LEGACY}, ...kept))))
}
