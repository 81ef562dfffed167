import {describe, expect, it, vi} from 'vitest'

import {loginAccount} from '../../src/xmpp/account.js'
import {probeXmppDomain} from '../../src/xmpp/domain-check.js'
import {useTestServer} from '../server/index.js'

// Issue 16: our own server is asked whether a contact's domain answers as an XMPP server
// (XEP-0030 disco#info to the domain). The test servers have no server-to-server: a foreign
// domain cannot be reached, which must read as "unknown", never as "this domain does not exist".

vi.setConfig({testTimeout: 60_000, hookTimeout: 120_000})

const server = useTestServer({registration: 'open', accounts: [{username: 'alice', password: 'pw-1'}]})

describe('probeXmppDomain', () => {
  it('our own domain and its group chat service answer; a foreign one our server cannot reach proves nothing', async () => {
    const s = server()
    const session = await loginAccount({jid: `alice@${s.domain}`, host: s.host, port: s.port, caFile: s.caFile, timeoutMs: 15_000}, 'pw-1')
    try {
      expect(await probeXmppDomain(session, s.domain)).toBe('xmpp')
      expect(await probeXmppDomain(session, s.mucDomain)).toBe('xmpp')
      expect(await probeXmppDomain(session, 'exmaple.test')).toBe('unknown')
    } finally {
      await session.close()
    }
  })
})
