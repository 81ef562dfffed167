/**
 * Every sentence a person reads, from one message catalogue per language (`locales/<lang>.json`,
 * ICU MessageFormat through FormatJS's intl-messageformat: plurals with CLDR rules, so French
 * "0 message" and "1 message" are singular; `select` for "tu"/"vous"; dates and numbers with `Intl`).
 *
 * Two languages are in play in one run:
 * - the **console language**, for the organizer: `--lang`, else the workspace's language, else the
 *   system locale (LC_ALL, LC_MESSAGES, LANG), else English. Set once per command by BaseCommand
 *   ({@link setConsoleLanguage}); {@link t} writes in it.
 * - a **person's language**, for what a relative receives (room invitations, kit pages, history
 *   posts): {@link tr} with that person's language.
 *
 * A third language is one more file in `locales/`: the catalogue's `$meta` names it and its
 * typography; nothing else changes. A key missing from a catalogue falls back to English.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {IntlMessageFormat} from 'intl-messageformat'

/** A language tag of a shipped catalogue (`fr`, `en`…). */
export type Lang = string

/** Values inserted into a message: `{name}`, `{count, plural, …}`, `{when, date, long}`, `{tone, select, …}`. */
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>

/** Where the catalogues are: `locales/` at the package root (same depth from src/ and dist/). */
export const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url))

/** The fallback language: its catalogue has every key. */
export const DEFAULT_LANG: Lang = 'en'

interface CatalogueMeta {
  /** The language's own name ("Français"). */
  name: string
  /** `french`: narrow no-break space before : ; ! ? and inside « ». */
  typography?: 'french'
  /** The BCP 47 locale `Intl` formats dates, numbers and lists with (`en-GB`); default: the language tag. */
  locale?: string
}

interface Catalogue {
  meta: CatalogueMeta
  /** Flat: `flow.step` → ICU pattern (typography already applied). */
  messages: Map<string, string>
}

type Nested = {[key: string]: string | Nested}

/** Flattens `{flow: {step: "…"}}` to `flow.step`. */
export function flatten(tree: Nested, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (key === '$meta') continue
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'string') into.set(path, value)
    else flatten(value, path, into)
  }
  return into
}

const NARROW_NBSP = '\u202F'

/**
 * French typography on a pattern's literal text (never on inserted values, which are names and
 * addresses): a narrow no-break space before `: ; ! ?` and inside « ». Authors write an ordinary
 * space ("envoyées : {n}") or none before `?`/`!`; `://` and `?` inside a word are left alone.
 */
