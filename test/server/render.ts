/**
 * Renders the project's server config templates (prosody.cfg.lua, ejabberd.yml, ejabberdctl.cfg):
 * `@@NAME@@` placeholders are replaced by literals the caller has already quoted for the target
 * language with the helpers below, so a path or name can never break out of its string.
 */

/**
 * Replaces every `@@NAME@@` in `template` by `values[NAME]`.
 * @throws Error naming the placeholders that have no value, or values that are not used: a
 * template and its renderer that drift apart fail loudly instead of starting a wrong server.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const missing = new Set<string>()
  const used = new Set<string>()
  const text = template.replace(/@@([A-Z0-9_]+)@@/g, (_match, name: string) => {
    const value = values[name]
    if (value === undefined) {
      missing.add(name)
      return ''
    }
    used.add(name)
    return value
  })
  const unused = Object.keys(values).filter((name) => !used.has(name))
  if (missing.size > 0 || unused.length > 0) {
    throw new Error(
      `config template mismatch: no value for [${[...missing].join(', ')}], unused values [${unused.join(', ')}]`,
    )
  }
  return text
}

/** A Lua string literal: every byte that is not plain printable ASCII becomes a `\ddd` escape. */
export function luaString(value: string): string {
  let out = '"'
  for (const byte of Buffer.from(value, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
    out += printable ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`
  }
  return `${out}"`
}

/** A YAML double-quoted scalar; JSON strings are valid YAML 1.2 double-quoted scalars. */
export function yamlString(value: string): string {
  return JSON.stringify(value)
}

/** A POSIX shell single-quoted word, for files that a shell sources (ejabberdctl.cfg). */
export function shellString(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}
