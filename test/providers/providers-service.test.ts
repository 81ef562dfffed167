import {describe, expect, it} from 'vitest'

import {localeCountry} from '../../src/providers/locale-country.js'
import {describeProposal, proposeProviders, registrationAdvice} from '../../src/providers/providers-service.js'
import {parseProviderList} from '../../src/providers/provider-list.js'
import type {RegistrationCheck} from '../../src/xmpp/registration-check.js'
import {FIXTURE_FILE, fixtureProviders} from './helpers.js'

const TODAY = '2026-12-06'

describe('proposeProviders', () => {
  it('from the built-in list, for a French family in France: five free A/B providers, jabber.fr first', () => {
    const proposals = proposeProviders({lang: 'fr', country: 'FR', today: TODAY})
    expect(proposals).toHaveLength(5)
    expect(proposals[0]?.provider.jid).toBe('jabber.fr')
    for (const p of proposals) {
      expect(p.provider.freeOfCharge).toBe(true)
      expect(['A', 'B']).toContain(p.provider.category)
    }
  })

  it('from a list loaded with --providers, limited as asked', () => {
    const list = parseProviderList(JSON.stringify(fixtureProviders()), {kind: 'file', location: FIXTURE_FILE})
    expect(proposeProviders({lang: 'fr', country: 'FR', limit: 2, list, today: TODAY}).map((p) => p.provider.jid)).toEqual(['libre.example', 'web.example'])
  })

  it('describes a proposal on one line, in the reader\'s language', () => {
    const [first] = proposeProviders({lang: 'fr', country: 'FR', limit: 1, today: TODAY})
    expect(describeProposal(first!, 'fr')).toBe('jabber.fr — gratuit · compte créé dans l’application · historique gardé 14 jours · fichiers jusqu’à 268 Mo · serveurs\u202F: France · depuis 2004 · géré par une association')
    expect(describeProposal(first!.provider, 'en')).toMatch(/^jabber\.fr — free · account created in the app · history kept 14 days/)
  })
})

describe('registrationAdvice', () => {
  const check = (over: Partial<RegistrationCheck>): RegistrationCheck => ({
    domain: 'chat.example',
    verdict: 'in-app',
    streamFeature: true,
    acceptsInvitations: false,
    mayRequireInvitation: false,
    captcha: false,
    askedFields: [],
    serverText: '',
    ...over,
  })

  it('in-app: go on; a CAPTCHA and a possible invitation are announced', () => {
    expect(registrationAdvice(check({}), 'en')).toEqual({proceed: true, sentences: ['chat.example lets you create the account right here.']})
    const advice = registrationAdvice(check({captcha: true, mayRequireInvitation: true}), 'fr')
    expect(advice.proceed).toBe(true)
    expect(advice.sentences.join(' ')).toMatch(/code à recopier.*accepte aussi les invitations/)
  })

  it('web-only: the page, then log in; invite-only and closed: choose another server', () => {
    expect(registrationAdvice(check({verdict: 'web-only', url: 'https://chat.example/register'}), 'en')).toEqual({
      proceed: false,
      sentences: ['chat.example creates accounts on its web site, not from an app. Create your account there:', 'https://chat.example/register', 'Then come back here and log in with the address and password you chose.'],
    })
    expect(registrationAdvice(check({verdict: 'invite-only'}), 'fr').sentences[0]).toBe('chat.example ne crée de compte qu’avec une invitation de ses responsables.')
    expect(registrationAdvice(check({verdict: 'closed'}), 'en')).toMatchObject({proceed: false, sentences: ['chat.example does not create new accounts.', expect.stringContaining('Choose another server')]})
  })
})

describe('localeCountry', () => {
  it('reads the territory of the locale, in POSIX order', () => {
    expect(localeCountry({LANG: 'fr_FR.UTF-8'})).toBe('fr')
    expect(localeCountry({LC_ALL: 'de_CH', LANG: 'fr_FR.UTF-8'})).toBe('ch')
    expect(localeCountry({LC_ALL: '', LC_MESSAGES: 'fr_BE@euro'})).toBe('be')
    expect(localeCountry({LANG: 'C.UTF-8'})).toBeUndefined()
    expect(localeCountry({LANG: 'fr'})).toBeUndefined()
    expect(localeCountry({})).toBeUndefined()
  })
})
