import type {Workspace} from '../workspace.js'
import {checkRegistration, type RegistrationCheck} from '../xmpp/registration-check.js'
import type {ConnectionDeps, ConnectionSettings} from '../xmpp/account.js'
import {providerFacts, providerOf} from './describe.js'
import {loadProviderList} from './list-source.js'
import {findProvider, proposeFrom, rankProviders, type RankedProvider} from './ranking.js'
import {builtInProviders} from './snapshot.js'
import {providerTexts} from './texts.js'
import type {Provider, ProviderCategory, ProviderList} from './types.js'

// The providers service: what commands, the guided flow and the invitation kit call.

/** Options of {@link listProviders}. */
export interface ListProvidersOptions {
  /** `--providers FILE|URL`; the built-in list when undefined. */
  source?: string
  /** Where a fetched URL is cached. */
  workspace?: Workspace
  /** Fetch the URL again instead of using the workspace's copy. */
  refresh?: boolean
  /** Rank providers with pages in this language first (`fr`). */
  lang?: string
  /** Rank providers with servers in this country first (`FR`). */
  country?: string
  /** Keep only this category. */
  category?: ProviderCategory
  /** Today (YYYY-MM-DD), to count years of service; default: the real date. */
  today?: string
}

/** What {@link listProviders} found. */
export interface ProviderListing {
  /** The list used (origin, entries left out). */
  list: ProviderList
  /** The providers kept, best first. */
  ranked: RankedProvider[]
}

/**
 * `xmpp-migrate providers`: the list (built-in, file or URL), filtered by category and ranked for
 * the language and country, best first. Fails with the UserErrors of loadProviderList.
 */
export async function listProviders(options: ListProvidersOptions = {}): Promise<ProviderListing> {
  const list = await loadProviderList({
    ...(options.source ? {source: options.source} : {}),
    ...(options.workspace ? {workspace: options.workspace} : {}),
    ...(options.refresh ? {refresh: true} : {}),
  })
  const ranked = rankProviders(
    list.providers,
    {
      ...(options.lang ? {lang: options.lang} : {}),
      ...(options.country ? {country: options.country} : {}),
      ...(options.category ? {categories: [options.category]} : {}),
    },
    options.today ?? todayUtc(),
  )
  return {list, ranked}
}

/** Options of {@link proposeProviders}. */
export interface ProposeOptions {
  /** The person's language (`fr`). */
  lang?: string
  /** The person's country (`FR`). */
  country?: string
  /** How many (default 5; the flow shows 3 to 5, a kit 2 or 3). */
  limit?: number
  /** Only providers where the app creates the account (for a kit read alone on a phone). */
  inAppOnly?: boolean
  /** A list loaded with loadProviderList (`--providers`); default: the built-in one. */
  list?: ProviderList
  /** Today (YYYY-MM-DD); default: the real date. */
  today?: string
}

/**
 * A few providers that fit a person who has no account: free, category A or B, where one can
 * register (in the app preferred), ranked for their language and country and the history kept.
 * Synchronous and offline: the built-in list, or the `list` given.
 */
export function proposeProviders(options: ProposeOptions = {}): RankedProvider[] {
  const list = options.list ?? builtInProviders()
  return proposeFrom(list.providers, {
    ...(options.lang ? {lang: options.lang} : {}),
    ...(options.country ? {country: options.country} : {}),
    ...(options.limit !== undefined ? {limit: options.limit} : {}),
    ...(options.inAppOnly ? {inAppOnly: true} : {}),
    today: options.today ?? todayUtc(),
  })
}

/**
 * One line describing a proposal for a prompt or the dry run, in `lang`:
 * "jabber.fr — free · account created in the app · history kept 14 days · …".
 */
export function describeProposal(proposal: RankedProvider | Provider, lang: string): string {
  return `${providerOf(proposal).jid} — ${providerFacts(proposal, lang).join(' · ')}`
}

/** A live check of a server, with what the provider list says about it. */
export interface ServerRegistration extends RegistrationCheck {
  /** The list's entry for this domain, or undefined: a server not in the list is fine, nothing is claimed about it. */
  listed?: Provider
}

/**
 * Checks live whether an account can be created on `domain` (stream features and XEP-0077 form;
 * nothing is submitted), and adds the list's entry for it if there is one. `connection` carries
 * `--host --port --direct-tls --ca --timeout` (no account needed).
 * Fails with the connection UserErrors of checkRegistration (xmpp/registration-check.ts).
 */
export async function checkServerRegistration(domain: string, connection: Omit<ConnectionSettings, 'jid'> = {}, options: {list?: ProviderList; deps?: ConnectionDeps} = {}): Promise<ServerRegistration> {
  const check = await checkRegistration(domain, connection, options.deps)
  const listed = findProvider((options.list ?? builtInProviders()).providers, check.domain)
  return {...check, ...(listed ? {listed} : {})}
}

/**
 * What the person should do after a check, in `lang`, as sentences: go on (maybe with a CAPTCHA,
 * maybe needing an invitation), open the web page then log in, ask for an invitation, or choose
 * another server. `proceed` is true when the flow may ask for a user name.
 */
export function registrationAdvice(check: RegistrationCheck, lang: string): {proceed: boolean; sentences: string[]} {
  const t = providerTexts(lang)
  switch (check.verdict) {
    case 'in-app':
      return {
        proceed: true,
        sentences: [t.checkInApp(check.domain), ...(check.captcha ? [t.kitCaptcha] : []), ...(check.mayRequireInvitation ? [t.checkMayNeedInvitation(check.domain)] : [])],
      }
    case 'web-only':
      return {proceed: false, sentences: [t.checkWebOnly(check.domain), ...(check.url ? [check.url] : []), t.checkThenLogin]}
    case 'invite-only':
      return {proceed: false, sentences: [t.checkInviteOnly(check.domain), t.checkChooseAnother]}
    case 'closed':
      return {proceed: false, sentences: [t.checkClosed(check.domain), t.checkChooseAnother]}
  }
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10)
}
