/**
 * The commands the flow and `status` tell the person to run next keep the flags they gave
 * (issue 16): the workspace, and how to reach the server (`--host`, `--port`, `--direct-tls`,
 * `--ca`), without which the command would not work against their server.
 */
import {DEFAULT_WORKSPACE} from '../workspace.js'

/** The flags as given (oclif's values). */
export interface HintFlagValues {
  workspace?: string
  host?: string
  port?: number
  'direct-tls'?: boolean
  ca?: string
}

/** A value as a POSIX shell reads it back: as is when safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`
}

/** The flags to repeat in a hint, e.g. `['-w', 'famille', '--host', '127.0.0.1', '--port', '5222']`. */
export function hintFlags(flags: HintFlagValues): string[] {
  const out: string[] = []
  if (flags.workspace !== undefined && flags.workspace !== DEFAULT_WORKSPACE) out.push('-w', shellWord(flags.workspace))
  if (flags.host !== undefined) out.push('--host', shellWord(flags.host))
  if (flags.port !== undefined) out.push('--port', String(flags.port))
  if (flags['direct-tls'] === true) out.push('--direct-tls')
  if (flags.ca !== undefined) out.push('--ca', shellWord(flags.ca))
  return out
}

/**
 * A command line to show: `xmpp-migrate` + `args` + the kept flags. The flags go before a
 * trailing `…` or the end, so what the person pastes works as is.
 */
export function commandLine(args: string, flags: readonly string[]): string {
  // i18n-ignore: a command line, the same in every language
  return ['xmpp-migrate', args, ...flags].filter((part) => part !== '').join(' ')
}
