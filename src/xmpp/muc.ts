import {xml, type Element} from '@xmpp/xml'

import {parseDiscoInfo, type DiscoInfo} from './discovery.js'
import {parseDataForm, roomConfigSubmission, type FormField} from './muc-config.js'
import type {XmppSession} from './XmppSession.js'
import {stanzaError, XmppRequestError} from './XmppRequestError.js'
import {t} from '../i18n/index.js'

/**
 * Multi-User Chat (XEP-0045) requests the rooms step needs, as typed functions over an
 * authenticated XmppSession. Server errors come back as XmppRequestError (the condition);
 * callers that know the room turn them into sentences.
 */

const NS_MUC = 'http://jabber.org/protocol/muc'
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user'
const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin'
const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner'
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info'
const NS_CONFERENCE = 'jabber:x:conference'

/** A room affiliation (XEP-0045 §5.2). */
export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none'

/** The disco#info of a room, or null when it does not exist (`item-not-found`, §6.4). */
export async function roomInfo(session: XmppSession, room: string): Promise<DiscoInfo | null> {
  try {
    const reply = await session.iq(xml('iq', {type: 'get', to: room}, xml('query', {xmlns: NS_DISCO_INFO})))
    return parseDiscoInfo(reply.getChild('query', NS_DISCO_INFO))
  } catch (error) {
    if (error instanceof XmppRequestError && error.condition === 'item-not-found') return null
    throw error
  }
}

/**
 * The bare JIDs holding `affiliation` in a room (§9.5, §10.5), lowercase. Owners and admins may
 * always ask; members of a members-only room may read the member list on Prosody and ejabberd.
 * Fails with XmppRequestError `forbidden` for others.
 */
export async function affiliationList(session: XmppSession, room: string, affiliation: Affiliation): Promise<string[]> {
  const reply = await session.iq(xml('iq', {type: 'get', to: room}, xml('query', {xmlns: NS_MUC_ADMIN}, xml('item', {affiliation}))))
  return (reply.getChild('query', NS_MUC_ADMIN)?.getChildren('item') ?? []).map((i) => (i.attrs.jid ?? '').split('/')[0]!.toLowerCase()).filter((j) => j !== '')
}

/**
 * Sets one JID's affiliation: exactly one `<item/>` per request, because Prosody applies only
 * the first item of a multi-item `muc#admin` set while answering success (research §6.2).
 */
export async function setAffiliation(session: XmppSession, room: string, jid: string, affiliation: Affiliation, reason?: string): Promise<void> {
  const item = xml('item', {affiliation, jid}, ...(reason ? [xml('reason', {}, reason)] : []))
  await session.iq(xml('iq', {type: 'set', to: room}, xml('query', {xmlns: NS_MUC_ADMIN}, item)))
}

/** Who holds an address, as seen by `ownJid` (see AddressState in src/rooms/types.ts). */
export async function probeRoomOwnership(session: XmppSession, room: string, ownJid: string): Promise<'free' | 'mine' | 'other'> {
  let info: DiscoInfo | null
  try {
    info = await roomInfo(session, room)
  } catch (error) {
    // `gone` (RFC 6120 §8.3.3.5): a room destroyed recently whose address the server keeps
    // retired (Prosody's tombstones, 31 days by default, muc_tombstone_expiry): not usable.
    if (error instanceof XmppRequestError && error.condition === 'gone') return 'other'
    throw error
  }
  if (info === null) return 'free'
  try {
    const owners = await affiliationList(session, room, 'owner')
    return owners.includes(ownJid.split('/')[0]!.toLowerCase()) ? 'mine' : 'other'
  } catch (error) {
    // Only owners may read the owner list on most servers: a refusal means "not ours".
    if (error instanceof XmppRequestError) return 'other'
    throw error
  }
}

/** What entering a room found. */
export interface RoomEntry {
  /** true when the server created the room for us (status 201, §10.1.1). */
  created: boolean
  /** The nickname we got. */
  nick: string
  /** Full occupant JIDs (`room/nick`) of the others present when we entered. */
  others: string[]
}

/**
 * Enters (and, if it does not exist, creates) a room: presence to `room/nick` with a
 * `<x xmlns='http://jabber.org/protocol/muc'/>` (§7.2, §10.1.1), and waits for our own
 * presence back (status 110). History is not requested (`maxstanzas=0`).
 * Fails with XmppRequestError for an error presence (`conflict` nick taken, `forbidden` banned,
 * `not-allowed` creation restricted, `registration-required` members-only, …) or a timeout.
 */
export async function enterRoom(session: XmppSession, room: string, nick: string, password: string | null = null, timeoutMs = session.options.timeoutMs): Promise<RoomEntry> {
  const occupant = `${room}/${nick}`
  const others: string[] = []
  let stop: () => void = () => {}
  const answer = new Promise<RoomEntry>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new XmppRequestError('remote-server-timeout', t('errors.rooms.noJoinAnswer', {room}), 'wait', ''))
    }, timeoutMs)
    stop = session.onStanza((stanza) => {
      if (stanza.name !== 'presence') return
      const from = stanza.attrs.from ?? ''
      if ((from.split('/')[0] ?? '').toLowerCase() !== room.toLowerCase()) return
      if (stanza.attrs.type === 'error') {
        clearTimeout(timer)
        stop()
        reject(stanzaError(stanza))
        return
      }
      const x = stanza.getChild('x', NS_MUC_USER)
      const codes = (x?.getChildren('status') ?? []).map((s) => s.attrs.code)
      if (!codes.includes('110') || stanza.attrs.type === 'unavailable') {
        // Our own unavailable presence (110 with type unavailable: kicked, removed, the room
        // destroyed, or the leave of an earlier session) is not an entry (XEP-0045 §7.2.3).
        if (stanza.attrs.type !== 'unavailable') others.push(from)
        return
      }
      clearTimeout(timer)
      stop()
      resolve({created: codes.includes('201'), nick: from.slice(room.length + 1) || nick, others})
    })
  })
  answer.catch(() => {})
  const mucX = xml('x', {xmlns: NS_MUC}, xml('history', {maxstanzas: '0'}), ...(password ? [xml('password', {}, password)] : []))
  await session.send(xml('presence', {to: occupant}, mucX))
  return answer
}

