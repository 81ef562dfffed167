import {PROVIDER_CATEGORIES, type LocalizedUrls, type Provider, type ProviderCategory} from './types.js'

// Pure filtering and ranking of providers for one person: no I/O, no clock.

/** How a person gets an account, from the list's data (the live check may say otherwise). */
export type RegistrationWay =
  /** In the app, nothing more than a name and a password. */
  | 'in-app'
  /** In the app, with a picture code to copy (XEP-0158 CAPTCHA). */
  | 'in-app-captcha'
  /** In the app, with an e-mail address to give. */
  | 'in-app-email'
  /** On the provider's web page, then log in from the app. */
  | 'web-page'
  /** Neither: the list gives no way to register. */
  | 'none'

/** What the person wants; every field is optional. */
export interface ProviderPreferences {
  /** The person's language (`fr`): providers with pages in it rank higher. */
  lang?: string
  /** The person's country (`FR` or `fr`): providers with servers there rank higher. */
  country?: string
  /** Keep only these categories (default: all). */
  categories?: readonly ProviderCategory[]
  /** Keep only providers free of charge (`freeOfCharge: true`). Default false. */
  freeOnly?: boolean
  /**
   * Keep only providers where the person can register: `in-app` (in the app only), `possible`
   * (in the app or on a web page). Default: keep all.
   */
  registration?: 'in-app' | 'possible'
}

/** A provider with what was found about it for this person, best first in a ranking. */
export interface RankedProvider {
  /** The provider, as in the list (all its fields). */
  provider: Provider
  /** Higher is better; see {@link scoreProvider} for the weights. */
  score: number
  /** How to register. */
  registration: RegistrationWay
  /** The registration web page in the person's language if any, else English, else any; undefined without one. */
  registrationUrl?: string
  /** The provider has pages in the person's language (undefined when no language was given). */
  speaksLanguage?: boolean
  /** The provider has servers in the person's country (undefined when no country was given). */
  inCountry?: boolean
  /** Days of history kept: a number, `Infinity` for no limit, undefined if the list does not say. */
  historyDays?: number
}

/** How `provider` lets people register, from the list's flags. */
export function registrationWay(provider: Provider): RegistrationWay {
  if (provider.inBandRegistration === true) {
    if (provider.inBandRegistrationEmailAddressRequired === true) return 'in-app-email'
    if (provider.inBandRegistrationCaptchaRequired === true) return 'in-app-captcha'
    return 'in-app'
  }
  return Object.keys(provider.registrationWebPage ?? {}).length > 0 ? 'web-page' : 'none'
}

/** The URL of `urls` for `lang`, else English, else the first one; undefined if there is none. */
export function localizedUrl(urls: LocalizedUrls | undefined, lang?: string): string | undefined {
  if (!urls) return undefined
  const key = lang?.toLowerCase()
  return (key ? urls[key] : undefined) ?? urls.en ?? Object.values(urls)[0]
}

/** Languages the provider has pages in (web site, registration page, terms, password reset). */
export function providerLanguages(provider: Provider): Set<string> {
  const maps = [provider.website, provider.registrationWebPage, provider.legalNotice, provider.passwordReset]
  return new Set(maps.flatMap((m) => Object.keys(m ?? {}).map((k) => k.toLowerCase())))
}

/**
 * Days of history the server keeps (XEP-0313 archive): `Infinity` when the list says 0 (no limit),
 * 0.5 for -1 (less than a day), undefined when the list does not say.
 */
export function historyDays(provider: Provider): number | undefined {
  const days = provider.maximumMessageArchiveManagementStorageTime
  if (days === undefined) return undefined
  if (days === 0) return Infinity
  if (days < 0) return 0.5
  return days
}

/** Whether `provider` passes the filters of `prefs` (categories, free, registration). */
export function matchesFilters(provider: Provider, prefs: ProviderPreferences = {}): boolean {
  if (prefs.categories && !prefs.categories.includes(provider.category)) return false
  if (prefs.freeOnly && provider.freeOfCharge !== true) return false
  const way = registrationWay(provider)
  if (prefs.registration === 'in-app' && !way.startsWith('in-app')) return false
  if (prefs.registration === 'possible' && way === 'none') return false
  return true
}

