import {UserError} from '../errors/index.js'
import {XmppErrorCode} from './errors.js'
import {t} from '../i18n/index.js'

/** What an invitation link (XEP-0401, XEP-0379) tells us. */
export interface Invite {
  /** The pre-authentication token to send in `<preauth xmlns='urn:xmpp:pars:0'/>` (XEP-0379 §3.1). */
  token: string
  /** The server the invitation is for; absent for a landing-page URL whose host is not the XMPP domain. */
  domain?: string
  /** For `xmpp:bob@host?register;preauth=…`: the username the invitation is bound to. */
  username?: string
  /** For `xmpp:alice@host?roster;preauth=…`: who invited (becomes a mutual contact, XEP-0379). */
  inviter?: string
  /** `register` = account invitation (XEP-0401 §4); `roster` = contact invitation (XEP-0379). */
  action: 'register' | 'roster'
  /**
   * Whether this invitation may create an account: always for `register`, and for `roster` only
   * with `ibr=y` (XEP-0401 §5.1).
   */
  allowsRegistration: boolean
  /** The https landing page the link came from, if it was one. */
  landingPage?: string
  /** The web host of the landing page (a hint for the domain when the page does not name it). */
  webHost?: string
}

// XEP-0379/0401 tokens are URL-safe; Prosody's are 24 chars of [A-Za-z0-9_-]. Accept a broad
// safe set, reject anything that could smuggle markup or separators.
const TOKEN_RE = /^[A-Za-z0-9_\-.~]{6,256}$/

function unreadable(why: string): UserError {
  return new UserError(XmppErrorCode.INVITE_UNREADABLE, t('errors.invitations.unreadable', {why}), {
    suggestions: [t('errors.invitations.unreadableCopy'), t('errors.invitations.unreadableBrowser')],
  })
}

/**
 * Parses an XMPP URI (RFC 5122, XEP-0147) carrying a preauth token:
 * `xmpp:example.test?register;preauth=TOKEN`, `xmpp:bob@example.test?register;preauth=TOKEN`,
 * `xmpp:alice@example.test?roster;preauth=TOKEN;ibr=y`. Returns null when it has no token.
 */
function parseXmppUri(uri: string): Omit<Invite, 'landingPage' | 'webHost'> | null {
  const body = uri.replace(/^xmpp:(\/\/[^/]*\/)?/i, '')
  const q = body.indexOf('?')
  if (q < 0) return null
  const address = decodeURIComponent(body.slice(0, q))
  const [action = '', ...params] = body.slice(q + 1).split(';')
  const values = new Map<string, string>()
  for (const param of params) {
    const eq = param.indexOf('=')
    if (eq > 0) values.set(param.slice(0, eq).toLowerCase(), decodeURIComponent(param.slice(eq + 1)))
  }
  const token = values.get('preauth')
  if (token === undefined) return null
  if (!TOKEN_RE.test(token)) throw unreadable(t('errors.invitations.why.badToken'))
  const at = address.lastIndexOf('@')
  const local = at >= 0 ? address.slice(0, at) : undefined
  const domain = (at >= 0 ? address.slice(at + 1) : address).split('/')[0]?.toLowerCase()
  if (!domain) throw unreadable(t('errors.invitations.why.noServer'))
  const normalizedAction = action.toLowerCase()
  if (normalizedAction === 'register') {
    return {token, domain, ...(local ? {username: local.toLowerCase()} : {}), action: 'register', allowsRegistration: true}
  }
  if (normalizedAction === 'roster') {
    return {token, domain, ...(local ? {inviter: `${local}@${domain}`} : {}), action: 'roster', allowsRegistration: values.get('ibr') === 'y'}
  }
  throw unreadable(t('errors.invitations.why.otherAction', {action}))
}

/**
 * Reads an invitation however the person received it:
 * - an `xmpp:` URI (above);
 * - a landing page whose fragment or query holds the `xmpp:` URI (xmpp.link-style pages,
 *   `https://host/#xmpp:…` or `#alice@host?roster;preauth=…`);
 * - a landing page carrying only the token: `https://host/invite/TOKEN`,
 *   `https://host/invites_page?TOKEN` (Prosody mod_invites_page), `…?preauth=TOKEN`.
 *   Then `domain` is absent (the page's host may be a web server, not the XMPP domain).
 *
 * Throws a UserError XMPP_INVITE_UNREADABLE when no token can be found.
 */
export function parseInvite(input: string): Invite {
  const text = input.trim()
  if (/^xmpp:/i.test(text)) {
    const parsed = parseXmppUri(text)
    if (!parsed) throw unreadable(t('errors.invitations.why.noToken'))
    return parsed
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw unreadable(t('errors.invitations.why.notALink'))
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw unreadable(t('errors.invitations.why.protocol', {protocol: url.protocol}))
  const page = {landingPage: text, webHost: url.hostname.toLowerCase()}

  // The whole xmpp: URI in the fragment (or percent-encoded in it).
  const fragment = decodeURIComponent(url.hash.replace(/^#/, ''))
  if (fragment) {
    const candidate = /^xmpp:/i.test(fragment) ? fragment : `xmpp:${fragment}`
    if (/[?;]preauth=/i.test(candidate)) {
      const parsed = parseXmppUri(candidate)
      if (parsed) return {...parsed, ...page}
    }
  }
  // An xmpp: URI as a query value (`?uri=xmpp:…`).
  for (const value of url.searchParams.values()) {
    if (/^xmpp:/i.test(value)) {
      const parsed = parseXmppUri(value)
      if (parsed) return {...parsed, ...page}
    }
  }
  // Only the token: `?preauth=T`, `?T` (mod_invites_page), or the last path segment of `/invite/T`.
  const token =
    url.searchParams.get('preauth') ??
    (url.search.length > 1 && !url.search.includes('=') ? decodeURIComponent(url.search.slice(1)) : undefined) ??
    (/\/(?:invite|invites?_page|i|register)\/([^/]+)\/?$/i.exec(url.pathname)?.[1] ?? undefined)
  if (token === undefined) throw unreadable(t('errors.invitations.why.noTokenInPage'))
  if (!TOKEN_RE.test(token)) throw unreadable(t('errors.invitations.why.badToken'))
  return {token, action: 'register', allowsRegistration: true, ...page}
}
