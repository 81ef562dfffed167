import {existsSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {OpenedExport} from '../model/importer.js'
// Detection only: each importer is loaded when an export of its kind is opened (issue 17: the
// Signal importer and its protobuf schemas made every `parse` of a WhatsApp file start slower).
import {detectSignalInput} from './signal/detect.js'
import type {SignalOpenOptions} from './signal/open.js'
import {detectTelegramInput} from './telegram/detect.js'
import {t} from '../i18n/index.js'

/** Options every importer understands. */
export interface OpenExportOptions {
  /** WhatsApp: day/month order when the file cannot tell. */
  dateOrder?: 'dmy' | 'mdy' | 'ymd'
  /** Largest size an archive entry may inflate to, in bytes. */
  maxEntrySize?: number
  /**
   * Signal: the secret of an encrypted backup (`passphrase` for a legacy `.backup`,
   * `recoveryKey` for an on-device backup v2) and which `snapshot` of a SignalBackups folder to
   * read. Read them with readSecretFromStdin / promptSecret (src/importers/signal/), never from
   * a flag value.
   */
  signal?: SignalOpenOptions
}

/**
 * Opens any supported export, choosing the importer from what the path holds (by content, not
 * by name): Signal's plaintext export, backup v2 folder or legacy `.backup` when the content says
 * so, then Telegram Desktop's machine-readable export (a folder or .zip holding `result.json`, or
 * that file), else WhatsApp.
 *
 * @throws UserError `INPUT_NOT_FOUND` when the path does not exist, or the importer's error
 *   (e.g. `WA_NOT_AN_EXPORT`, `SIGNAL_PASSPHRASE_REQUIRED`, `SIGNAL_RECOVERY_KEY_REQUIRED`,
 *   `SIGNAL_WRONG_PASSPHRASE`, `SIGNAL_BACKUP_MAC_MISMATCH`, `TG_HTML_EXPORT`, `TG_JSON_TRUNCATED`,
 *   `TG_JSON_INVALID`, `TG_NOT_AN_EXPORT`) when it cannot read it.
 */
export async function openExport(path: string, options: OpenExportOptions = {}): Promise<OpenedExport> {
  if (!existsSync(path)) {
    throw new UserError('INPUT_NOT_FOUND', t('errors.import.noFileOrFolder', {path}), {
      suggestions: [t('errors.import.notFoundQuotes')],
    })
  }
  const signal = await detectSignalInput(path, options.signal?.snapshot, options.maxEntrySize === undefined ? {} : {maxEntrySize: options.maxEntrySize})
  if (signal !== null) return (await import('./signal/open.js')).openSignalExport(path, signal, options.signal)
  const telegram = await detectTelegramInput(path, options.maxEntrySize === undefined ? {} : {maxEntrySize: options.maxEntrySize})
  if (telegram !== null) return (await import('./telegram/open.js')).openTelegramExport(path, telegram)
  return (await import('./whatsapp/index.js')).openWhatsAppExport(path, options)
}
