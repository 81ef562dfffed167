/** Languages the guided flow speaks. */
export type MigrateLanguage = 'fr' | 'en'

/**
 * The flow's language: `--lang` (or the config's `lang`) wins, else the system locale
 * (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), else English.
 * Returns null for a flag value that is neither fr nor en (the caller reports it).
 */
export function migrateLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): MigrateLanguage | null {
  if (flag !== undefined && flag.trim() !== '') {
    const value = flag.trim().toLowerCase()
    if (value === 'fr' || value.startsWith('fr-') || value.startsWith('fr_') || value === 'français' || value === 'francais') return 'fr'
    if (value === 'en' || value.startsWith('en-') || value.startsWith('en_') || value === 'english') return 'en'
    return null
  }
  // POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty value is unset.
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? ''
  return /^fr([_.@-]|$)/i.test(locale) ? 'fr' : 'en'
}

/**
 * The flow's language from a catalogue language (src/i18n: `--lang`, the workspace's, the
 * system's). The services the flow calls (kit, history) speak French and English, so another
 * catalogue language runs the flow in English until they speak it too.
 */
export function flowLanguage(lang: string): MigrateLanguage {
  return lang === 'fr' ? 'fr' : 'en'
}
