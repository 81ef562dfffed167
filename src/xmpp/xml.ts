import {xml, type Element} from '@xmpp/xml'
import parse from '@xmpp/xml/lib/parse.js'

// The XML element type and builder for the rest of the project (rooms, invitations, history),
// so that nothing outside src/xmpp/ imports @xmpp/* (STYLE.md: one module per dependency).

export type {Element}
export {xml}

/** Parses an XML document (e.g. a stanza from a fixture) into an Element; throws on bad XML. */
export function parseXml(text: string): Element {
  const element = parse(text)
  if (!element) throw new Error('parseXml: empty document')
  return element
}
