import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {rootCertificates} from 'node:tls'

import {xml} from './xml.js'
import type {XmppSession} from './XmppSession.js'
import {XmppRequestError} from './XmppRequestError.js'
import {t} from '../i18n/index.js'

const NS_UPLOAD = 'urn:xmpp:http:upload:0'

/** An upload slot (XEP-0363 §4): where to PUT the file and where it can be fetched from. */
export interface UploadSlot {
  /** HTTP(S) URL to PUT the file to. */
  putUrl: string
  /** Headers the server wants on the PUT (only Authorization, Cookie, Expires: §5). */
  putHeaders: Record<string, string>
  /** The URL people download the file from. */
  getUrl: string
}

/** A slot refused because the file is bigger than the service takes. */
export class UploadTooLargeError extends Error {
  /** The limit in bytes the server gave, or null. */
  readonly maxFileSize: number | null
  constructor(maxFileSize: number | null, cause: unknown) {
    super(maxFileSize === null ? t('errors.upload.tooLarge') : t('errors.upload.tooLargeMax', {max: maxFileSize}), {cause})
    this.name = 'UploadTooLargeError'
    this.maxFileSize = maxFileSize
  }
}

// XEP-0363 §5: a client must only pass these headers on, and strip newlines from their values.
const ALLOWED_HEADERS = new Set(['authorization', 'cookie', 'expires'])

/**
 * Asks the upload service for a slot (XEP-0363 §4). Fails with UploadTooLargeError when the
 * service answers `<file-too-large/>` (§4.1), XmppRequestError for other refusals (quota:
 * `resource-constraint`, type `wait`), or the session's connection errors.
 */
export async function requestUploadSlot(session: XmppSession, service: string, file: {filename: string; size: number; contentType: string}): Promise<UploadSlot> {
  let reply
  try {
    reply = await session.iq(xml('iq', {type: 'get', to: service}, xml('request', {xmlns: NS_UPLOAD, filename: file.filename, size: String(file.size), 'content-type': file.contentType})))
  } catch (error) {
    if (error instanceof XmppRequestError) {
      const tooLarge = /<file-too-large[^>]*>(?:\s*<max-file-size>(\d+)<\/max-file-size>)?/.exec(error.stanza)
      if (tooLarge) throw new UploadTooLargeError(tooLarge[1] === undefined ? null : Number(tooLarge[1]), error)
    }
    throw error
  }
  const slot = reply.getChild('slot', NS_UPLOAD)
  const put = slot?.getChild('put')
  const get = slot?.getChild('get')
  const putUrl = put?.attrs.url
  const getUrl = get?.attrs.url
  if (!putUrl || !getUrl) throw new XmppRequestError('bad-request', t('errors.upload.noSlot'), '', reply.toString())
  const putHeaders: Record<string, string> = {}
  for (const header of put?.getChildren('header') ?? []) {
    const name = header.attrs.name ?? ''
    if (ALLOWED_HEADERS.has(name.toLowerCase())) putHeaders[name] = header.text().replace(/[\r\n]/g, '')
  }
  return {putUrl, putHeaders, getUrl}
}

/** An HTTP PUT that did not end in 200/201. */
export class UploadHttpError extends Error {
  /** HTTP status, or null when the request failed before an answer. */
  readonly status: number | null
  constructor(status: number | null, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : {cause})
    this.name = 'UploadHttpError'
    this.status = status
  }
}

/**
 * A slot whose URL is plain `http://` to another machine: the file (private conversations) would
 * cross the network unencrypted, and anyone on the way could read or replace it (issue 14).
 */
export class UploadNotEncryptedError extends Error {
  /** The URL the server gave. */
  readonly url: string
  constructor(url: string) {
    super(t('errors.upload.notEncrypted', {host: new URL(url).host}))
    this.name = 'UploadNotEncryptedError'
    this.url = url
  }
}

/** Whether `host` (a URL's hostname) is this machine: plain HTTP there never crosses a network. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::1' || /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
}

/**
 * PUTs the bytes to the slot (XEP-0363 §5) with the slot's headers, Content-Type and
 * Content-Length. HTTPS certificates are verified (system roots plus `extraCa`). Plain `http://`
 * (to PUT or to GET) is refused before anything is sent, unless the host is this machine
 * (loopback) or `allowHttp`. Resolves on 200/201; fails with UploadNotEncryptedError, or
 * UploadHttpError otherwise.
 */
