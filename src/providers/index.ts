// The public XMPP providers: the built-in list (XMPP Providers data, CC0-1.0), `--providers FILE|URL`,
// ranking for a person, the live registration check, and the kit's words. What the guided flow
// (src/migrate/) and the invitation kit (src/invitations/) use.

export type {Provider, ProviderCategory, ProviderList, ProviderListIssue, ProviderListOrigin, LocalizedUrls} from './types.js'
export {PROVIDER_CATEGORIES} from './types.js'
export {parseProviderList} from './provider-list.js'
export {builtInProviders, SNAPSHOT} from './snapshot.js'
export {loadProviderList, CACHED_LIST_FILE, CACHED_LIST_META_FILE, type ProviderSourceOptions, type FetchText} from './list-source.js'
export {rankProviders, proposeFrom, registrationWay, localizedUrl, historyDays, providerLanguages, matchesFilters, scoreProvider, findProvider, type RankedProvider, type RegistrationWay, type ProviderPreferences, type ProposalOptions} from './ranking.js'
export {providerFacts, countryNames, type ProviderLike} from './describe.js'
export {providersKitHtml, providersKitText} from './kit.js'
export {localeCountry} from './locale-country.js'
export {providerTexts, type ProviderTexts, type ProviderTextLanguage} from './texts.js'
export {
  listProviders,
  proposeProviders,
  describeProposal,
  checkServerRegistration,
  registrationAdvice,
  type ListProvidersOptions,
  type ProviderListing,
  type ProposeOptions,
  type ServerRegistration,
} from './providers-service.js'
export type {RegistrationCheck, RegistrationVerdict} from '../xmpp/registration-check.js'
