import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {checkAddresses, nearDomain, typoDistance} from '../../src/contacts/address-check.js'
import {commandLine, hintFlags} from '../../src/migrate/hint-flags.js'
import {nameVariants} from '../../src/migrate/steps/account.js'
import {resolveXmppDomain, type DomainResolver} from '../../src/xmpp/domain-check.js'
import {EXAMPLES, runCli, tempRoot} from './helpers.js'

// Issue 16: a mistyped contact address is caught, a taken name gets other names, and every
// command the flow tells to run keeps the flags the person gave.

const notFound = (): Promise<never> => Promise.reject(Object.assign(new Error('nope'), {code: 'ENOTFOUND'}))
const offline = (): Promise<never> => Promise.reject(Object.assign(new Error('no network'), {code: 'ECONNREFUSED'}))

/** A DNS that knows `names` (SRV and address records) and nothing else. */
function dnsKnowing(...names: string[]): DomainResolver {
  return {
    resolveSrv: async (name) => (names.some((n) => name.endsWith(`._tcp.${n}`)) ? [{name: `xmpp.${name}`, port: 5222, priority: 0, weight: 0}] : notFound()),
    lookup: async (name) => (names.includes(name) ? {address: '192.0.2.1', family: 4} : notFound()),
  }
}

describe('contact addresses (issue 16)', () => {
  it('measures typos as a person makes them: a swap of two letters is one', () => {
    expect(typoDistance('exmaple.test', 'example.test')).toBe(1)
    expect(typoDistance('example.tset', 'example.test')).toBe(1)
    expect(typoDistance('exampl.test', 'example.test')).toBe(1)
    expect(typoDistance('jabber.org', 'jabber.fr')).toBe(2)
    expect(nearDomain('exmaple.test', ['example.test'])).toBe('example.test')
    expect(nearDomain('example.test', ['example.test'])).toBeNull()
    // Short names: one typo only (gmx.de is not a typo of gmx.fr).
    expect(nearDomain('gmx.de', ['gmx.fr'])).toBeNull()
  })

  it('a domain one typo from the account\'s is "misspelled", with the likely address, even offline (dry run)', async () => {
    const verdicts = await checkAddresses(['papa@exmaple.test', 'karim@example.test', 'lea@chat.other.org'], {knownDomains: ['example.test'], offline: true})
    expect(verdicts.get('papa@exmaple.test')).toEqual({state: 'misspelled', suggestion: 'papa@example.test'})
    expect(verdicts.get('karim@example.test')).toEqual({state: 'ok'})
    expect(verdicts.get('lea@chat.other.org')).toEqual({state: 'unchecked', why: 'dry-run'})
  })

  it('DNS: no such domain (while DNS works) is "not-found"; DNS not answering is "unchecked", never an accusation', async () => {
    const dns = dnsKnowing('xmpp.org', 'chat.other.org')
    const verdicts = await checkAddresses(['lea@chat.other.org', 'tom@nowhere.invalid'], {knownDomains: ['example.test'], resolver: dns})
    expect(verdicts.get('lea@chat.other.org')).toEqual({state: 'ok'})
    expect(verdicts.get('tom@nowhere.invalid')).toEqual({state: 'not-found', domainExists: false})
    // A resolver that says "no such name" for everything (no network): the control domain shows it.
    expect(await resolveXmppDomain('nowhere.invalid', {resolveSrv: notFound, lookup: notFound})).toBe('unknown')
    expect(await resolveXmppDomain('nowhere.invalid', {resolveSrv: offline, lookup: offline})).toBe('unknown')
    const none = await checkAddresses(['tom@nowhere.invalid'], {knownDomains: [], resolver: {resolveSrv: offline, lookup: offline}})
    expect(none.get('tom@nowhere.invalid')).toEqual({state: 'unchecked', why: 'offline'})
  })

  it('a family sharing a server: the odd one out near it is suspicious', async () => {
    const verdicts = await checkAddresses(['a@famille.example', 'b@famille.example', 'c@familel.example'], {knownDomains: [], offline: true})
    expect(verdicts.get('c@familel.example')).toEqual({state: 'misspelled', suggestion: 'c@famille.example'})
  })
})

describe('a taken name: other names to propose', () => {
  it('with the person\'s name, the year, a digit; never one already tried', () => {
    expect(nameVariants('claire', 'Claire Dupont', new Set(['claire']), 2026)).toEqual(['claire.dupont', 'claire2026', 'claire.26'])
    expect(nameVariants('claire', 'Claire', new Set(['claire', 'claire2026']), 2026)).toEqual(['claire.26', 'claire2', 'claire3'])
    expect(nameVariants('léa', 'Léa', new Set(), 2026)).toEqual(['léa2026', 'léa.26', 'léa2'])
  })
})

describe('hints keep the flags given', () => {
  it('-w (when not the default), --host, --port, --direct-tls, --ca, quoted for the shell', () => {
    expect(hintFlags({workspace: './xmpp-migration'})).toEqual([])
    expect(commandLine('arrivals --watch', hintFlags({workspace: 'ma famille', host: '127.0.0.1', port: 5299, 'direct-tls': true, ca: '/tmp/ca.pem'}))).toBe("xmpp-migrate arrivals --watch -w 'ma famille' --host 127.0.0.1 --port 5299 --direct-tls --ca /tmp/ca.pem")
  })
})

describe('contacts set --jid warns about a likely typo (no network)', () => {
  it('a domain one typo from the family\'s is named, with the command that corrects it', {timeout: 120_000}, async () => {
    const {dir, cleanup} = tempRoot('xm-address-set-')
    try {
      const ws = join(dir, 'ws')
      expect((await runCli(['migrate', ...EXAMPLES, '-w', ws, '--dry-run', '--yes'])).code).toBe(0)
      for (const [who, jid] of [['Karim', 'karim@famille.example'], ['Maman', 'maman@famille.example']]) expect((await runCli(['contacts', 'set', who!, '--jid', jid!, '-w', ws])).stderr).not.toContain('⚠')
      const typo = await runCli(['contacts', 'set', 'Papa', '--jid', 'papa@familel.example', '-w', ws])
      expect(typo.code).toBe(0)
      expect(typo.stderr).toContain('⚠ Papa: papa@familel.example may be misspelled: did you mean papa@famille.example?')
      expect(typo.stderr).toContain('xmpp-migrate contacts set Papa --jid papa@famille.example')
    } finally {
      cleanup()
    }
  })
})
