import {historyDays, registrationWay, type RankedProvider, type RegistrationWay} from './ranking.js'
import {providerTexts, type ProviderTexts} from './texts.js'
import type {Provider} from './types.js'

// Pure: the "why" of a provider, as short phrases in the reader's language.

/** A provider, or a provider with its ranking. */
export type ProviderLike = Provider | RankedProvider

/** The provider of a {@link ProviderLike}. */
export function providerOf(p: ProviderLike): Provider {
  return 'provider' in p && typeof p.provider === 'object' && p.provider !== null && 'jid' in p.provider ? (p as RankedProvider).provider : (p as Provider)
}

/** The phrase for a way of registering. */
export function registrationPhrase(way: RegistrationWay, texts: ProviderTexts): string {
  return {'in-app': texts.inApp, 'in-app-captcha': texts.inAppCaptcha, 'in-app-email': texts.inAppEmail, 'web-page': texts.webPage, none: texts.noRegistration}[way]
}

/** "history kept 14 days", "history kept with no limit", or undefined when the list does not say. */
export function historyPhrase(provider: Provider, texts: ProviderTexts): string | undefined {
  const days = historyDays(provider)
  if (days === undefined) return undefined
  if (days === Infinity) return texts.historyUnlimited
  if (days < 1) return texts.historyUnderADay
  return texts.historyDays(days)
}

/** Country names in the reader's language ("Allemagne", "Germany"); the code itself if unknown. */
export function countryNames(codes: readonly string[], lang: string): string[] {
  let names: Intl.DisplayNames | null = null
  try {
    names = new Intl.DisplayNames([lang], {type: 'region'})
  } catch {
    names = null
  }
  return codes.map((code) => {
    const upper = code.toUpperCase()
    if (!/^[A-Z]{2}$/.test(upper)) return upper
    try {
      return names?.of(upper) ?? upper
    } catch {
      return upper
    }
  })
}

/**
 * Why a provider may suit: free or not, how to register, history kept, largest file, countries,
 * since when, who runs it. Facts the list does not give are left out, never guessed.
 */
export function providerFacts(p: ProviderLike, lang: string): string[] {
  const provider = providerOf(p)
  const texts = providerTexts(lang)
  const facts: string[] = []
  if (provider.freeOfCharge !== undefined) facts.push(provider.freeOfCharge ? texts.free : texts.notFree)
  facts.push(registrationPhrase(registrationWay(provider), texts))
  const history = historyPhrase(provider, texts)
  if (history) facts.push(history)
  const size = provider.maximumHttpFileUploadFileSize
  if (size !== undefined && size >= 0) facts.push(size === 0 ? texts.fileSizeUnlimited : texts.fileSize(size))
  if (provider.serverLocations && provider.serverLocations.length > 0) facts.push(texts.countries(countryNames(provider.serverLocations, texts.lang)))
  const year = /^(\d{4})-/.exec(provider.since ?? '')?.[1]
  if (year) facts.push(texts.since(year))
  if (provider.organization) facts.push(texts.runBy(provider.organization))
  return facts
}