/**
 * The score of a provider for this person, from weights that say what matters most to someone
 * leaving WhatsApp: registering in the app (+40; a CAPTCHA -5, an e-mail -10; a web page +10),
 * pages in their language (+20), servers in their country (+15), history kept long (up to +20:
 * no limit or a year +20, 90 days +15, 30 days +10, 14 days +5, a week +2), the category (A +10,
 * B +5), a team of two or more (+3), running for five years or more (+2, from `today`).
 */
export function scoreProvider(provider: Provider, prefs: ProviderPreferences = {}, today?: string): number {
  let score = {'in-app': 40, 'in-app-captcha': 35, 'in-app-email': 30, 'web-page': 10, none: 0}[registrationWay(provider)]
  if (prefs.lang && providerLanguages(provider).has(prefs.lang.toLowerCase())) score += 20
  if (prefs.country && (provider.serverLocations ?? []).includes(prefs.country.toLowerCase())) score += 15
  const days = historyDays(provider)
  if (days !== undefined) score += days >= 365 ? 20 : days >= 90 ? 15 : days >= 30 ? 10 : days >= 14 ? 5 : days >= 7 ? 2 : 0
  score += {A: 10, B: 5, C: 0, D: 0}[provider.category]
  if ((provider.busFactor ?? -1) >= 2) score += 3
  if (today && provider.since && yearsBetween(provider.since, today) >= 5) score += 2
  return score
}

function yearsBetween(from: string, to: string): number {
  const a = Date.parse(from)
  const b = Date.parse(to)
  if (Number.isNaN(a) || Number.isNaN(b)) return 0
  return (b - a) / (365.25 * 24 * 3600 * 1000)
}

/**
 * The providers that pass the filters, best first: by score (see {@link scoreProvider}), then
 * category, then domain (so equal scores always come out in the same order).
 * `today` (YYYY-MM-DD) counts the years a provider has run; leave it out to ignore age.
 */
export function rankProviders(providers: readonly Provider[], prefs: ProviderPreferences = {}, today?: string): RankedProvider[] {
  const lang = prefs.lang?.toLowerCase()
  const country = prefs.country?.toLowerCase()
  return providers
    .filter((p) => matchesFilters(p, prefs))
    .map((provider): RankedProvider => {
      const url = localizedUrl(provider.registrationWebPage, lang)
      const days = historyDays(provider)
      return {
        provider,
        score: scoreProvider(provider, prefs, today),
        registration: registrationWay(provider),
        ...(url ? {registrationUrl: url} : {}),
        ...(lang ? {speaksLanguage: providerLanguages(provider).has(lang)} : {}),
        ...(country ? {inCountry: (provider.serverLocations ?? []).includes(country)} : {}),
        ...(days !== undefined ? {historyDays: days} : {}),
      }
    })
    .sort((a, b) => b.score - a.score || PROVIDER_CATEGORIES.indexOf(a.provider.category) - PROVIDER_CATEGORIES.indexOf(b.provider.category) || a.provider.jid.localeCompare(b.provider.jid))
}

/** Options of {@link proposeFrom}. */
export interface ProposalOptions {
  /** The person's language. */
  lang?: string
  /** The person's country. */
  country?: string
  /** How many to propose (default 5, at least 1). */
  limit?: number
  /** Only in-app registration (for a kit read by someone alone with their phone). Default: in the app or on a web page. */
  inAppOnly?: boolean
  /** Today (YYYY-MM-DD), to count years of service. */
  today?: string
}

/**
 * A short list to propose to someone who has no account: free providers of category A or B
 * where one can register, ranked for their language and country, at most `limit` of them.
 */
export function proposeFrom(providers: readonly Provider[], options: ProposalOptions = {}): RankedProvider[] {
  const limit = Math.max(1, Math.floor(options.limit ?? 5))
  const prefs: ProviderPreferences = {
    categories: ['A', 'B'],
    freeOnly: true,
    registration: options.inAppOnly ? 'in-app' : 'possible',
    ...(options.lang ? {lang: options.lang} : {}),
    ...(options.country ? {country: options.country} : {}),
  }
  return rankProviders(providers, prefs, options.today).slice(0, limit)
}

/** The provider of `domain` in the list (its `jid` or one of its `alternativeJids`), or undefined. */
export function findProvider(providers: readonly Provider[], domain: string): Provider | undefined {
  const d = domain.trim().toLowerCase().replace(/\.$/, '')
  return providers.find((p) => p.jid === d) ?? providers.find((p) => (p.alternativeJids ?? []).some((alt) => alt.toLowerCase() === d))
}
