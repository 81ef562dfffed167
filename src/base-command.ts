import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {errnoCode, translateFileError, XmError} from './errors/index.js'
import {terminalSafe} from './ui/terminal-text.js'
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
  }

  /**
   * Whether the command changes the workspace or the server (issue 14): it then runs holding the
   * workspace lock, so two of them never work on one workspace at once (WORKSPACE_BUSY).
   */
  static locksWorkspace = false

  protected flags!: BaseFlags<T>
  #lock: WorkspaceLock | undefined

  /**
   * The workspace named by `--workspace` (not created until a command needs it; made private
   * with a warning when others could read it). Fails with WORKSPACE_NOT_A_FOLDER when the path is
   * a file.
   */
  protected get workspace(): Workspace {
    return new Workspace(this.flags.workspace, {onWarning: (message) => this.note(`warning: ${message}`)}).open()
  }

  override async init(): Promise<void> {
    await super.init()
    const {flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    if ((this.ctor as unknown as typeof BaseCommand).locksWorkspace) this.#lock = this.workspace.lock((this.id ?? this.ctor.name).replace(/:/g, ' '))
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
    const err = errnoCode(caught) !== undefined ? (translateFileError(caught, (caught as NodeJS.ErrnoException).path ?? 'a file of this command', 'write or read the file') as Error & {exitCode?: number}) : caught
    if (err instanceof XmError) {
      if (this.jsonEnabled()) {
        process.exitCode = err.exitCode
        this.logJson({error: err.toJSON()})
        return
      }
      const cliError = new Errors.CLIError(terminalSafe(err.message), {code: err.code, exit: err.exitCode, suggestions: err.suggestions.map(terminalSafe)})
      return super.catch(cliError)
    }
    if (!this.jsonEnabled() && typeof err.message === 'string') err.message = terminalSafe(err.message)
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
