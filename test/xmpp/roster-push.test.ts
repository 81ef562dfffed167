import {describe, expect, it} from 'vitest'

import {loginAccount, xml} from '../../src/xmpp/index.js'
import {useTestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// RFC 6121 §2.1.6: a client answers its server's roster push with an empty result.
describe('roster pushes', () => {
  const server = useTestServer()

  it('are acknowledged with an empty result', async () => {
    const s = server()
    const name = uniqueName('push')
    await s.createAccount(name, 'pw-push-1')
    const traffic: {direction: 'in' | 'out'; text: string}[] = []
    const session = await loginAccount(settingsFor(s, name), 'pw-push-1', {log: (direction, text) => traffic.push({direction, text})})
    try {
      // Only an "interested resource" (one that fetched the roster) gets pushes (RFC 6121 §2.1.6).
      await session.iq(xml('iq', {type: 'get'}, xml('query', {xmlns: 'jabber:iq:roster'})))
      await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: 'jabber:iq:roster'}, xml('item', {jid: `friend@${s.domain}`, name: 'Friend'}))))
      // The push may arrive just after the result of our set: a ping round trip lets it in.
      await session.iq(xml('iq', {type: 'get', to: s.domain}, xml('ping', {xmlns: 'urn:xmpp:ping'})))
      const push = traffic.find((t) => t.direction === 'in' && t.text.includes('type="set"') && t.text.includes('jabber:iq:roster'))
      expect(push, 'the server pushed the roster change').toBeDefined()
      const id = /id="([^"]+)"/.exec(push!.text)?.[1]
      const answer = traffic.find((t) => t.direction === 'out' && t.text.includes(`id="${id}"`))
      expect(answer?.text).toMatch(/type="result"/)
      expect(answer?.text).not.toContain('service-unavailable')
    } finally {
      await session.close()
    }
  })
})