/** Leaves a room (unavailable presence, §7.14); does not wait. */
export async function leaveRoom(session: XmppSession, room: string, nick: string): Promise<void> {
  await session.send(xml('presence', {to: `${room}/${nick}`, type: 'unavailable'}))
}

/** The room's configuration form (§10.2), as fields. */
export async function roomConfigForm(session: XmppSession, room: string): Promise<FormField[]> {
  const reply = await session.iq(xml('iq', {type: 'get', to: room}, xml('query', {xmlns: NS_MUC_OWNER})))
  return parseDataForm(reply.getChild('query', NS_MUC_OWNER)?.getChild('x', 'jabber:x:data'))
}

/** Submits a configuration (§10.2); on a locked new room this unlocks it (§10.1.3). */
export async function submitRoomConfig(session: XmppSession, room: string, values: ReadonlyMap<string, string[]>): Promise<void> {
  await session.iq(xml('iq', {type: 'set', to: room}, xml('query', {xmlns: NS_MUC_OWNER}, roomConfigSubmission(values))))
}

/**
 * A mediated invitation (§7.8.2): sent to the room, which relays it to `jid` (Prosody also
 * grants `member` in a members-only room). ejabberd relays only from an occupant: enter first.
 * `id` makes the stanza recognisable (deterministic per room and invitee).
 */
export async function sendMediatedInvite(session: XmppSession, room: string, jid: string, reason: string, id: string): Promise<void> {
  const invite = xml('invite', {to: jid}, xml('reason', {}, reason))
  await session.send(xml('message', {to: room, id}, xml('x', {xmlns: NS_MUC_USER}, invite)))
}

/** A direct invitation (XEP-0249 §2): sent to the person, naming the room. */
export async function sendDirectInvite(session: XmppSession, room: string, jid: string, reason: string, id: string, password: string | null = null): Promise<void> {
  const attrs: Record<string, string> = {xmlns: NS_CONFERENCE, jid: room, reason}
  if (password) attrs.password = password
  await session.send(xml('message', {to: jid, id}, xml('x', attrs)))
}

/**
 * A round trip to the account's server (XEP-0199 ping): when it answers, every stanza sent
 * before on this stream has been read and routed (RFC 6120 §10.1, in-order processing).
 */
export async function pingServer(session: XmppSession): Promise<void> {
  await session.iq(xml('iq', {type: 'get', to: session.options.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
}

/** An invitation found in a received message (either kind). */
export interface ReceivedInvite {
  /** `mediated` (§7.8.2, from the room) or `direct` (XEP-0249). */
  kind: 'mediated' | 'direct'
  /** The room's bare JID. */
  room: string
  /** Who invited (mediated: the `from` of `<invite/>`), bare, or null. */
  inviter: string | null
  /** The reason text, or ''. */
  reason: string
}

/**
 * Reads an invitation out of a `<message/>`, or null. A mediated invitation also carries a
 * `jabber:x:conference` element (Prosody, ejabberd): it counts once, as mediated.
 */
export function parseInvite(message: Element): ReceivedInvite | null {
  if (message.name !== 'message') return null
  const invite = message.getChild('x', NS_MUC_USER)?.getChild('invite')
  if (invite) {
    return {kind: 'mediated', room: (message.attrs.from ?? '').split('/')[0]!.toLowerCase(), inviter: invite.attrs.from ? invite.attrs.from.split('/')[0]!.toLowerCase() : null, reason: invite.getChildText('reason') ?? ''}
  }
  const conference = message.getChild('x', NS_CONFERENCE)
  if (conference?.attrs.jid) {
    return {kind: 'direct', room: conference.attrs.jid.toLowerCase(), inviter: message.attrs.from ? message.attrs.from.split('/')[0]!.toLowerCase() : null, reason: conference.attrs.reason ?? ''}
  }
  return null
}

/**
 * Destroys a room (XEP-0045 §10.9): only an owner may. The server tells every occupant, with
 * `reason`, in their unavailable presence (`<destroy/>`); the room and its affiliations are
 * gone. Returns `gone` when the room did not exist (already destroyed: nothing to do).
 * Prosody keeps a destroyed persistent room's address retired for a while (a tombstone, 31 days
 * by default): a room made again for the same group gets another address there.
 * Fails with XmppRequestError (`forbidden`: not an owner; `not-allowed`, …) or a timeout.
 */
export async function destroyRoom(session: XmppSession, room: string, reason: string): Promise<'destroyed' | 'gone'> {
  try {
    await session.iq(xml('iq', {type: 'set', to: room}, xml('query', {xmlns: NS_MUC_OWNER}, xml('destroy', {}, xml('reason', {}, reason)))))
    return 'destroyed'
  } catch (error) {
    // Already destroyed: unknown now, or kept as a tombstone (`gone`, Prosody) for a while.
    if (error instanceof XmppRequestError && (error.condition === 'item-not-found' || error.condition === 'gone')) return 'gone'
    throw error
  }
}
