import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {findProvider, historyDays, proposeFrom, rankProviders, registrationWay} from '../../src/providers/ranking.js'
import type {Provider} from '../../src/providers/types.js'
import {fixtureProviders} from './helpers.js'

const TODAY = '2026-12-06'
const jids = (list: {provider: Provider}[]): string[] => list.map((r) => r.provider.jid)

describe('registrationWay and historyDays', () => {
  it('read the list flags the way the XMPP Providers data defines them', () => {
    const byJid = new Map(fixtureProviders().map((p) => [p.jid, p]))
    const way = (jid: string): string => registrationWay(byJid.get(jid)!)
    expect([way('libre.example'), way('captcha.example'), way('email.example'), way('web.example'), way('closed.example')]).toEqual(['in-app', 'in-app-captcha', 'in-app-email', 'web-page', 'none'])
    // 0 is "no limit", -1 "less than a day", absent "unknown".
    expect(historyDays(byJid.get('captcha.example')!)).toBe(Infinity)
    expect(historyDays(byJid.get('low.example')!)).toBe(0.5)
    expect(historyDays(byJid.get('closed.example')!)).toBeUndefined()
    expect(historyDays(byJid.get('libre.example')!)).toBe(30)
  })
})

describe('rankProviders', () => {
  it('for a French person in France: in-app, French, in France and long history first', () => {
    const ranked = rankProviders(fixtureProviders(), {lang: 'fr', country: 'FR'}, TODAY)
    expect(jids(ranked)).toEqual(['paid.example', 'libre.example', 'web.example', 'captcha.example', 'twin-a.example', 'twin-b.example', 'low.example', 'email.example', 'closed.example'])
    expect(ranked[1]).toMatchObject({registration: 'in-app', speaksLanguage: true, inCountry: true, historyDays: 30})
    // A web page in the person's language is preferred to the English one.
    expect(ranked[2]).toMatchObject({registration: 'web-page', registrationUrl: 'https://web.example/inscription'})
  })

  it('without language or country, unlimited history outweighs a CAPTCHA', () => {
    const ranked = rankProviders(fixtureProviders(), {}, TODAY)
    expect(jids(ranked).slice(0, 2)).toEqual(['paid.example', 'captcha.example'])
    expect(ranked[0]).not.toHaveProperty('speaksLanguage')
  })

  it('filters by category, free and registration', () => {
    const list = fixtureProviders()
    expect(jids(rankProviders(list, {categories: ['C', 'D']}, TODAY))).toEqual(['low.example', 'closed.example'])
    expect(jids(rankProviders(list, {freeOnly: true}, TODAY))).not.toContain('paid.example')
    expect(jids(rankProviders(list, {registration: 'possible'}, TODAY))).not.toContain('closed.example')
    expect(jids(rankProviders(list, {registration: 'in-app'}, TODAY))).not.toContain('web.example')
  })

  it('prefers in-app registration, then longer history, all else equal', () => {
    const base: Provider = {jid: 'base.example', category: 'B', inBandRegistration: true, registrationWebPage: {}, maximumMessageArchiveManagementStorageTime: 30, freeOfCharge: true}
    const web: Provider = {...base, jid: 'a-web.example', inBandRegistration: false, registrationWebPage: {en: 'https://a-web.example'}}
    const longer: Provider = {...base, jid: 'z-longer.example', maximumMessageArchiveManagementStorageTime: 90}
    expect(jids(rankProviders([web, base, longer]))).toEqual(['z-longer.example', 'base.example', 'a-web.example'])
  })

  it('orders equal scores by domain, so the output never changes between runs', () => {
    const list = fixtureProviders()
    const once = jids(rankProviders(list, {lang: 'fr'}, TODAY))
    expect(jids(rankProviders([...list].reverse(), {lang: 'fr'}, TODAY))).toEqual(once)
    expect(once.indexOf('twin-a.example')).toBeLessThan(once.indexOf('twin-b.example'))
  })
})

describe('proposeFrom', () => {
  it('proposes free A/B providers where one can register, at most `limit`', () => {
    const list = fixtureProviders()
    expect(jids(proposeFrom(list, {lang: 'fr', country: 'FR', limit: 3, today: TODAY}))).toEqual(['libre.example', 'web.example', 'captcha.example'])
    expect(jids(proposeFrom(list, {lang: 'fr', country: 'FR', today: TODAY}))).toEqual(['libre.example', 'web.example', 'captcha.example', 'twin-a.example', 'twin-b.example'])
  })

  it('inAppOnly keeps only providers where the app creates the account (for a kit)', () => {
    const proposals = proposeFrom(fixtureProviders(), {lang: 'en', inAppOnly: true, limit: 10, today: TODAY})
    expect(proposals.every((p) => p.registration.startsWith('in-app'))).toBe(true)
    expect(jids(proposals)).toContain('email.example')
  })

  it('never proposes a paid, unrated or closed provider, nor more than asked (any preferences)', () => {
    const list = fixtureProviders()
    fc.assert(
      fc.property(fc.constantFrom(undefined, 'fr', 'en', 'de', 'xx'), fc.constantFrom(undefined, 'FR', 'de', 'us', 'zz'), fc.integer({min: -2, max: 12}), fc.boolean(), (lang, country, limit, inAppOnly) => {
        const proposals = proposeFrom(list, {...(lang ? {lang} : {}), ...(country ? {country} : {}), limit, inAppOnly, today: TODAY})
        expect(proposals.length).toBeLessThanOrEqual(Math.max(1, limit))
        expect(proposals.length).toBeGreaterThan(0)
        for (const p of proposals) {
          expect(p.provider.freeOfCharge).toBe(true)
          expect(['A', 'B']).toContain(p.provider.category)
          expect(p.registration).not.toBe('none')
        }
        const scores = proposals.map((p) => p.score)
        expect([...scores].sort((a, b) => b - a)).toEqual(scores)
      }),
    )
  })
})

describe('findProvider', () => {
  it('finds a domain or one of its alternative domains; an unknown domain is undefined', () => {
    const list = fixtureProviders()
    expect(findProvider(list, 'LIBRE.example.')?.jid).toBe('libre.example')
    expect(findProvider(list, 'mail-chat.example')?.jid).toBe('email.example')
    expect(findProvider(list, 'chatons.example')).toBeUndefined()
  })
})
