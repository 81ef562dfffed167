import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {setConsoleLanguage} from '../../src/i18n/index.js'
import {parseProviderList} from '../../src/providers/provider-list.js'
import {builtInProviders, SNAPSHOT} from '../../src/providers/snapshot.js'
import {fixtureProviders} from './helpers.js'

const origin = {kind: 'file' as const, location: 'test.json'}

describe('the built-in snapshot', () => {
  it('loads and validates: every entry has a domain and a category, none is left out', () => {
    const list = builtInProviders()
    expect(list.issues).toEqual([])
    expect(list.providers).toHaveLength(29)
    for (const p of list.providers) {
      expect(p.jid).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/)
      expect(['A', 'B', 'C', 'D']).toContain(p.category)
    }
    expect(list.providers.map((p) => p.jid)).toContain('jabber.fr')
    expect(list.origin).toMatchObject({kind: 'built-in', date: '2026-06-03'})
  })

  it('states its origin and its licence (CC0-1.0) beside the data', () => {
    expect(SNAPSHOT.licence).toBe('CC0-1.0')
    expect(readFileSync(`${SNAPSHOT.file}.license`, 'utf8')).toContain('SPDX-License-Identifier: CC0-1.0')
    expect(SNAPSHOT.location).toContain('KDE/kaidan data/providers.json')
  })
})

describe('parseProviderList', () => {
  it('keeps the data as it is: field names, unknown fields; domains and countries lower-cased', () => {
    const providers = fixtureProviders()
    expect(providers).toHaveLength(9)
    const twin = providers.find((p) => p.jid === 'twin-b.example')
    expect(twin).toMatchObject({category: 'B', serverLocations: ['nl'], extraField: {kept: true}})
  })

  it('leaves out bad entries, says why, and keeps the good ones', () => {
    const text = JSON.stringify([
      {jid: 'good.example', category: 'A'},
      'not an object',
      {category: 'A'},
      {jid: 'someone@user.example', category: 'A'},
      {jid: 'nocat.example'},
      {jid: 'e.example', category: 'E'},
      {jid: 'typed.example', category: 'B', inBandRegistration: 'yes'},
      {jid: 'urls.example', category: 'B', registrationWebPage: ['https://urls.example']},
      {jid: 'GOOD.example.', category: 'b'},
    ])
    const list = parseProviderList(text, origin)
    expect(list.providers.map((p) => p.jid)).toEqual(['good.example'])
    expect(list.issues.map((i) => [i.index, i.code])).toEqual([
      [1, 'PROVIDER_NOT_AN_OBJECT'],
      [2, 'PROVIDER_BAD_JID'],
      [3, 'PROVIDER_BAD_JID'],
      [4, 'PROVIDER_BAD_CATEGORY'],
      [5, 'PROVIDER_BAD_CATEGORY'],
      [6, 'PROVIDER_BAD_FIELD'],
      [7, 'PROVIDER_BAD_FIELD'],
      [8, 'PROVIDER_DUPLICATE'],
    ])
    expect(list.issues[5]?.message).toContain('"inBandRegistration" of typed.example must be true or false')
    // Issue 13: in the console's language.
    setConsoleLanguage('fr')
    try {
      const french = parseProviderList(text, origin)
      expect(french.issues[5]?.message).toBe('"inBandRegistration" de typed.example doit être true ou false.')
    } finally {
      setConsoleLanguage('en')
    }
  })

  it.each([
    ['not JSON', '[{"jid": "a.example",'],
    ['not an array', '{"jid": "a.example", "category": "A"}'],
    ['no usable entry', '[{"jid": "", "category": "A"}]'],
    ['an empty list', '[]'],
  ])('refuses %s with PROVIDERS_INVALID and what to do', (_what, text) => {
    let error: unknown
    try {
      parseProviderList(text, origin)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({code: 'PROVIDERS_INVALID'})
    expect((error as Error).message).toContain('test.json')
    expect((error as {suggestions: string[]}).suggestions.join(' ')).toContain('--providers')
  })
})
