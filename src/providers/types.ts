/**
 * Public XMPP providers, in the XMPP Providers project's own format (https://providers.xmpp.net):
 * the field names are the data's, so `providers --json` prints them unchanged.
 */

/**
 * The project's rating: `A` usable with no user interaction (the app may pick it), `B` the user
 * chooses it knowingly, `C` and `D` lower ratings (missing features or information).
 */
export type ProviderCategory = 'A' | 'B' | 'C' | 'D'

/** The categories, best first. */
export const PROVIDER_CATEGORIES: readonly ProviderCategory[] = ['A', 'B', 'C', 'D']

/** A web address per language code (`{"en": "https://…", "fr": "https://…"}`). */
export type LocalizedUrls = Record<string, string>

/**
 * One provider. Only `jid` and `category` are required; the other fields are checked for type
 * when present, and unknown fields are kept as they are (a newer list may have more).
 * Numbers follow the data's conventions: `0` means no limit, `-1` less than one unit.
 */
export interface Provider {
  /** The provider's domain: the part after `@` of its users' addresses. */
  jid: string
  /** See {@link ProviderCategory}. */
  category: ProviderCategory
  /** Whether an app can create the account (XEP-0077 in-band registration). */
  inBandRegistration?: boolean
  /** In-band registration asks to solve a CAPTCHA. */
  inBandRegistrationCaptchaRequired?: boolean
  /** In-band registration asks for an e-mail address. */
  inBandRegistrationEmailAddressRequired?: boolean
  /** Web page where an account is created, per language (`{}` if none). */
  registrationWebPage?: LocalizedUrls
  /** Days the server keeps messages (XEP-0313 archive); 0 no limit, -1 less than a day. */
  maximumMessageArchiveManagementStorageTime?: number
  /** Largest file that can be shared (XEP-0363), in megabytes; 0 no limit, -1 less than 1 MB. */
  maximumHttpFileUploadFileSize?: number
  /** Days shared files are kept; 0 no limit, -1 less than a day. */
  maximumHttpFileUploadStorageTime?: number
  /** Countries where the servers are, as lower-case ISO 3166-1 alpha-2 codes (`de`, `fr`). */
  serverLocations?: string[]
  /** Whether the service is free of charge. */
  freeOfCharge?: boolean
  /** Who runs it: `private person`, `non-governmental`, `company`, `governmental`… ('' if unknown). */
  organization?: string
  /** How many team members the service could not survive losing; -1 if unknown. */
  busFactor?: number
  /** Date since when the service runs (or is listed), `YYYY-MM-DD`. */
  since?: string
  /** Web site per language. */
  website?: LocalizedUrls
  /** Terms and legal notice per language. */
  legalNotice?: LocalizedUrls
  /** How to reset a forgotten password, per language. */
  passwordReset?: LocalizedUrls
  /** Support chat addresses per language. */
  chatSupport?: Record<string, string[]>
  /** Support e-mail addresses per language. */
  emailSupport?: Record<string, string[]>
  /** Percentage of the XMPP Compliance Tester. */
  ratingXmppComplianceTester?: number
  /** Other domains of the same service. */
  alternativeJids?: string[]
  /** Whatever else the list holds, kept verbatim. */
  [field: string]: unknown
}

/** Where a provider list came from. */
export interface ProviderListOrigin {
  /** `built-in` (the shipped snapshot), `file` or `url` (`--providers`). */
  kind: 'built-in' | 'file' | 'url'
  /** The file path or URL; for the snapshot, its origin. */
  location: string
  /** For the snapshot: the date of its newest entry; for a URL: when it was fetched (ISO 8601). */
  date?: string
  /** For a URL: the cached copy used (absolute path). */
  cachedAt?: string
}

/** Something wrong with one entry of a list; the entry is left out, the others are used. */
export interface ProviderListIssue {
  /** Index of the entry in the list (0-based). */
  index: number
  /** The entry's `jid` when it has a usable one. */
  jid?: string
  /** Stable code: `PROVIDER_NOT_AN_OBJECT`, `PROVIDER_BAD_JID`, `PROVIDER_BAD_CATEGORY`, `PROVIDER_BAD_FIELD`, `PROVIDER_DUPLICATE`. */
  code: string
  /** What is wrong, in English. */
  message: string
}

/** A validated list. */
export interface ProviderList {
  /** The usable providers, in the list's order. */
  providers: Provider[]
  /** The entries left out, and why. */
  issues: ProviderListIssue[]
  /** Where it came from. */
  origin: ProviderListOrigin
}
