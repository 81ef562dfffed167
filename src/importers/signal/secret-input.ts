import type {Readable, Writable} from 'node:stream'

import {promptHidden} from '../../credentials/password-input.js'
import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'

/** Which secret a Signal input needs. */
export type SignalSecretKind = 'passphrase' | 'recovery-key'

const LABELS: Record<SignalSecretKind, {what: () => string; flag: string}> = {
  passphrase: {what: () => t('errors.signal.secret.passphrase'), flag: '--passphrase-stdin'},
  'recovery-key': {what: () => t('errors.signal.secret.recoveryKey'), flag: '--recovery-key-stdin'},
}

/**
 * Reads a Signal backup secret piped on standard input (`--passphrase-stdin`,
 * `--recovery-key-stdin`): everything up to the end, trailing line breaks dropped. Signal shows
 * both secrets in groups; grouping and case are handled by the importer, so the text is returned
 * as typed. Never logged.
 *
 * @throws UserError SIGNAL_SECRET_EMPTY when nothing was piped.
 */
export async function readSecretFromStdin(kind: SignalSecretKind, input: Readable = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const secret = Buffer.concat(chunks).toString('utf8').replace(/[\r\n]+$/, '')
  if (secret.trim() === '') {
    throw new UserError('SIGNAL_SECRET_EMPTY', t('errors.signal.secretEmpty', {flag: LABELS[kind].flag, what: LABELS[kind].what()}), {
      suggestions: [t('errors.signal.secretPipe', {flag: LABELS[kind].flag})],
    })
  }
  return secret
}

/**
 * Asks for a Signal backup secret on the terminal without echoing it.
 *
 * @throws UserError PASSWORD_NO_TTY when there is no terminal, PASSWORD_EMPTY when nothing is typed.
 */
export async function promptSecret(kind: SignalSecretKind, input: NodeJS.ReadStream = process.stdin, output: Writable = process.stderr): Promise<string> {
  return promptHidden(t('errors.signal.secretPrompt', {what: LABELS[kind].what()}), input, output)
}

/** Secrets the caller already has, and how to ask for a missing one. */
export interface SecretRetryOptions {
  /** Asks for a missing secret (default: {@link promptSecret} when stdin is a terminal, else no asking). */
  ask?: (kind: SignalSecretKind) => Promise<string>
}

/**
 * Runs `open` with the given Signal secrets; when it fails because the input turns out to need
 * a secret that was not given (SIGNAL_PASSPHRASE_REQUIRED, SIGNAL_RECOVERY_KEY_REQUIRED) and a
 * terminal is there to ask on, asks for it (hidden) and runs `open` once more. This is how
 * `parse` and `import` accept a secret "from stdin or a hidden prompt, never from a flag".
 *
 * @throws whatever `open` throws, or the prompt's UserError.
 */
export async function withSignalSecrets<T>(
  secrets: {passphrase?: string; recoveryKey?: string; snapshot?: string},
  open: (secrets: {passphrase?: string; recoveryKey?: string; snapshot?: string}) => Promise<T>,
  options: SecretRetryOptions = {},
): Promise<T> {
  try {
    return await open(secrets)
  } catch (error) {
    const code = (error as {code?: unknown}).code
    const kind: SignalSecretKind | null =
      code === 'SIGNAL_PASSPHRASE_REQUIRED' && secrets.passphrase === undefined
        ? 'passphrase'
        : code === 'SIGNAL_RECOVERY_KEY_REQUIRED' && secrets.recoveryKey === undefined
          ? 'recovery-key'
          : null
    const ask = options.ask ?? (process.stdin.isTTY ? (k: SignalSecretKind) => promptSecret(k) : undefined)
    if (kind === null || ask === undefined) throw error
    const secret = await ask(kind)
    return open(kind === 'passphrase' ? {...secrets, passphrase: secret} : {...secrets, recoveryKey: secret})
  }
}
