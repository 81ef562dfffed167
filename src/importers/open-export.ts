import {existsSync} from 'node:fs'

import {UserError} from '../errors/index.js'
import type {OpenedExport} from '../model/importer.js'
import {openWhatsAppExport} from './whatsapp/index.js'

/** Options every importer understands. */
export interface OpenExportOptions {
  /** WhatsApp: day/month order when the file cannot tell. */
  dateOrder?: 'dmy' | 'mdy' | 'ymd'
  /** Largest size an archive entry may inflate to, in bytes. */
  maxEntrySize?: number
}

/**
 * Opens any supported export, choosing the importer from what the path holds. Only WhatsApp
 * exists so far; Signal and Telegram importers plug in here.
 *
 * @throws UserError `INPUT_NOT_FOUND` when the path does not exist, or the importer's error
 *   (e.g. `WA_NOT_AN_EXPORT`) when it is not an export it can read.
 */
export async function openExport(path: string, options: OpenExportOptions = {}): Promise<OpenedExport> {
  if (!existsSync(path)) {
    throw new UserError('INPUT_NOT_FOUND', `No file or folder at ${path}.`, {
      suggestions: ['Check the path; put it in quotes if the name has spaces, e.g. "WhatsApp Chat with Maman.txt".'],
    })
  }
  return openWhatsAppExport(path, options)
}
