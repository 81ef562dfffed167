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
