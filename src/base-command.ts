import {Command, Flags, type Interfaces} from '@oclif/core'

import {errnoCode, translateFileError, UserError, XmError} from './errors/index.js'
import {languageOf, languages, resolveLanguage, setConsoleLanguage, t} from './i18n/index.js'
import {peekWorkspaceLanguage} from './settings/index.js'
import {terminalSafe} from './ui/terminal-text.js'
import {printableError} from './ui/error-output.js'
import {usageError} from './ui/usage-error.js'
import {DEFAULT_WORKSPACE, Workspace, type WorkspaceLock} from './workspace.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * What every command shares: `--workspace/-w` and `--json`, and the way errors are shown.
 * Commands stay thin: parse flags, call one service, return a typed result (printed by oclif
 * as JSON with `--json`), print a human summary otherwise.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    workspace: Flags.directory({
      char: 'w',
      summary: 'Folder holding this migration (store, media, credentials).',
      env: 'XMPP_MIGRATE_WORKSPACE',
      default: DEFAULT_WORKSPACE,
      helpGroup: 'GLOBAL',
    }),
    lang: Flags.string({
      summary: 'Language of what you read: fr or en (default: the workspace language, else the system language).',
      env: 'XMPP_MIGRATE_LANG',
      helpGroup: 'GLOBAL',
    }),
  }

  /**
   * Whether the command changes the workspace or the server (issue 14): it then runs holding the
   * workspace lock, so two of them never work on one workspace at once (WORKSPACE_BUSY).
   */
  static locksWorkspace = false

  /**
   * Whether the command's own `--lang` takes any language code (`providers --lang de`: providers
   * with pages in German first). The console then speaks it only when a catalogue exists for it,
   * else the workspace's or the system's language, instead of refusing the value.
   */
  static freeLanguageFlag = false

  protected flags!: BaseFlags<T>
  #lock: WorkspaceLock | undefined

  /**
   * The workspace named by `--workspace` (not created until a command needs it; made private
   * with a warning when others could read it). Fails with WORKSPACE_NOT_A_FOLDER when the path is
   * a file.
   */
  protected get workspace(): Workspace {
    return new Workspace(this.flags.workspace, {onWarning: (message) => this.note(t('cli.warning', {message}))}).open()
  }

  override async init(): Promise<void> {
    await super.init()
    // The console's language before the flags are parsed, so that even a flag error reads in it.
    setConsoleLanguage(resolveLanguage(languageOf(langInArgv(this.argv) ?? process.env.XMPP_MIGRATE_LANG), null))
    let flags: Record<string, unknown>
    try {
      ;({flags} = await this.parse({
        flags: this.ctor.flags,
        baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
        enableJsonFlag: this.ctor.enableJsonFlag,
        args: this.ctor.args,
        strict: this.ctor.strict,
      }))
    } catch (error) {
      // A flag or argument the command cannot take: one short error of ours, exit 2 (issue 16).
      // In the workspace's language when --lang does not say (the flags could not be read).
      setConsoleLanguage(consoleLanguageOfArgv(this.argv))
      const flagNames = Object.keys({...(super.ctor as typeof BaseCommand).baseFlags, ...this.ctor.flags, ...(this.ctor.enableJsonFlag ? {json: true} : {})})
      throw usageError(error, {command: (this.id ?? this.ctor.name).replace(/:/g, ' '), bin: this.config.bin, flags: flagNames, commands: this.config.commandIDs}) ?? error
    }
    this.flags = flags as BaseFlags<T>
    this.#setLanguage()
    if ((this.ctor as unknown as typeof BaseCommand).locksWorkspace) this.#lock = this.workspace.lock((this.id ?? this.ctor.name).replace(/:/g, ' '))
  }

  /** `--lang`, else the workspace's language, else the system's (issue 13). */
  #setLanguage(): void {
    const flag = (this.flags as {lang?: string}).lang
    const chosen = languageOf(flag)
    if (flag !== undefined && flag.trim() !== '' && chosen === null && !(this.ctor as unknown as typeof BaseCommand).freeLanguageFlag) {
      throw new UserError('USAGE_BAD_LANG', t('cli.badLang', {value: flag, languages: languages().join(', ')}), {exitCode: 2})
    }
    let workspace: string | null = null
    if (chosen === null) {
      const dir = (this.flags as {workspace?: string}).workspace
      if (dir !== undefined) workspace = languageOf(peekWorkspaceLanguage(new Workspace(dir).storePath))
    }
    setConsoleLanguage(resolveLanguage(chosen, workspace))
  }

  /** Releases the workspace lock, whatever happened. */
  override async finally(error: Error | undefined): Promise<unknown> {
    this.#lock?.release()
    this.#lock = undefined
    return super.finally(error)
  }

  /**
   * Turns our errors into oclif's: message, "Try this:" suggestions, stable code, exit code; no
   * stack. For a person, the message and suggestions are terminalSafe (they may name a file or a
   * chat); `--json` keeps them raw (JSON escapes control characters).
   */
  protected override async catch(caught: Error & {exitCode?: number}): Promise<unknown> {
    // A failed file-system call that no layer translated still names its path and what to do
    // (issue 14: a bare ENOSPC, or "Unexpected failure… BUG" for a read-only workspace).
    const err = errnoCode(caught) !== undefined ? (translateFileError(caught, (caught as NodeJS.ErrnoException).path ?? t('cli.aFileOfThisCommand'), t('cli.writeOrReadTheFile')) as Error & {exitCode?: number}) : caught
    if (err instanceof XmError) {
      if (this.jsonEnabled()) {
        process.exitCode = err.exitCode
        this.logJson({error: err.toJSON()})
        return
      }
      // "Error:", "Try this:" and "Code:" in the console's language; oclif's own are English only.
      return super.catch(printableError(err.message, err.suggestions, err.code, err.exitCode))
    }
    if (this.jsonEnabled()) {
      // Never oclif's dump of the error (its enumerable fields can hold the whole parser state):
      // the same small object as our errors.
      const exit = (err as {oclif?: {exit?: number}}).oclif?.exit ?? err.exitCode ?? 1
      process.exitCode = exit
      const code = (err as {code?: unknown}).code
      this.logJson({error: {name: err.name, code: typeof code === 'string' ? code : 'UNEXPECTED', message: err.message, suggestions: []}})
      return
    }
    if (typeof err.message === 'string') err.message = terminalSafe(err.message)
    return super.catch(err)
  }

  /** Prints a line on stdout for a person (nothing with `--json`), control characters neutralized. */
  override log(message = '', ...args: unknown[]): void {
    super.log(typeof message === 'string' ? terminalSafe(message) : message, ...args.map((a) => (typeof a === 'string' ? terminalSafe(a) : a)))
  }

  /** Like log, on stderr. */
  override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(typeof message === 'string' ? terminalSafe(message) : message, ...args.map((a) => (typeof a === 'string' ? terminalSafe(a) : a)))
  }

  /** A warning on stderr (nothing with `--json`), control characters neutralized. */
  override warn(input: string | Error): string | Error {
    if (typeof input === 'string') return super.warn(terminalSafe(input))
    if (!this.jsonEnabled()) input.message = terminalSafe(input.message)
    return super.warn(input)
  }

  /** Prints a line on stderr (progress, warnings), never on stdout, so `--json` output stays clean. */
  protected note(message: string): void {
    process.stderr.write(`${terminalSafe(message)}\n`)
  }
}

