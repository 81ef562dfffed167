import {UserError} from '../errors/index.js'
import {formatList, t, consoleLanguage} from '../i18n/index.js'
import {nearest} from '../errors/near.js'

/** What a usage error is about: the command and the flags it knows. */
export interface UsageContext {
  /** The command as typed, e.g. `history export`. */
  command: string
  /** The binary, e.g. `xmpp-migrate`. */
  bin: string
  /** The command's flag names, without `--`. */
  flags: readonly string[]
  /** Every command id (`contacts set` or `contacts:set`), to tell a mistyped subcommand. */
  commands?: readonly string[]
}

/** Exit code of every usage error (a flag or an argument the command cannot take), as for our other errors. */
export const USAGE_EXIT_CODE = 2

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g

/**
 * The oclif parser's error (unknown flag, missing flag or argument, a value out of its options…)
 * as one of ours: a short sentence in the console's language, a stable code, "did you mean"
 * suggestions, exit code 2. oclif's own errors carry the whole parser state, which `--json`
 * printed (thousands of lines with the package.json), and English only (issue 16).
 *
 * oclif does not export its parse error classes: they are told by name, and their details read
 * from the error (`flags`, `args`) or, for the validation errors that keep only a message, from
 * that message's fixed English wording. Anything not recognised still becomes a usage error,
 * with oclif's sentence inside.
 */
