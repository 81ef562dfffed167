import {xml, type Element} from '@xmpp/xml'

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl'
const NS_DATA = 'jabber:x:data'
const NS_PARS = 'urn:xmpp:pars:0'
const NS_HTTP_UPLOAD = 'urn:xmpp:http:upload:0'

/** What replaces a secret in logs. */
export const REDACTED = '[redacted]'

/** Data-form fields holding a secret by their name (registration, room config `roomsecret`, invitations). */
const SECRET_FIELD = /pass|secret|token|preauth/i
/** XEP-0363 `<header/>`s that carry credentials for the upload. */
const SECRET_HEADER = /^(authorization|cookie|proxy-authorization)$/i
/**
 * A secret as a URI or query parameter: XEP-0401 `preauth=` in an `xmpp:` invitation link,
 * `password=` of a XEP-0045 / XEP-0249 invitation URI, `token=` of a landing page.
 */
const SECRET_PARAMETER = /\b(preauth|password|token|secret)=([^;&#\s"'<>]+)/gi

/**
 * A copy of `element` safe to log: SASL payloads (RFC 6120 §6); every `<password/>` element
 * and `password` attribute, whatever the namespace (XEP-0077 registration, XEP-0045 room join and
 * mediated invitation, XEP-0249 direct invitation); data-form fields of type text-private or
 * named like a secret (XEP-0004; `muc#roomconfig_roomsecret`, `password`); invitation tokens
 * (XEP-0379/0401: `<preauth token/>`, `preauth=` in links, and the same token wherever else it
 * appears, e.g. in the landing page URL of the server's invitation reply); XEP-0363 upload
 * credentials headers. Each is replaced by `[redacted]`. xmpp.js's own debug output hides SASL but
 * not registration or room passwords; ours hides all of them (issue 14).
 */
export function redactElement(element: Element): Element {
  if (element.getNS() === NS_SASL && (element.name === 'auth' || element.name === 'response' || element.name === 'challenge' || element.name === 'success')) {
    return xml(element.name, {...element.attrs}, element.getText() ? REDACTED : undefined)
  }
  const copy = deepCopy(element)
  const secrets = new Set<string>()
  redactInPlace(copy, secrets)
  // A token seen once (in `preauth=` or a secret field) is hidden everywhere else in the stanza.
  if (secrets.size > 0) replaceEverywhere(copy, [...secrets].filter((s) => s.length >= 6 && s !== REDACTED))
  return copy
}

/**
 * Text safe to log: secret URI parameters (`preauth=`, `password=`, `token=`) replaced by
 * `[redacted]`. For free text the session logs outside stanzas (errors, URLs).
 */
export function redactText(text: string, found: Set<string> = new Set()): string {
  return text.replace(SECRET_PARAMETER, (_all, name: string, value: string) => {
    if (value !== REDACTED) found.add(value)
    return `${name}=${REDACTED}`
  })
}

function redactInPlace(element: Element, secrets: Set<string>): void {
  for (const [name, value] of Object.entries(element.attrs)) {
    if (typeof value !== 'string') continue
    if (name === 'password' || (name === 'token' && element.is('preauth', NS_PARS))) {
      secrets.add(value)
      element.attrs[name] = REDACTED
    } else element.attrs[name] = redactText(value, secrets)
  }
  if (element.name === 'password') {
    secrets.add(element.getText())
    element.children = element.getText() ? [REDACTED] : []
    return
  }
  if (element.name === 'header' && element.parent?.is('put', NS_HTTP_UPLOAD) && SECRET_HEADER.test(element.attrs.name ?? '')) {
    element.children = [REDACTED]
    return
  }
  if (element.is('field', NS_DATA) || (element.name === 'field' && element.parent?.is('x', NS_DATA))) {
    const isSecret = element.attrs.type === 'text-private' || SECRET_FIELD.test(element.attrs.var ?? '')
    if (isSecret) {
      for (const value of element.getChildren('value')) {
        secrets.add(value.getText())
        value.children = [REDACTED]
      }
      return
    }
  }
  element.children = element.children.map((child) => (typeof child === 'string' ? redactText(child, secrets) : child))
  for (const child of element.getChildElements()) redactInPlace(child, secrets)
}

function replaceEverywhere(element: Element, secrets: string[]): void {
  const hide = (text: string): string => secrets.reduce((t, secret) => t.split(secret).join(REDACTED), text)
  for (const [name, value] of Object.entries(element.attrs)) if (typeof value === 'string') element.attrs[name] = hide(value)
  element.children = element.children.map((child) => (typeof child === 'string' ? hide(child) : child))
  for (const child of element.getChildElements()) replaceEverywhere(child, secrets)
}

function deepCopy(element: Element): Element {
  const copy = xml(element.name, {...element.attrs})
  for (const child of element.children) copy.append(typeof child === 'string' ? child : deepCopy(child))
  return copy
}
