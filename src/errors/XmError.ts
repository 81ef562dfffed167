/**
 * Base of every error xmpp-migrate raises on purpose.
 *
 * `code` is stable (scripts may match on it), `message` says what happened, `suggestions`
 * say what the person can do next, and `cause` keeps the low-level error.
 */
export class XmError extends Error {
  /** Stable, machine-readable identifier such as `WA_NOT_AN_EXPORT`. */
  readonly code: string
  /** What the person can do next; printed by oclif as "Try this:". */
  readonly suggestions: string[]
  /** Process exit code for the CLI. */
  readonly exitCode: number

  constructor(code: string, message: string, options: {cause?: unknown; suggestions?: string[]; exitCode?: number} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'XmError'
    this.code = code
    this.suggestions = options.suggestions ?? []
    this.exitCode = options.exitCode ?? 1
  }

  /** The JSON form used by `--json` output. */
  toJSON(): {name: string; code: string; message: string; suggestions: string[]} {
    return {name: this.name, code: this.code, message: this.message, suggestions: this.suggestions}
  }
}
