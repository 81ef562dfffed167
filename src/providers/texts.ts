/**
 * The words about providers, from the message catalogue (`providers.*` in locales/): for the
 * organizer in the terminal (`providers`, the guided flow) and for the person invited (kit page
 * and message, in their tone). Written for people who never heard of XMPP servers: short
 * sentences, no jargon.
 */
import type {ContactTone} from '../contacts/types.js'
import {DEFAULT_LANG, formatList, languageOf, tr, type Lang, type MessageValues} from '../i18n/index.js'

/** A language these texts are written in (one of the catalogue's). */
export type ProviderTextLanguage = Lang

/** The sentences of one language; functions take plain text (the HTML renderer escapes). */
export interface ProviderTexts {
  /** `lang` attribute. */
  lang: ProviderTextLanguage
  // Facts about one provider (terminal and kit).
  category: (c: string) => string
  free: string
  notFree: string
  inApp: string
  inAppCaptcha: string
  inAppEmail: string
  webPage: string
  noRegistration: string
  historyDays: (days: number) => string
  historyUnlimited: string
  historyUnderADay: string
  fileSize: (mb: number) => string
  fileSizeUnlimited: string
  countries: (codes: string[]) => string
  since: (year: string) => string
  runBy: (organization: string) => string
  none: string
  /** The heading of `providers`: how many, from which list. */
  listHeading: (count: number, origin: string) => string
  // The kit: "create an account on one of these providers, then open this link".
  kitTitle: string
  kitIntro: string
  kitInApp: (domain: string) => string
  kitCaptcha: string
  kitEmail: string
  kitWebPage: string
  kitWebPageThen: string
  /** A provider whose registration page cannot be linked (not an http(s) address). */
  kitWebSiteOf: (domain: string) => string
  kitHistory: (fact: string) => string
  kitThen: string
  kitOtherServer: string
  // After a live check of a server (the guided flow's account step).
  checkInApp: (domain: string) => string
  checkMayNeedInvitation: (domain: string) => string
  checkWebOnly: (domain: string) => string
  checkThenLogin: string
  checkInviteOnly: (domain: string) => string
  checkClosed: (domain: string) => string
  checkChooseAnother: string
  serverSays: (text: string) => string
  /** A provider's name before what to do, on the kit page. */
  kitLabel: (domain: string) => string
  /** One provider's line in the message. */
  kitLine: (domain: string, sentence: string) => string
}

/** The catalogue key of each organization kind of the provider list (XEP-0157's). */
const ORGANIZATIONS: Record<string, string> = {
  'private person': 'privatePerson', // i18n-ignore: the provider list's value, not shown
  'non-governmental': 'nonGovernmental',
  company: 'company',
  'commercial person': 'commercialPerson', // i18n-ignore: the provider list's value, not shown
  governmental: 'governmental',
}

/**
 * The texts of `lang` (catalogue keys `providers.*`). The kit's sentences address the invited
 * person with `tone` in French ("tu" for a relative: pass theirs); the organizer's (checks,
 * listing) say "vous", the console's voice.
 */
export function providerTexts(language: Lang, tone: ContactTone | 'vous' | null = 'vous'): ProviderTexts {
  const lang = languageOf(language) ?? DEFAULT_LANG
  const k = (key: string, values: MessageValues = {}): string => tr(lang, key, {tone: tone ?? 'tu', ...values})
  return {
    lang,
    category: (category) => k('providers.category', {category}),
    free: k('providers.free'),
    notFree: k('providers.notFree'),
    inApp: k('providers.inApp'),
    inAppCaptcha: k('providers.inAppCaptcha'),
    inAppEmail: k('providers.inAppEmail'),
    webPage: k('providers.webPage'),
    noRegistration: k('providers.noRegistration'),
    historyDays: (days) => (days >= 365 && days % 365 === 0 ? k('providers.historyYears', {years: days / 365}) : k('providers.historyDays', {days})),
    historyUnlimited: k('providers.historyUnlimited'),
    historyUnderADay: k('providers.historyUnderADay'),
    fileSize: (mb) => k('providers.fileSize', {size: mb >= 1000 ? k('providers.gigabytes', {size: Math.round(mb / 100) / 10}) : k('providers.megabytes', {size: mb})}),
    fileSizeUnlimited: k('providers.fileSizeUnlimited'),
    countries: (codes) => k('providers.countries', {countries: formatList(lang, codes)}),
    since: (year) => k('providers.since', {year}),
    runBy: (organization) => k('providers.runBy', {organization: ORGANIZATIONS[organization] === undefined ? organization : k(`providers.organization.${ORGANIZATIONS[organization]}`)}),
    none: k('providers.none'),
    listHeading: (count, origin) => k('providers.listHeading', {count, origin}),
    kitTitle: k('providers.kit.title'),
    kitIntro: k('providers.kit.intro'),
    kitInApp: (domain) => k('providers.kit.inApp', {domain}),
    kitCaptcha: k('providers.kit.captcha'),
    kitEmail: k('providers.kit.email'),
    kitWebPage: k('providers.kit.webPage'),
    kitWebPageThen: k('providers.kit.webPageThen'),
    kitWebSiteOf: (domain) => k('providers.kit.webSiteOf', {domain}),
    kitHistory: (fact) => k('providers.kit.history', {fact}),
    kitThen: k('providers.kit.then'),
    kitOtherServer: k('providers.kit.otherServer'),
    kitLabel: (domain) => k('providers.kit.label', {domain}),
    kitLine: (domain, sentence) => k('providers.kit.line', {domain, sentence}),
    checkInApp: (domain) => k('providers.check.inApp', {domain}),
    checkMayNeedInvitation: (domain) => k('providers.check.mayNeedInvitation', {domain}),
    checkWebOnly: (domain) => k('providers.check.webOnly', {domain}),
    checkThenLogin: k('providers.check.thenLogin'),
    checkInviteOnly: (domain) => k('providers.check.inviteOnly', {domain}),
    checkClosed: (domain) => k('providers.check.closed', {domain}),
    checkChooseAnother: k('providers.check.chooseAnother'),
    serverSays: (text) => k('providers.check.serverSays', {text}),
  }
}
