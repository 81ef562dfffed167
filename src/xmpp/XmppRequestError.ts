/**
 * An XMPP server answered a request (an iq) with an error (RFC 6120 §8.3). Thrown by
 * `XmppSession.iq()`; callers that know the context turn it into a UserError naming the fix.
 */
export class XmppRequestError extends Error {
  /** The defined condition, e.g. `conflict`, `not-allowed`, `forbidden` (RFC 6120 §8.3.3). */
  readonly condition: string
  /** The server's human-readable `<text/>`, or '' (often the most useful part). */
  readonly text: string
  /** `cancel`, `modify`, `auth`, `wait`, `continue`, or '' when absent. */
  readonly type: string
  /** The serialized error stanza (never contains our passwords: it is the server's reply). */
  readonly stanza: string

  constructor(condition: string, text: string, type: string, stanza: string) {
    super(text ? `${condition}: ${text}` : condition)
    this.name = 'XmppRequestError'
    this.condition = condition
    this.text = text
    this.type = type
    this.stanza = stanza
  }
}

const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'

/**
 * The defined condition, text and type of a stanza's `<error/>` (RFC 6120 §8.3): the condition
 * is the child in `urn:ietf:params:xml:ns:xmpp-stanzas` other than `<text/>`, wherever it stands
 * (ejabberd puts an application-specific element first, e.g. XEP-0060's `<closed-node/>` before
 * `<not-allowed/>`). A server that forgets the namespace still gets its first non-text child read.
 */
export function stanzaErrorParts(stanza: {getChild(name: string, ns?: string): ErrorLike | undefined}): {condition: string; text: string; type: string} {
  const error = stanza.getChild('error')
  if (!error) return {condition: 'undefined-condition', text: '', type: ''}
  const children = error.getChildElements()
  const defined = children.find((c) => c.name !== 'text' && c.attrs.xmlns === NS_STANZAS) ?? children.find((c) => c.name !== 'text' && c.attrs.xmlns === undefined)
  const text = error.getChildText('text', NS_STANZAS) ?? error.getChildText('text') ?? ''
  return {condition: defined?.name ?? 'undefined-condition', text, type: error.attrs.type ?? ''}
}

/** The XmppRequestError of an error stanza (iq, message or presence). */
export function stanzaError(stanza: {getChild(name: string, ns?: string): ErrorLike | undefined; toString(): string}): XmppRequestError {
  const parts = stanzaErrorParts(stanza)
  return new XmppRequestError(parts.condition, parts.text, parts.type, stanza.toString())
}

/** The part of an `<error/>` element read here (an @xmpp/xml Element). */
interface ErrorLike {
  attrs: Record<string, string | undefined>
  getChildElements(): {name: string; attrs: Record<string, string | undefined>}[]
  getChildText(name: string, ns?: string): string | null
}
