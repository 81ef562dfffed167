import {describe, expect, it} from 'vitest'

import {parseXml} from '../../src/xmpp/xml.js'
import {stanzaErrorParts} from '../../src/xmpp/XmppRequestError.js'

describe('the error condition of a stanza (RFC 6120 §8.3)', () => {
  it('is the child in the stanzas namespace, even after an application-specific one (ejabberd: closed-node first)', () => {
    const reply = parseXml(
      "<iq type='error' id='1'><error type='cancel'><closed-node xmlns='http://jabber.org/protocol/pubsub#errors'/><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Nope</text></error></iq>",
    )
    expect(stanzaErrorParts(reply)).toEqual({condition: 'not-allowed', text: 'Nope', type: 'cancel'})
  })

  it('an error without a defined condition is undefined-condition', () => {
    expect(stanzaErrorParts(parseXml("<iq type='error' id='1'><error type='wait'/></iq>"))).toEqual({condition: 'undefined-condition', text: '', type: 'wait'})
    expect(stanzaErrorParts(parseXml("<iq type='result' id='1'/>")).condition).toBe('undefined-condition')
  })
})
