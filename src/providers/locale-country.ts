/**
 * The country of the system locale (`fr_FR.UTF-8` → `fr`, `de_CH` → `ch`), in the POSIX order
 * LC_ALL, LC_MESSAGES, LANG; undefined for `C`, `POSIX` or a locale without a territory.
 * A default for `proposeProviders({country})` when the person did not say.
 */
export function localeCountry(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? ''
  const match = /^[a-z]{2,3}[_-]([A-Za-z]{2})(?:[.@]|$)/.exec(locale)
  return match?.[1]?.toLowerCase()
}
