import {UserError} from '../../errors/index.js'

/**
 * The errors the archive reader raises. Each names the archive, says what is wrong and what the
 * person can do; codes are stable (scripts may match on them).
 */

/** Stable codes of archive errors. */
export const ArchiveErrorCode = {
  /** Not a zip, truncated, or an entry that does not inflate to what the archive declares. */
  corrupt: 'ARCHIVE_CORRUPT',
  /** An entry inflates past the size limit (`--max-entry-size`). */
  entryTooLarge: 'ARCHIVE_ENTRY_TOO_LARGE',
  /** An entry name that is a path out of the archive (`..`, absolute, drive letter, backslash). */
  unsafeEntry: 'ARCHIVE_UNSAFE_ENTRY',
  /** Encrypted entries, unknown compression methods, multi-volume archives. */
  unsupported: 'ARCHIVE_UNSUPPORTED',
  /** The archive file itself is larger than can be loaded (see SafeZip: it is read into memory). */
  tooLarge: 'ARCHIVE_TOO_LARGE',
  /** Two entries with the same name: which one is meant cannot be told. */
  duplicateEntry: 'ARCHIVE_DUPLICATE_ENTRY',
} as const

const REEXPORT = 'Export the chat again from WhatsApp (chat → ⋮ or the chat name → Export chat) and use the new file.'

/** The archive cannot be read: not a zip, truncated, or damaged. */
export function archiveCorrupt(path: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.corrupt, `${path} is not a readable .zip archive: ${detail}.`, {
    cause,
    suggestions: [
      'The file may be incomplete: if it was downloaded or copied, copy it again and check that the copy finished.',
      REEXPORT,
    ],
  })
}

/** One entry is damaged (its checksum or its size does not match what the archive declares). */
export function archiveEntryCorrupt(path: string, entry: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.corrupt, `The file "${entry}" inside ${path} is damaged: ${detail}.`, {
    cause,
    suggestions: ['The archive may have been damaged while being copied: copy it again from where it came from.', REEXPORT],
  })
}

/** An entry inflates past the limit. */
export function archiveEntryTooLarge(path: string, entry: string, limit: number, declared: boolean): UserError {
  const how = declared ? 'declares a size above' : 'inflates to more than'
  return new UserError(
    ArchiveErrorCode.entryTooLarge,
    `The file "${entry}" inside ${path} ${how} the limit of ${formatBytes(limit)}; it was not read. ` +
      'An archive whose content inflates this much is usually a "zip bomb" rather than a WhatsApp export.',
    {
      suggestions: [
        'If you trust this archive and the file really is that large, raise the limit: --max-entry-size <bytes>.',
        REEXPORT,
      ],
    },
  )
}

/** An entry name that is a path out of the archive. */
export function archiveUnsafeEntry(path: string, entry: string, why: string): UserError {
  return new UserError(
    ArchiveErrorCode.unsafeEntry,
    `${path} contains an entry named ${JSON.stringify(entry)}, which is refused because ${why}. ` +
      'WhatsApp never writes such names, so this archive was made or changed by another program; nothing was read from it.',
    {suggestions: [REEXPORT, 'Do not open archives of unknown origin.']},
  )
}

/** Two entries with one name (issue 14): an unzip tool would keep one, silently; refused instead. */
export function archiveDuplicateEntry(path: string, entry: string): UserError {
  return new UserError(
    ArchiveErrorCode.duplicateEntry,
    `${path} holds two files named ${JSON.stringify(entry)}, so which one is the real one cannot be told. ` +
      'WhatsApp never writes such archives, so this one was made or changed by another program; nothing was read from it.',
    {suggestions: [REEXPORT, 'Do not open archives of unknown origin.']},
  )
}

/** A zip feature the reader does not handle. */
export function archiveUnsupported(path: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.unsupported, `${path} uses a .zip feature that is not supported: ${detail}.`, {
    cause,
    suggestions: ['Unzip it with your system\'s archive tool and pass the folder instead.', REEXPORT],
  })
}

/** The archive file cannot be loaded at all (too large to hold in memory). */
export function archiveTooLarge(path: string, size: number | null, cause?: unknown): UserError {
  const sizeText = size === null ? '' : ` (${formatBytes(size)})`
  return new UserError(ArchiveErrorCode.tooLarge, `${path}${sizeText} is too large to be read as a .zip archive.`, {
    cause,
    suggestions: ['Unzip it with your system\'s archive tool and pass the unzipped folder instead of the .zip.'],
  })
}

/** "2 GiB", "200 MiB", "512 bytes": sizes for people. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const rounded = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1)
  return `${rounded} ${units[unit]}`
}

/** The path the person gave does not exist (shared by every opener of exports). */
export function inputNotFound(path: string, cause?: unknown): UserError {
  return new UserError('INPUT_NOT_FOUND', `${path} does not exist.`, {
    cause,
    suggestions: [
      'Check the path: put it in quotes if it contains spaces, e.g. "WhatsApp Chat with Maman.zip".',
      'Pass the .txt or .zip that WhatsApp\'s "Export chat" produced, or the folder where you unzipped it.',
    ],
  })
}