export async function putToSlot(slot: UploadSlot, body: Uint8Array, contentType: string, options: {extraCa?: string[]; timeoutMs?: number; allowHttp?: boolean} = {}): Promise<void> {
  const url = new URL(slot.putUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UploadHttpError(null, t('errors.upload.badProtocol', {protocol: url.protocol}))
  if (!options.allowHttp) {
    for (const address of [slot.putUrl, slot.getUrl]) {
      const parsed = new URL(address)
      if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) throw new UploadNotEncryptedError(address)
    }
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  await new Promise<void>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'PUT',
        headers: {...slot.putHeaders, 'Content-Type': contentType, 'Content-Length': String(body.byteLength)},
        timeout: options.timeoutMs ?? 120_000,
        ...(url.protocol === 'https:' && options.extraCa && options.extraCa.length > 0 ? {ca: [...rootCertificates, ...options.extraCa]} : {}),
      },
      (res) => {
        res.resume()
        res.on('end', () => {
          const status = res.statusCode ?? 0
          if (status === 200 || status === 201) resolve()
          else reject(new UploadHttpError(status, t('errors.upload.httpStatus', {status: `${status} ${res.statusMessage ?? ''}`.trim()})))
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(t('errors.upload.timeout'))))
    req.on('error', (error) => reject(error instanceof UploadHttpError ? error : new UploadHttpError(null, t('errors.upload.failed', {why: error.message}), error)))
    req.end(body)
  })
}

/**
 * Sends a groupchat message (XEP-0045 §7.4) and waits for the room to reflect it back, which
 * is the room's acknowledgement (matched by `id`, kept by Prosody and ejabberd, or by the
 * XEP-0359 origin-id). With `oob`, the message carries XEP-0066 out-of-band data
 * (`jabber:x:oob`) and its body is exactly the URL: that is how Conversations and others know
 * to show it as a file rather than as text.
 * Fails with XmppRequestError for an error reply (e.g. `forbidden`: not allowed to speak) or a timeout.
 */
export async function sendRoomMessage(session: XmppSession, room: string, id: string, body: string, oob?: {url: string; description: string}, timeoutMs = session.options.timeoutMs): Promise<void> {
  let stop: () => void = () => {}
  const reflected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new XmppRequestError('remote-server-timeout', t('errors.rooms.noReflection', {room}), 'wait', ''))
    }, timeoutMs)
    stop = session.onStanza((stanza) => {
      if (stanza.name !== 'message') return
      if ((stanza.attrs.from ?? '').split('/')[0]?.toLowerCase() !== room.toLowerCase()) return
      const originId = stanza.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id
      if (stanza.attrs.id !== id && originId !== id) return
      clearTimeout(timer)
      stop()
      if (stanza.attrs.type === 'error') {
        const error = stanza.getChild('error')
        const condition = error?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition'
        reject(new XmppRequestError(condition, error?.getChildText('text') ?? '', error?.attrs.type ?? '', stanza.toString()))
      } else resolve()
    })
  })
  reflected.catch(() => {})
  const children = [xml('body', {}, oob ? oob.url : body)]
  if (oob) children.push(xml('x', {xmlns: 'jabber:x:oob'}, xml('url', {}, oob.url), xml('desc', {}, oob.description)))
  children.push(xml('origin-id', {xmlns: 'urn:xmpp:sid:0', id}))
  await session.send(xml('message', {to: room, type: 'groupchat', id}, ...children))
  await reflected
}

/**
 * Sends a one-to-one message (RFC 6121 §5, type `chat`) to a person, optionally with XEP-0066
 * out-of-band data (body = the URL, as for rooms), then waits for a round trip to the account's
 * server (XEP-0199 ping): the server has then routed it (in-order processing, RFC 6120 §10.1).
 * An error bounced for this id before the round trip ends (e.g. `service-unavailable`: no such
 * account on the server) fails the call; a remote server's late bounce cannot be seen here.
 * Carries XEP-0359 origin-id and XEP-0334 `<store/>` so the message reaches the archive (MAM)
 * and an offline person gets it when they connect.
 * Fails with XmppRequestError (the bounce, or the ping's error or timeout).
 */
export async function sendChatMessage(session: XmppSession, to: string, id: string, body: string, oob?: {url: string; description: string}): Promise<void> {
  let bounced: XmppRequestError | null = null
  const stop = session.onStanza((stanza) => {
    if (stanza.name !== 'message' || stanza.attrs.type !== 'error' || stanza.attrs.id !== id) return
    const error = stanza.getChild('error')
    const condition = error?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition'
    bounced = new XmppRequestError(condition, error?.getChildText('text') ?? '', error?.attrs.type ?? '', stanza.toString())
  })
  try {
    const children = [xml('body', {}, oob ? oob.url : body)]
    if (oob) children.push(xml('x', {xmlns: 'jabber:x:oob'}, xml('url', {}, oob.url), xml('desc', {}, oob.description)))
    children.push(xml('origin-id', {xmlns: 'urn:xmpp:sid:0', id}), xml('store', {xmlns: 'urn:xmpp:hints'}))
    await session.send(xml('message', {to, type: 'chat', id}, ...children))
    await session.iq(xml('iq', {type: 'get', to: session.options.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
  } finally {
    stop()
  }
  if (bounced !== null) throw bounced
}