export function frenchTypography(pattern: string): string {
  return pattern
    .replace(/«[ \u00A0]?/g, `«${NARROW_NBSP}`)
    .replace(/[ \u00A0]?»/g, `${NARROW_NBSP}»`)
    .replace(/[ \u00A0]([:;!?])(?=[\s)}’'"»]|$)/g, `${NARROW_NBSP}$1`)
}

function loadCatalogues(): Map<Lang, Catalogue> {
  const catalogues = new Map<Lang, Catalogue>()
  for (const file of readdirSync(LOCALES_DIR).sort()) {
    if (!file.endsWith('.json')) continue
    const lang = file.slice(0, -'.json'.length)
    const tree = JSON.parse(readFileSync(`${LOCALES_DIR}${file}`, 'utf8')) as Nested & {$meta?: CatalogueMeta}
    const meta: CatalogueMeta = tree.$meta ?? {name: lang}
    const messages = flatten(tree)
    if (meta.typography === 'french') for (const [key, pattern] of messages) messages.set(key, frenchTypography(pattern))
    catalogues.set(lang, {meta, messages})
  }
  return catalogues
}

let catalogues: Map<Lang, Catalogue> | undefined

function all(): Map<Lang, Catalogue> {
  catalogues ??= loadCatalogues()
  return catalogues
}

/** The languages with a catalogue, e.g. `['en', 'fr']`. */
export function languages(): Lang[] {
  return [...all().keys()]
}

/** A language's own name ("Français"), for menus. */
export function languageName(lang: Lang): string {
  return all().get(lang)?.meta.name ?? lang
}

/** Every key of a language's catalogue with its pattern (tests: parity, typography, coverage). */
export function catalogue(lang: Lang): ReadonlyMap<string, string> {
  return all().get(lang)?.messages ?? new Map()
}

/**
 * The catalogue language a tag or locale names, or null: `fr`, `fr-FR`, `fr_FR.UTF-8`, `FR`,
 * `français` → `fr`. `C` and `POSIX` are not languages.
 */
export function languageOf(tag: string | null | undefined): Lang | null {
  if (tag === null || tag === undefined) return null
  const value = tag.trim().toLowerCase()
  if (value === '' || value === 'c' || value === 'posix') return null
  const primary = value.split(/[-_.@]/)[0] ?? ''
  if (all().has(primary)) return primary
  for (const [lang, {meta}] of all()) if (meta.name.toLowerCase() === value || meta.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() === value) return lang
  return null
}

/** The system's language for messages (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), or null. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): Lang | null {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '')
  return languageOf(locale)
}

/**
 * The console language: the flag (already checked with {@link languageOf}), else the workspace's,
 * else the system's, else English.
 */
export function resolveLanguage(flag: Lang | null | undefined, workspace: Lang | null | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  return flag ?? (workspace !== null && workspace !== undefined && all().has(workspace) ? workspace : null) ?? systemLanguage(env) ?? DEFAULT_LANG
}

let consoleLang: Lang | undefined

/** Sets the language of this run's console (BaseCommand does, once the flags are read). */
export function setConsoleLanguage(lang: Lang): void {
  consoleLang = all().has(lang) ? lang : DEFAULT_LANG
}

/** The language of this run's console: as set, else the system's, else English. */
export function consoleLanguage(): Lang {
  consoleLang ??= systemLanguage() ?? DEFAULT_LANG
  return consoleLang
}

/** The BCP 47 locale `Intl` uses for a language (a catalogue may name one in `$meta.locale`). */
export function intlLocale(lang: Lang): string {
  return all().get(lang)?.meta.locale ?? lang
}

const compiled = new Map<string, IntlMessageFormat>()

const FORMATS = {
  date: {
    /** "6 décembre 2026 à 11:27 UTC+1": when the zone matters (an expiry). */
    zoned: {year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'},
  },
} as const

/** Thrown under test for a key no catalogue has: a typo must not ship. */
export class MissingMessageError extends Error {}

/**
 * The message `key` in `lang`, with `values` inserted (ICU MessageFormat). Falls back to English
 * for a key the language lacks; a key English lacks is a bug (an error under test, the key itself
 * otherwise, so a person still sees something).
 */
export function tr(lang: Lang, key: string, values?: MessageValues): string {
  const cataloguesNow = all()
  let used = cataloguesNow.has(lang) ? lang : DEFAULT_LANG
  let pattern = cataloguesNow.get(used)?.messages.get(key)
  if (pattern === undefined && used !== DEFAULT_LANG) {
    used = DEFAULT_LANG
    pattern = cataloguesNow.get(DEFAULT_LANG)?.messages.get(key)
  }
  if (pattern === undefined) {
    if (process.env.VITEST !== undefined) throw new MissingMessageError(`No message "${key}" in the catalogue`)
    return key
  }
  const id = `${used}\u0000${key}`
  let format = compiled.get(id)
  if (format === undefined) {
    format = new IntlMessageFormat(pattern, intlLocale(used), FORMATS as never, {ignoreTag: true})
    compiled.set(id, format)
  }
  const out = format.format(values as Record<string, string | number | boolean | Date | null | undefined> | undefined)
  return typeof out === 'string' ? out : String(out)
}

/** The message `key` in the console language (see {@link tr}). */
export function t(key: string, values?: MessageValues): string {
  return tr(consoleLanguage(), key, values)
}

/** A list in a language: "Anne, Bruno et Chloé" / "Anne, Bruno, and Chloé". */
export function formatList(lang: Lang, items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(intlLocale(lang), {style: 'long', type}).format(items)
}

/** A number in a language: "1 000 000" / "1,000,000". */
export function formatNumber(lang: Lang, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale(lang), options).format(value)
}

/** A date and time in a language, in the local time zone, naming the zone: for expiries and deadlines. */
export function formatZonedDateTime(lang: Lang, date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {...FORMATS.date.zoned, ...(timeZone === undefined ? {} : {timeZone})}).format(date)
}
