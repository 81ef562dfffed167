/**
 * Invitation links (pure): XMPP URIs (RFC 5122) with the XEP-0147 query actions the apps
 * understand, and the web link that carries one to a phone camera or a desktop browser.
 */
import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'

// RFC 5122 §2.2 / RFC 3986: what may stay unencoded in the node and domain of an xmpp: URI
// ("unreserved" and "sub-delims" minus the ones XEP-0147 gives a meaning, ';' '=' '&' '?'
// '#' '/'). Everything else is percent-encoded as UTF-8 (RFC 5122 §2.7.1).
function encodePart(part: string, keep: RegExp): string {
  let out = ''
  for (const ch of part) {
    out += keep.test(ch) ? ch : [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  }
  return out
}

const NODE_KEEP = /^[A-Za-z0-9\-._~!$'()*+,]$/
const DOMAIN_KEEP = /^[A-Za-z0-9\-._~]$/
// XEP-0147 §2: a query value may not contain ';' or '=' (they separate pairs); '&' '#' and
// spaces would end or break the URI in many parsers.
const VALUE_KEEP = /^[A-Za-z0-9\-._~!$'()*+,:@/]$/

/** The `node@domain` part of an xmpp: URI for a bare JID (RFC 5122 §2.2), percent-encoded. */
export function encodeJid(jid: string): string {
  const bare = jid.split('/')[0] ?? jid
  const at = bare.lastIndexOf('@')
  if (at < 0) return encodePart(bare.toLowerCase(), DOMAIN_KEEP)
  return `${encodePart(bare.slice(0, at), NODE_KEEP)}@${encodePart(bare.slice(at + 1).toLowerCase(), DOMAIN_KEEP)}`
}

/**
 * `xmpp:me@host?roster` (XEP-0147 "roster" action, registered in the XMPP URI query
 * components registry): the app offers to add `jid` as a contact. `name` is the name the
 * contact should see, `group` the roster group (both optional, percent-encoded).
 */
export function rosterUri(jid: string, options: {name?: string; group?: string; preauth?: string} = {}): string {
  let uri = `xmpp:${encodeJid(jid)}?roster`
  if (options.name) uri += `;name=${encodePart(options.name, VALUE_KEEP)}`
  if (options.group) uri += `;group=${encodePart(options.group, VALUE_KEEP)}`
  // XEP-0379 §3: the app sends the token back in its subscription request, which is how the
  // arrivals step recognises who this is and approves them without asking.
  if (options.preauth) uri += `;preauth=${encodePart(options.preauth, VALUE_KEEP)}`
  return uri
}

/** `xmpp:room@muc?join` (XEP-0147 "join" action, XEP-0045 §15.5.3): the app joins the room. */
export function joinUri(roomJid: string): string {
  return `xmpp:${encodeJid(roomJid)}?join`
}

/**
 * The web link for an xmpp: URI: the server's landing page when it gave one (Prosody
 * mod_invites_page), else `landingBase` with the whole xmpp: URI in the fragment (the
 * xmpp.link style: a fragment never reaches the web server, so the token stays between the
 * browser and the app), else null (only the xmpp: URI can be given).
 *
 * Fails with a UserError INVITE_LANDING_BASE_INVALID when `landingBase` is not an https URL
 * (plain http is accepted only for loopback test servers).
 */
export function webLink(uri: string, options: {landingUrl?: string | null; landingBase?: string | null}): string | null {
  if (options.landingUrl) return options.landingUrl
  if (!options.landingBase) return null
  const base = checkLandingBase(options.landingBase)
  return `${base.split('#')[0]}#${uri}`
}

/** Validates `--landing-base`; returns it unchanged. */
export function checkLandingBase(base: string): string {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    throw invalidBase(base, t('errors.invitations.baseWhy.notWeb'))
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw invalidBase(base, t('errors.invitations.baseWhy.notHttps'))
  return base
}

function invalidBase(base: string, why: string): UserError {
  return new UserError('INVITE_LANDING_BASE_INVALID', t('errors.invitations.badBase', {base, why}), {
    suggestions: [t('errors.invitations.badBaseFix')],
  })
}
