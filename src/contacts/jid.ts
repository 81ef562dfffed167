/**
 * XMPP addresses of contacts: a bare JID (RFC 7622) on a domain that looks like one.
 */
import {XmError} from '../errors/index.js'
import {parseAccountJid} from '../xmpp/account-jid.js'
import {t} from '../i18n/index.js'

/** Why a JID was refused, in a sentence for the person; or the normalized bare JID. */
export type JidCheck = {ok: true; jid: string} | {ok: false; reason: string}

/**
 * Checks and normalizes a contact's address: `xmpp:` prefix and `?…` query dropped (vCards write
 * `IMPP:xmpp:lea@example.org`), RFC 7622 rules via parseAccountJid (src/xmpp/account-jid.ts:
 * no resource, no forbidden local-part characters, lower-cased), then the domain must look like
 * a server name people reach: it has a dot (`example.org`, `chat.example.test`) or is
 * `localhost`. IP addresses are refused: an address on an IP stops working when the IP changes.
 */
export function checkContactJid(input: string): JidCheck {
  const text = input.trim().replace(/^xmpp:(?:\/\/[^/]*\/)?/i, '').replace(/\?.*$/, '')
  let bare: string
  let domain: string
  try {
    const parsed = parseAccountJid(decodeURIComponentSafe(text))
    bare = parsed.bare
    domain = parsed.domain
  } catch (error) {
    if (error instanceof XmError) return {ok: false, reason: error.message.replace(/\.$/, '')}
    throw error
  }
  if (domain.startsWith('[') || /^[0-9.]+$/.test(domain)) return {ok: false, reason: t('errors.contacts.jidOnIp', {input})}
  if (domain !== 'localhost' && !domain.includes('.')) return {ok: false, reason: t('errors.contacts.jidNoDot', {domain})}
  if (domain.includes('.') && /^[0-9]+$/.test(domain.slice(domain.lastIndexOf('.') + 1))) return {ok: false, reason: t('errors.xmpp.jidWhy.badDomain', {domain})}
  return {ok: true, jid: bare}
}

/** xmpp: URIs percent-encode (RFC 5122 §2.2); a bad escape is left as written. */
function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
