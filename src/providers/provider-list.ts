import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import {PROVIDER_CATEGORIES, type Provider, type ProviderList, type ProviderListIssue, type ProviderListOrigin} from './types.js'

// Pure: text in, validated list out. Reading the file or the URL is list-source.ts's job.

// A DNS name (IDN labels allowed), as in xmpp/account-jid.ts: a provider's jid is a bare domain.
const DOMAIN_RE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u

type Check = (value: unknown) => boolean
const isBoolean: Check = (v) => typeof v === 'boolean'
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v)
const isString: Check = (v) => typeof v === 'string'
const isStringArray: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUrlMap: Check = (v) => isRecord(v) && Object.values(v).every((x) => typeof x === 'string')
const isAddressMap: Check = (v) => isRecord(v) && Object.values(v).every(isStringArray)

/** The type each known field must have when present (a wrong type leaves the entry out): the catalogue's `errors.providers.expected.*`. */
const FIELD_CHECKS: Record<string, [Check, string]> = {
  inBandRegistration: [isBoolean, 'boolean'],
  inBandRegistrationCaptchaRequired: [isBoolean, 'boolean'],
  inBandRegistrationEmailAddressRequired: [isBoolean, 'boolean'],
  freeOfCharge: [isBoolean, 'boolean'],
  registrationWebPage: [isUrlMap, 'urlMap'],
  website: [isUrlMap, 'urlMap'],
  legalNotice: [isUrlMap, 'urlMap'],
  passwordReset: [isUrlMap, 'urlMap'],
  chatSupport: [isAddressMap, 'addressMap'],
  emailSupport: [isAddressMap, 'addressMap'],
  maximumMessageArchiveManagementStorageTime: [isNumber, 'days'],
  maximumHttpFileUploadFileSize: [isNumber, 'megabytes'],
  maximumHttpFileUploadStorageTime: [isNumber, 'days'],
  busFactor: [isNumber, 'number'],
  ratingXmppComplianceTester: [isNumber, 'percentage'],
  serverLocations: [isStringArray, 'countries'],
  alternativeJids: [isStringArray, 'domains'],
  organization: [isString, 'text'],
  since: [isString, 'date'],
}

/**
 * Validates a list in the XMPP Providers format: every entry needs a domain (`jid`) and a
 * category (A–D); known fields must have their type. Bad entries are left out and reported in
 * `issues`; domains and country codes are lower-cased; unknown fields are kept verbatim.
 *
 * Fails with a UserError PROVIDERS_INVALID when the text is not JSON, not an array, or has no
 * usable entry at all (`what` names the file or URL in the message).
 */
export function parseProviderList(text: string, origin: ProviderListOrigin): ProviderList {
  const what = origin.kind === 'built-in' ? t('errors.providers.builtIn') : origin.location
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw invalidList(t('errors.providers.notJson', {what, why: (error as Error).message}), error)
  }
  const entries: unknown[] | null = Array.isArray(data) ? data : null
  if (entries === null) throw invalidList(t('errors.providers.notAList', {what}))

  const providers: Provider[] = []
  const issues: ProviderListIssue[] = []
  const seen = new Set<string>()
  entries.forEach((entry: unknown, index) => {
    const result = validateEntry(entry, index)
    if ('issue' in result) {
      issues.push(result.issue)
      return
    }
    if (seen.has(result.provider.jid)) {
      issues.push({index, jid: result.provider.jid, code: 'PROVIDER_DUPLICATE', message: t('errors.providers.duplicate', {jid: result.provider.jid})})
      return
    }
    seen.add(result.provider.jid)
    providers.push(result.provider)
  })
  if (providers.length === 0) {
    const first = issues[0] ? ` ${t('errors.providers.firstProblem', {entry: issues[0].index + 1, problem: issues[0].message})}` : ''
    throw invalidList(t('errors.providers.noneUsable', {what}) + first)
  }
  return {providers, issues, origin}
}

function validateEntry(entry: unknown, index: number): {provider: Provider} | {issue: ProviderListIssue} {
  if (!isRecord(entry)) return {issue: {index, code: 'PROVIDER_NOT_AN_OBJECT', message: t('errors.providers.notAnObject')}}
  const rawJid = entry.jid
  const jid = typeof rawJid === 'string' ? rawJid.trim().toLowerCase().replace(/\.$/, '') : ''
  if (!DOMAIN_RE.test(jid)) {
    return {issue: {index, code: 'PROVIDER_BAD_JID', message: t('errors.providers.badJid', {value: JSON.stringify(rawJid) ?? '—'})}}
  }
  const category = typeof entry.category === 'string' ? entry.category.trim().toUpperCase() : ''
  if (!(PROVIDER_CATEGORIES as readonly string[]).includes(category)) {
    return {issue: {index, jid, code: 'PROVIDER_BAD_CATEGORY', message: t('errors.providers.badCategory', {jid, value: JSON.stringify(entry.category) ?? '—'})}}
  }
  for (const [field, [check, expected]] of Object.entries(FIELD_CHECKS)) {
    if (entry[field] !== undefined && !check(entry[field])) {
      return {issue: {index, jid, code: 'PROVIDER_BAD_FIELD', message: t('errors.providers.badField', {field, jid, expected: t(`errors.providers.expected.${expected}`)})}}
    }
  }
  const provider = {...entry, jid, category} as Provider
  if (provider.serverLocations) provider.serverLocations = provider.serverLocations.map((c) => c.trim().toLowerCase())
  return {provider}
}

function invalidList(message: string, cause?: unknown): UserError {
  return new UserError('PROVIDERS_INVALID', message, {
    ...(cause === undefined ? {} : {cause}),
    suggestions: [
      t('errors.providers.formatHint'),
      t('errors.providers.builtInHint'),
    ],
  })
}
