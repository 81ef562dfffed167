import {xml, type Element} from '@xmpp/xml'

import type {XmppSession} from './XmppSession.js'

const NS_INFO = 'http://jabber.org/protocol/disco#info'
const NS_ITEMS = 'http://jabber.org/protocol/disco#items'
const NS_VERSION = 'jabber:iq:version'
const NS_COMMANDS = 'http://jabber.org/protocol/commands'
const NS_UPLOAD = 'urn:xmpp:http:upload:0'

/** A disco#info identity (XEP-0030 §3.1). */
export interface DiscoIdentity {
  /** e.g. `server`, `conference`, `store`. */
  category: string
  /** e.g. `im`, `text`, `file`. */
  type: string
  /** Human name, if given. */
  name?: string
}

/** What disco#info says of one entity. */
export interface DiscoInfo {
  /** Identities. */
  identities: DiscoIdentity[]
  /** Feature namespaces. */
  features: string[]
  /** Extended info forms (XEP-0128), FORM_TYPE → var → values. */
  forms: Record<string, Record<string, string[]>>
}

/** A service the server lists (disco#items) and what it is. */
export interface ServerItem {
  /** Its JID, e.g. `conference.example.org`. */
  jid: string
  /** Human name, if given. */
  name?: string
  /** Its disco#info, or null if it did not answer. */
  info: DiscoInfo | null
}

/**
 * A summary of the account's server, stored as `server-info.json` so later steps know what
 * they can count on. Absent capabilities are `null` or `false`, never guessed.
 */
export interface ServerInfo {
  /** File format version. */
  version: 1
  /** The XMPP domain. */
  domain: string
  /** The account the discovery ran as (its view of commands and PEP depends on it). */
  account: string
  /** When the discovery ran (ISO 8601 UTC). */
  discoveredAt: string
  /** XEP-0092 software version, or null if the server hides it. */
  software: {name: string; version: string; os?: string} | null
  /** The server's own identities and features (disco#info of the domain). */
  server: DiscoInfo
  /** The first group-chat service (XEP-0045: identity conference/text), or null. */
  muc: {jid: string; name?: string} | null
  /** XEP-0363 HTTP upload service, or null; `maxFileSize` in bytes if announced. */
  upload: {jid: string; maxFileSize: number | null} | null
  /**
   * XEP-0401 ad-hoc commands visible to this account (disco#items of the commands node):
   * `contactInvites` = `urn:xmpp:invite#invite`, `accountInvites` = `urn:xmpp:invite#create-account`
   * (usually admins only).
   */
  invites: {contactInvites: boolean; accountInvites: boolean}
  /** XEP-0313 message archive on the account (`urn:xmpp:mam:2` on the bare JID). */
  mam: boolean
  /** XEP-0402 bookmarks (`urn:xmpp:bookmarks:1#compat` on the account; PEP otherwise). */
  bookmarks2: boolean
  /** Every listed service, for the curious (`account show`). */
  items: ServerItem[]
}

/** Reads a disco#info `<query/>` (XEP-0030 §3.1, XEP-0128 forms). */
export function parseDiscoInfo(query: Element | undefined): DiscoInfo {
  const identities = (query?.getChildren('identity') ?? []).map((i) => ({
    category: i.attrs.category ?? '',
    type: i.attrs.type ?? '',
    ...(i.attrs.name ? {name: i.attrs.name} : {}),
  }))
  const features = (query?.getChildren('feature') ?? []).map((f) => f.attrs.var ?? '').filter((v) => v !== '')
  const forms: Record<string, Record<string, string[]>> = {}
  for (const x of query?.getChildren('x', 'jabber:x:data') ?? []) {
    const fields: Record<string, string[]> = {}
    for (const field of x.getChildren('field')) {
      if (field.attrs.var) fields[field.attrs.var] = field.getChildren('value').map((v) => v.getText())
    }
    const formType = fields.FORM_TYPE?.[0]
    if (formType) forms[formType] = fields
  }
  return {identities, features, forms}
}

/** Inputs of {@link summarizeServerInfo}: raw discovery answers. */
export interface DiscoveryResults {
  domain: string
  account: string
  discoveredAt: Date
  serverInfo: DiscoInfo
  items: ServerItem[]
  software: ServerInfo['software']
  commandNodes: string[]
  accountInfo: DiscoInfo | null
}

