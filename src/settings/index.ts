/**
 * Workspace settings kept in the store (table `settings`, migration 2): the default phone region,
 * the default language, and who "me" is when the person said so. Values are validated here;
 * the storage is anything with `setting`/`setSetting` (ContactRepository).
 */
import {UserError} from '../errors/index.js'
import {isKnownRegion} from '../contacts/phone.js'
import {peekSetting} from '../store/peek.js'

import type {CountryCode} from 'libphonenumber-js'
import {t} from '../i18n/index.js'

/** Where settings live (ContactRepository implements it). */
export interface SettingsStorage {
  /** The stored text, or undefined. */
  setting(key: string): string | undefined
  /** Stores a text, or removes the setting with null. */
  setSetting(key: string, value: string | null): void
}

/** The keys used in the `settings` table. */
export const SETTING = {
  /** ISO 3166-1 alpha-2 region for phone numbers written without a country code. */
  region: 'phone.region',
  /** `fr` or `en`: language of texts for contacts without their own. */
  language: 'language',
  /** Id of the contact the person said is themself (`contacts me`). */
  me: 'contacts.me',
} as const

/** The stored default region, or null. */
export function storedRegion(settings: SettingsStorage): CountryCode | null {
  const value = settings.setting(SETTING.region)
  return value !== undefined && isKnownRegion(value) ? value : null
}

/**
 * Checks a `--region` value (case-insensitive ISO 3166-1 alpha-2 code, e.g. `fr`).
 * Fails with UserError CONTACTS_BAD_REGION.
 */
export function parseRegion(input: string): CountryCode {
  const region = input.trim().toUpperCase()
  if (!isKnownRegion(region)) {
    throw new UserError('CONTACTS_BAD_REGION', t('errors.contacts.badRegion', {value: input}), {
      suggestions: [t('errors.contacts.badRegionFix')],
    })
  }
  return region
}

/** The region for this run, and whether the flag was stored as the workspace default. */
export interface RegionChoice {
  /** The region, or null when neither the flag nor the workspace gives one. */
  region: CountryCode | null
  /** True when this run stored the flag's region as the workspace default (the first time). */
  saved: boolean
}

/**
 * The region to read local numbers with: the flag when given (stored as the workspace default
 * if there was none yet: asked once), else the workspace default, else null.
 */
export function resolveRegion(settings: SettingsStorage, flag: string | undefined): RegionChoice {
  const stored = storedRegion(settings)
  if (flag === undefined) return {region: stored, saved: false}
  const region = parseRegion(flag)
  if (stored === null) {
    settings.setSetting(SETTING.region, region)
    return {region, saved: true}
  }
  return {region, saved: false}
}

/** The workspace language, or null when never set. */
export function storedLanguage(settings: SettingsStorage): 'fr' | 'en' | null {
  const value = settings.setting(SETTING.language)
  return value === 'fr' || value === 'en' ? value : null
}

/** Sets the workspace language. */
export function saveLanguage(settings: SettingsStorage, language: 'fr' | 'en'): void {
  settings.setSetting(SETTING.language, language)
}

/**
 * The workspace language read before a command starts (for its console), without opening the
 * store for work: null when there is no store yet or no language was set.
 */
export function peekWorkspaceLanguage(storePath: string): string | null {
  return peekSetting(storePath, SETTING.language) ?? null
}
