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
