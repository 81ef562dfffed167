import {UserError} from '../errors/index.js'
import {XmppErrorCode} from './errors.js'
import {t} from '../i18n/index.js'

/** An account address split in its parts (RFC 7622). */
export interface AccountJid {
  /** The user name (local part), lower-cased as servers do (nodeprep / UsernameCaseMapped). */
  local: string
  /** The server domain, lower-cased. */
  domain: string
  /** `local@domain`. */
  bare: string
}

// RFC 7622 §3.3.1: characters never allowed in a local part.
const FORBIDDEN_LOCAL = /["&'/:<>@\s\u0000-\u001F\u007F]/u
// A DNS name (Unicode labels allowed: IDNs), or an IP literal.
const DOMAIN_RE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$|^\[[0-9a-f:.]+\]$/iu

function invalid(input: string, why: string): UserError {
  return new UserError(XmppErrorCode.INVALID_JID, t('errors.xmpp.invalidJid', {input, why}), {
    suggestions: [t('errors.xmpp.invalidJidLooksLike')],
  })
}

/**
 * Parses and normalizes the address of an account (`name@server`). A resource (`/phone`) is not
 * an account address and is refused, as are characters RFC 7622 forbids.
 * Throws a UserError XMPP_INVALID_JID saying what is wrong.
 */
export function parseAccountJid(input: string): AccountJid {
  const text = input.trim().replace(/^xmpp:/i, '')
  if (text.includes('/')) throw invalid(input, t('errors.xmpp.jidWhy.resource'))
  const at = text.lastIndexOf('@')
  if (at < 0) throw invalid(input, t('errors.xmpp.jidWhy.noAt'))
  const local = text.slice(0, at).normalize('NFC').toLowerCase()
  const domain = text.slice(at + 1).normalize('NFC').toLowerCase().replace(/\.$/, '')
  if (local === '') throw invalid(input, t('errors.xmpp.jidWhy.emptyLocal'))
  if (FORBIDDEN_LOCAL.test(local)) throw invalid(input, t('errors.xmpp.jidWhy.forbidden'))
  if (Buffer.byteLength(local) > 1023) throw invalid(input, t('errors.xmpp.jidWhy.tooLong'))
  if (domain === '' || !DOMAIN_RE.test(domain) || Buffer.byteLength(domain) > 1023) throw invalid(input, t('errors.xmpp.jidWhy.badDomain', {domain}))
  return {local, domain, bare: `${local}@${domain}`}
}
