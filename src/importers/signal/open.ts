import type {OpenedExport} from '../../model/importer.js'
import {openSignalBackupV2} from './backup-v2.js'
import type {SignalInput} from './detect.js'
import {openSignalLegacy} from './open-legacy.js'
import {openSignalPlaintext} from './plaintext.js'

/** Secrets and choices for opening Signal inputs (`openExport(path, {signal})`). */
export interface SignalOpenOptions {
  /** The 30-digit passphrase of a legacy `.backup` (spaces and dashes allowed). */
  passphrase?: string
  /** The 64-character recovery key of an on-device backup (any case, spaces and dashes allowed). */
  recoveryKey?: string
  /** Which snapshot of a `SignalBackups` folder to read (its folder name); default: the newest. */
  snapshot?: string
}

/**
 * Opens a detected Signal input (see detectSignalInput) into the normalized model, with
 * `source: 'signal'`. Plaintext exports need no secret; a backup v2 needs `recoveryKey`, a
 * legacy `.backup` needs `passphrase`.
 *
 * @throws the UserErrors of openSignalPlaintext, openSignalBackupV2 and openSignalLegacy
 *   (missing or wrong secret, damaged, truncated or unsupported input).
 */
export async function openSignalExport(path: string, input: SignalInput, options: SignalOpenOptions = {}): Promise<OpenedExport> {
  switch (input.kind) {
    case 'plaintext-folder':
      return openSignalPlaintext(path, {kind: 'folder', dir: input.dir})
    case 'plaintext-zip':
      return openSignalPlaintext(path, {kind: 'zip', zip: input.zip, entry: input.entry})
    case 'backup-v2':
      return openSignalBackupV2(path, input.snapshotDir, options.recoveryKey)
    case 'legacy':
      return openSignalLegacy(path, options.passphrase)
  }
}