export function usageError(error: unknown, context: UsageContext): UserError | null {
  if (!(error instanceof Error) || error instanceof UserError) return null
  const kind = error.constructor.name
  const raw = error.message.replace(ANSI, '')
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    // i18n-ignore: oclif's own text, matched
    .filter((l) => l !== '' && l !== 'See more help with --help')
  const help = t('cli.usage.seeHelp', {command: `${context.bin} ${context.command} --help`})
  const make = (code: string, message: string, suggestions: string[] = []): UserError =>
    new UserError(code, message, {cause: error, exitCode: USAGE_EXIT_CODE, suggestions: [...suggestions, help]})
  const command = `${context.bin} ${context.command}`

  if (kind === 'NonExistentFlagsError') {
    const typed = ((error as Error & {flags?: string[]}).flags ?? []).map(String)
    const known = context.flags.map((f) => `--${f}`)
    const near = typed.flatMap((flag) => nearest(flag.replace(/=.*$/, ''), known, {limit: 2}))
    return make(
      'USAGE_UNKNOWN_FLAG',
      t('cli.usage.unknownFlag', {command, count: typed.length, flags: formatList(consoleLanguage(), typed)}),
      near.length > 0 ? [t('cli.usage.didYouMean', {candidates: formatList(consoleLanguage(), near, 'disjunction')})] : [],
    )
  }
  if (kind === 'UnexpectedArgsError') {
    const args = ((error as Error & {args?: unknown[]}).args ?? []).map(String)
    // `contacts sett Mamie`: the first argument may be a mistyped subcommand.
    const subcommands = (context.commands ?? []).map((c) => c.replace(/:/g, ' ')).filter((c) => c.startsWith(`${context.command} `))
    const near = args[0] === undefined ? [] : nearest(`${context.command} ${args[0]}`, subcommands, {limit: 2})
    const hints = near.length > 0 ? near.map((c) => t('cli.notFound.didYouMean', {command: `${context.bin} ${c}`})) : [t('cli.usage.quoteNames')]
    return make('USAGE_UNEXPECTED_ARGUMENT', t('cli.usage.unexpectedArgs', {command, count: args.length, args: formatList(consoleLanguage(), args.map((a) => `"${a}"`))}), hints)
  }
  if (kind === 'RequiredArgsError') {
    const args = ((error as Error & {args?: Array<{name?: string}>}).args ?? []).map((a) => `<${a.name ?? '?'}>`)
    return make('USAGE_MISSING_ARGUMENT', t('cli.usage.missingArgs', {command, count: args.length, args: formatList(consoleLanguage(), args)}))
  }
  if (kind === 'FlagInvalidOptionError') {
    const m = /^Expected --([^=\s]+)=(.*) to be one of: (.*)$/.exec(lines[0] ?? '')
    if (m) return make('USAGE_BAD_VALUE', t('cli.usage.notAnOption', {flag: `--${m[1]}`, value: m[2], options: formatList(consoleLanguage(), (m[3] ?? '').split(', '), 'disjunction')}))
  }
  if (kind === 'FailedFlagValidationError' || kind === 'ViolatedFlagConstraintError') {
    const reasons = lines.filter((l) => !/^The following errors? occurred:$/.test(l))
    const sentences = reasons.map((reason) => validationSentence(reason, command))
    const missing = reasons.every((r) => /^Missing required flag /.test(r))
    return make(missing ? 'USAGE_MISSING_FLAG' : 'USAGE_FLAG_CONFLICT', sentences.join('\n'))
  }
  // A flag's value that its parser refused: "Parsing --port \n\tExpected an integer but received: abc".
  const parsing = /^Parsing --(\S+)/.exec(lines[0] ?? '')
  if (parsing) {
    const flag = `--${parsing[1]}`
    const detail = lines.slice(1).join(' ')
    let m: RegExpExecArray | null
    if ((m = /^Expected an integer but received: (.*)$/.exec(detail))) return make('USAGE_BAD_VALUE', t('cli.usage.notInteger', {flag, value: m[1]}))
    if ((m = /^Expected an integer greater than or equal to (-?\d+) but received: (.*)$/.exec(detail))) return make('USAGE_BAD_VALUE', t('cli.usage.tooSmall', {flag, value: m[2], min: Number(m[1])}))
    if ((m = /^Expected an integer less than or equal to (-?\d+) but received: (.*)$/.exec(detail))) return make('USAGE_BAD_VALUE', t('cli.usage.tooLarge', {flag, value: m[2], max: Number(m[1])}))
    return make('USAGE_BAD_VALUE', t('cli.usage.badValue', {flag, detail}))
  }
  let m: RegExpExecArray | null
  if ((m = /^Flag (--\S+) expects a value$/.exec(lines[0] ?? ''))) return make('USAGE_MISSING_VALUE', t('cli.usage.missingValue', {flag: m[1]}))
  if ((m = /^Flag (--\S+) expects one of these values: (.*)$/.exec(lines[0] ?? ''))) return make('USAGE_BAD_VALUE', t('cli.usage.missingOption', {flag: m[1], options: formatList(consoleLanguage(), (m[2] ?? '').split(', '), 'disjunction')}))
  if ((m = /^Flag (--\S+) can only be specified once$/.exec(lines[0] ?? ''))) return make('USAGE_FLAG_TWICE', t('cli.usage.once', {flag: m[1]}))
  return make('USAGE_INVALID', t('cli.usage.other', {command, detail: lines.join(' ')}))
}

/** One reason of oclif's flag validation, in the console's language. */
function validationSentence(reason: string, command: string): string {
  let m: RegExpExecArray | null
  if ((m = /^Missing required flag (\S+)$/.exec(reason))) return t('cli.usage.missingFlag', {command, flag: `--${m[1]}`})
  if ((m = /^(--\S+?)(?:=\S*)? cannot also be provided when using (--\S+)$/.exec(reason))) return t('cli.usage.exclusive', {flag: m[1], other: m[2]})
  if ((m = /^All of the following must be provided when using (--\S+): (.*)$/.exec(reason))) return t('cli.usage.dependsOn', {flag: m[1], needed: formatList(consoleLanguage(), (m[2] ?? '').split(', '))})
  if ((m = /^(?:Exactly|At least) one of the following must be provided(?: when using (--\S+))?: (.*)$/.exec(reason))) return t('cli.usage.oneOf', {options: formatList(consoleLanguage(), (m[2] ?? '').split(', '), 'disjunction')})
  return t('cli.usage.other', {command, detail: reason})
}
