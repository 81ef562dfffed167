import {xml, type Element} from '@xmpp/xml'

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl'
const NS_REGISTER = 'jabber:iq:register'
const NS_DATA = 'jabber:x:data'
const NS_PARS = 'urn:xmpp:pars:0'

/** What replaces a secret in logs. */
export const REDACTED = '[redacted]'

/**
 * A copy of `element` safe to log: SASL payloads (RFC 6120 §6), in-band registration passwords
 * (XEP-0077 `<password/>` and data-form fields of type text-private or named `password`),
 * invitation tokens (XEP-0401 `preauth`) and bits-of-binary data are replaced by `[redacted]`.
 * xmpp.js's own debug output hides SASL but not registration passwords; ours hides both.
 */
export function redactElement(element: Element): Element {
  if (element.getNS() === NS_SASL && (element.name === 'auth' || element.name === 'response' || element.name === 'challenge' || element.name === 'success')) {
    return xml(element.name, {...element.attrs}, element.getText() ? REDACTED : undefined)
  }
  const copy = deepCopy(element)
  redactInPlace(copy, false)
  return copy
}

function redactInPlace(element: Element, insideRegister: boolean): void {
  const inRegister = insideRegister || element.is('query', NS_REGISTER)
  if (element.is('preauth', NS_PARS) && element.attrs.token !== undefined) element.attrs.token = REDACTED
  if (inRegister && element.name === 'password') {
    element.children = element.getText() ? [REDACTED] : []
    return
  }
  if (element.is('field', NS_DATA) || (element.name === 'field' && element.parent?.is('x', NS_DATA))) {
    const isSecret = element.attrs.type === 'text-private' || /pass|secret|token/i.test(element.attrs.var ?? '')
    if (isSecret) {
      for (const value of element.getChildren('value')) value.children = [REDACTED]
      return
    }
  }
  for (const child of element.getChildElements()) redactInPlace(child, inRegister)
}

function deepCopy(element: Element): Element {
  const copy = xml(element.name, {...element.attrs})
  for (const child of element.children) copy.append(typeof child === 'string' ? child : deepCopy(child))
  return copy
}
