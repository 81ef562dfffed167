import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {parse, TYPE, type MessageFormatElement} from '@formatjs/icu-messageformat-parser'
import {describe, expect, it} from 'vitest'

import {catalogue, DEFAULT_LANG, frenchTypography, languageOf, languages, resolveLanguage, systemLanguage, tr} from '../../src/i18n/index.js'
import {scanSources} from '../../scripts/i18n-scan.js'

/** The argument names a pattern uses ({name}, {count, plural, …}, nested ones too). */
function argumentsOf(pattern: string): string[] {
  const names = new Set<string>()
  const walk = (elements: MessageFormatElement[]): void => {
    for (const el of elements) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) names.add(el.value)
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        names.add(el.value)
        for (const option of Object.values(el.options)) walk(option.value)
      }
      if (el.type === TYPE.tag) walk(el.children)
    }
  }
  walk(parse(pattern, {ignoreTag: true}))
  return [...names].sort()
}

describe('the message catalogues (issue 13)', () => {
  const english = catalogue(DEFAULT_LANG)

  it('ships English and French, and a third language is one more file', () => {
    expect(languages()).toEqual(expect.arrayContaining(['en', 'fr']))
    expect(readdirSync(join(process.cwd(), 'locales')).filter((f) => f.endsWith('.json')).length).toBe(languages().length)
  })

  for (const lang of languages()) {
    it(`${lang}: every pattern compiles, has every English key, and uses the same placeholders`, () => {
      const messages = catalogue(lang)
      const missing = [...english.keys()].filter((k) => !messages.has(k))
      const extra = [...messages.keys()].filter((k) => !english.has(k))
      expect({missing, extra}).toEqual({missing: [], extra: []})
      const mismatched: string[] = []
      for (const [key, pattern] of messages) {
        expect(() => parse(pattern, {ignoreTag: true}), `${lang} ${key}`).not.toThrow()
        const theirs = argumentsOf(pattern).filter((a) => a !== 'tone')
        const ours = argumentsOf(english.get(key) ?? '').filter((a) => a !== 'tone')
        if (theirs.join() !== ours.join()) mismatched.push(`${key}: ${lang} {${theirs.join(', ')}} vs en {${ours.join(', ')}}`)
      }
      expect(mismatched).toEqual([])
    })
  }

  it('French is written with a space before : ; ! ? (made narrow and no-break on load)', () => {
    const raw = JSON.parse(readFileSync(join(process.cwd(), 'locales', 'fr.json'), 'utf8')) as object
    const glued: string[] = []
    const walk = (tree: object, path: string): void => {
      for (const [key, value] of Object.entries(tree)) {
        if (key === '$meta') continue
        if (typeof value === 'string') {
          // Literal text only: drop {placeholders} and URLs.
          const text = value.replace(/https?:\/\/\S+|xmpp:\S+/g, '').replace(/\{[^{}]*\}/g, 'X')
          if (/[\p{L}\p{N})»"X][:;!?](?=\s|$)/u.test(text)) glued.push(`${path}${key}: ${value}`)
        } else walk(value as object, `${path}${key}.`)
      }
    }
    walk(raw, '')
    expect(glued).toEqual([])
    expect(frenchTypography('Famille : {link} ; « {room} » ?')).toBe('Famille\u202F: {link}\u202F; «\u202F{room}\u202F»\u202F?')
    expect(frenchTypography('https://xmpp.link/#x?y')).toBe('https://xmpp.link/#x?y')
    expect(tr('fr', 'cli.tryThis')).toBe('Essayez ceci\u202F:')
  })

  it('plurals are ICU plurals, never "(s)" (French: 0 and 1 are singular)', () => {
    for (const lang of languages()) {
      const glued = [...catalogue(lang)].filter(([, pattern]) => /\w\((s|x|e|es)\)/.test(pattern)).map(([key]) => `${lang} ${key}`)
      expect(glued).toEqual([])
    }
    expect(tr('fr', 'flow.arrivalsAlready', {n: 0})).toBe('0 personne déjà installée.')
    expect(tr('fr', 'flow.arrivalsAlready', {n: 1})).toBe('1 personne déjà installée.')
    expect(tr('fr', 'flow.arrivalsAlready', {n: 2})).toBe('2 personnes déjà installées.')
    expect(tr('en', 'flow.arrivalsAlready', {n: 0})).toBe('0 people already seated.')
  })

  it('the language: flag, else workspace, else LC_ALL / LC_MESSAGES / LANG, else English', () => {
    expect(languageOf('fr_FR.UTF-8')).toBe('fr')
    expect(languageOf('FR')).toBe('fr')
    expect(languageOf('français')).toBe('fr')
    expect(languageOf('C')).toBeNull()
    expect(languageOf('tlh')).toBeNull()
    expect(systemLanguage({LC_ALL: '', LC_MESSAGES: 'fr_CA.UTF-8', LANG: 'en_US.UTF-8'})).toBe('fr')
    expect(systemLanguage({LC_ALL: 'C', LANG: 'fr_FR.UTF-8'})).toBeNull()
    expect(resolveLanguage(null, 'fr', {LANG: 'en_US.UTF-8'})).toBe('fr')
    expect(resolveLanguage('en', 'fr', {LANG: 'fr_FR.UTF-8'})).toBe('en')
    expect(resolveLanguage(null, null, {LANG: 'fr_BE.UTF-8'})).toBe('fr')
    expect(resolveLanguage(null, null, {})).toBe('en')
  })

  it('every key the code names exists in English', () => {
    const used = new Set<string>()
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []))
    for (const file of files(join(process.cwd(), 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\b(?:t|tr\([^,()]+,)\(?\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1] as string)
    }
    expect([...used].filter((k) => !english.has(k))).toEqual([])
  })

  it('no user-facing sentence is written outside the catalogue (scripts/i18n-scan.ts)', () => {
    const findings = scanSources(['src'])
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([])
  })
})