/** Builds the {@link ServerInfo} summary from discovery answers (pure). */
export function summarizeServerInfo(r: DiscoveryResults): ServerInfo {
  const mucItem = r.items.find((i) => i.info?.identities.some((id) => id.category === 'conference' && id.type === 'text') && i.info.features.includes('http://jabber.org/protocol/muc'))
  const uploadItem = r.items.find((i) => i.info?.features.includes(NS_UPLOAD))
  const maxSize = uploadItem?.info?.forms[NS_UPLOAD]?.['max-file-size']?.[0]
  const accountFeatures = r.accountInfo?.features ?? []
  return {
    version: 1,
    domain: r.domain,
    account: r.account,
    discoveredAt: r.discoveredAt.toISOString(),
    software: r.software,
    server: r.serverInfo,
    muc: mucItem ? {jid: mucItem.jid, ...(mucItem.name ? {name: mucItem.name} : {})} : null,
    upload: uploadItem ? {jid: uploadItem.jid, maxFileSize: maxSize !== undefined && /^\d+$/.test(maxSize) ? Number(maxSize) : null} : null,
    invites: {
      contactInvites: r.commandNodes.includes('urn:xmpp:invite#invite'),
      accountInvites: r.commandNodes.includes('urn:xmpp:invite#create-account'),
    },
    // MAM is advertised on the account's bare JID (XEP-0313 §7); some servers also list it on the domain.
    mam: accountFeatures.includes('urn:xmpp:mam:2') || r.serverInfo.features.includes('urn:xmpp:mam:2'),
    bookmarks2: accountFeatures.includes('urn:xmpp:bookmarks:1#compat'),
    items: r.items,
  }
}

async function discoInfo(session: XmppSession, to: string, node?: string): Promise<DiscoInfo | null> {
  try {
    const reply = await session.iq(xml('iq', {type: 'get', to}, xml('query', {xmlns: NS_INFO, node})))
    return parseDiscoInfo(reply.getChild('query', NS_INFO))
  } catch {
    return null
  }
}

async function discoItems(session: XmppSession, to: string, node?: string): Promise<{jid: string; name?: string; node?: string}[]> {
  try {
    const reply = await session.iq(xml('iq', {type: 'get', to}, xml('query', {xmlns: NS_ITEMS, node})))
    return (reply.getChild('query', NS_ITEMS)?.getChildren('item') ?? []).map((i) => ({
      jid: i.attrs.jid ?? '',
      ...(i.attrs.name ? {name: i.attrs.name} : {}),
      ...(i.attrs.node ? {node: i.attrs.node} : {}),
    }))
  } catch {
    return []
  }
}

/**
 * Discovers what the account's server offers (XEP-0030 info and items of the domain, info of
 * each item, XEP-0050 command list, XEP-0092 version, the account's own disco#info).
 * Needs an authenticated session. Unanswered queries count as "not offered"; it only fails if
 * the connection does.
 */
export async function discoverServer(session: XmppSession, now: () => Date = () => new Date()): Promise<ServerInfo> {
  const domain = session.options.domain
  const account = (session.boundJid ?? domain).split('/')[0] ?? domain
  const [serverInfo, itemList, commands, accountInfo, software] = await Promise.all([
    discoInfo(session, domain),
    discoItems(session, domain),
    discoItems(session, domain, NS_COMMANDS),
    discoInfo(session, account),
    (async () => {
      try {
        const q = (await session.iq(xml('iq', {type: 'get', to: domain}, xml('query', {xmlns: NS_VERSION})))).getChild('query', NS_VERSION)
        const name = q?.getChildText('name')
        if (!name) return null
        const os = q?.getChildText('os')
        return {name, version: q?.getChildText('version') ?? '', ...(os ? {os} : {})}
      } catch {
        return null
      }
    })(),
  ])
  const items: ServerItem[] = await Promise.all(
    itemList
      .filter((i) => i.jid !== '' && i.node === undefined)
      .map(async (i) => ({jid: i.jid, ...(i.name ? {name: i.name} : {}), info: await discoInfo(session, i.jid)})),
  )
  return summarizeServerInfo({
    domain,
    account,
    discoveredAt: now(),
    serverInfo: serverInfo ?? {identities: [], features: [], forms: {}},
    items,
    software,
    commandNodes: commands.map((c) => c.node ?? ''),
    accountInfo,
  })
}
