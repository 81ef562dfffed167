import {Flags} from '@oclif/core'
import bytes from 'bytes'

import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import {USAGE_EXIT_CODE} from './usage-error.js'
import {readSecretFromStdin} from '../importers/signal/secret-input.js'
import type {OpenExportOptions} from '../importers/open-export.js'

/** Flags shared by the commands that read exports (`parse`, `import`, `migrate`). */
export const importFlags = {
  'date-order': Flags.string({
    summary: "Order of day and month in a WhatsApp export's dates, when it cannot be inferred.",
    options: ['dmy', 'mdy', 'ymd'],
  }),
  'max-entry-size': Flags.string({
    summary: 'Largest size a file inside a .zip may inflate to (e.g. 500MB, 2GB).',
    default: '2GB',
  }),
  'passphrase-stdin': Flags.boolean({
    summary: 'Read the 30-digit passphrase of a Signal .backup from standard input.',
    exclusive: ['recovery-key-stdin'],
  }),
  'recovery-key-stdin': Flags.boolean({
    summary: 'Read the 64-character recovery key of a Signal on-device backup from standard input.',
    exclusive: ['passphrase-stdin'],
  }),
  snapshot: Flags.string({
    summary: 'Which snapshot of a SignalBackups folder to read (its folder name); default: the newest.',
  }),
}

/** The values of `importFlags`, as oclif parses them. */
export interface ImportFlagValues {
  'date-order'?: string
  'max-entry-size': string
  'passphrase-stdin': boolean
  'recovery-key-stdin': boolean
  snapshot?: string
}

/** Signal secrets read from stdin as the flags ask; never from a flag value. */
export interface ImportSecrets {
  passphrase?: string
  recoveryKey?: string
  snapshot?: string
}

/** Reads the secrets the flags ask for from stdin. */
export async function readImportSecrets(flags: ImportFlagValues): Promise<ImportSecrets> {
  const secrets: ImportSecrets = {}
  if (flags['passphrase-stdin']) secrets.passphrase = await readSecretFromStdin('passphrase')
  if (flags['recovery-key-stdin']) secrets.recoveryKey = await readSecretFromStdin('recovery-key')
  if (flags.snapshot !== undefined) secrets.snapshot = flags.snapshot
  return secrets
}

/** Turns the flags into importer options (sizes like "2GB" parsed, IEC units). */
export function openOptionsFromFlags(flags: ImportFlagValues, secrets: ImportSecrets): OpenExportOptions {
  const maxEntrySize = bytes.parse(flags['max-entry-size'])
  if (maxEntrySize === null || !Number.isFinite(maxEntrySize) || maxEntrySize <= 0) {
    throw new UserError('BAD_SIZE', t('ui.importFlags.badSize', {flag: '--max-entry-size', value: flags['max-entry-size']}), {
      exitCode: USAGE_EXIT_CODE,
      suggestions: [t('ui.importFlags.badSizeExample', {example1: '--max-entry-size 500MB', example2: '--max-entry-size 4GB'})],
    })
  }
  return {
    dateOrder: flags['date-order'] as OpenExportOptions['dateOrder'],
    maxEntrySize,
    signal: secrets,
  }
}
