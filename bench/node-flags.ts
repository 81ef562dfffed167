/**
 * The Node options the product runs with, so the bench measures parse and import the way
 * `xmpp-migrate` runs them. bin/run.js states them in its shebang
 * (`#!/usr/bin/env -S node --max-semi-space-size=8`); a shebang is ignored when a file is run
 * as `node bin/run.js`, so the bench passes them explicitly to every measured process.
 */

/**
 * The options after `node` in a shebang line: `#!/usr/bin/env -S node --a=1 --b` gives
 * `['--a=1', '--b']`; a shebang without `node`, or no shebang, gives `[]`. Only tokens that
 * start with `-` are options (a script path after them ends the list).
 */
export function nodeFlagsFromShebang(firstLine: string): string[] {
  if (!firstLine.startsWith('#!')) return []
  const tokens = firstLine.slice(2).trim().split(/\s+/)
  const node = tokens.findIndex((t) => t === 'node' || t.endsWith('/node'))
  if (node < 0) return []
  const flags: string[] = []
  for (const token of tokens.slice(node + 1)) {
    if (!token.startsWith('-')) break
    flags.push(token)
  }
  return flags
}