/** The value of `--NAME X`, `--NAME=X` (or `-C X`) in a command line, before oclif parses it. */
function flagInArgv(argv: readonly string[], name: string, char?: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') return undefined
    if (arg.startsWith(`--${name}=`)) return arg.slice(`--${name}=`.length)
    if (arg === `--${name}` || (char !== undefined && arg === `-${char}`)) return argv[i + 1]
  }
  return undefined
}

/** The value of `--lang X` or `--lang=X` in a command line, before oclif parses it. */
function langInArgv(argv: readonly string[]): string | undefined {
  return flagInArgv(argv, 'lang')
}

/**
 * The console language for a command line that no command parses (an unknown command): `--lang`,
 * else XMPP_MIGRATE_LANG, else the language of the workspace it names (or the default one),
 * else the system's.
 */
export function consoleLanguageOfArgv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const chosen = languageOf(langInArgv(argv) ?? env.XMPP_MIGRATE_LANG)
  if (chosen !== null) return chosen
  const dir = flagInArgv(argv, 'workspace', 'w') ?? env.XMPP_MIGRATE_WORKSPACE ?? DEFAULT_WORKSPACE
  let workspace: string | null = null
  try {
    workspace = languageOf(peekWorkspaceLanguage(new Workspace(dir).storePath))
  } catch {
    // An unreadable workspace says nothing about the language.
  }
  return resolveLanguage(null, workspace, env)
}
