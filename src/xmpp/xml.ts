import {xml, type Element} from '@xmpp/xml'
import parse from '@xmpp/xml/lib/parse.js'

// The XML element type and builder for the rest of the project (rooms, invitations, history),
// so that nothing outside src/xmpp/ imports @xmpp/* (STYLE.md: one module per dependency).

export type {Element}
export {xml}

/** Parses an XML document (e.g. a stanza from a fixture) into an Element; throws on bad XML. */
export function parseXml(text: string): Element {
  const element = parse(text)
  if (!element) throw new Error('parseXml: empty document') // i18n-ignore: developer error
  return element
}

// XML 1.0 §2.2 (https://www.w3.org/TR/xml/#charsets): characters a document may not contain at
// all, not even escaped: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates.
// Chat data can hold them (an ESC in a group title); sent as is, the server closes the stream
// ("not-well-formed", RFC 6120 §4.9.3.13).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Text without the characters XML forbids, each replaced by U+FFFD (the replacement character).
 * Safe on serialized XML too: markup never contains them. Every byte the XMPP session writes
 * goes through it (XmppSession), as does the XEP-0227 file (src/history/piefxis.ts).
 */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD')
}
