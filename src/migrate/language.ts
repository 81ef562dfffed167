import {languageOf, systemLanguage} from '../i18n/index.js'

/** Languages the guided flow speaks. */
export type MigrateLanguage = 'fr' | 'en'

/**
 * The flow's language: `--lang` (or the config's `lang`) wins, else the system locale
 * (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them: src/i18n reads them), else English.
 * Returns null for a flag value that is neither fr nor en (the caller reports it).
 */
export function migrateLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): MigrateLanguage | null {
  if (flag !== undefined && flag.trim() !== '') {
    const lang = languageOf(flag)
    return lang === 'fr' || lang === 'en' ? lang : null
  }
  return flowLanguage(systemLanguage(env) ?? 'en')
}

/**
 * The flow's language from a catalogue language (src/i18n: `--lang`, the workspace's, the
 * system's). The services the flow calls (kit, history) speak French and English, so another
 * catalogue language runs the flow in English until they speak it too.
 */
export function flowLanguage(lang: string): MigrateLanguage {
  return lang === 'fr' ? 'fr' : 'en'
}
