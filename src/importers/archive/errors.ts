import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'

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

/** The hint to export again, in the console language. */
function reexport(): string {
  return t('errors.import.archive.reexport')
}

/** The archive cannot be read: not a zip, truncated, or damaged. */
export function archiveCorrupt(path: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.corrupt, t('errors.import.archive.corrupt', {path, detail}), {
    cause,
    suggestions: [t('errors.import.archive.incomplete'), reexport()],
  })
}

/** One entry is damaged (its checksum or its size does not match what the archive declares). */
export function archiveEntryCorrupt(path: string, entry: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.corrupt, t('errors.import.archive.entryCorrupt', {path, entry, detail}), {
    cause,
    suggestions: [t('errors.import.archive.copyAgain'), reexport()],
  })
}

/** An entry inflates past the limit. */
export function archiveEntryTooLarge(path: string, entry: string, limit: number, declared: boolean): UserError {
  return new UserError(ArchiveErrorCode.entryTooLarge, t(declared ? 'errors.import.archive.entryDeclaresTooLarge' : 'errors.import.archive.entryInflatesTooLarge', {path, entry, limit: formatBytes(limit)}), {
    suggestions: [t('errors.import.archive.raiseLimit'), reexport()],
  })
}

/** An entry name that is a path out of the archive. */
export function archiveUnsafeEntry(path: string, entry: string, why: string): UserError {
  return new UserError(ArchiveErrorCode.unsafeEntry, t('errors.import.archive.unsafeEntry', {path, entry: JSON.stringify(entry), why}), {
    suggestions: [reexport(), t('errors.import.archive.unknownOrigin')],
  })
}

/** Two entries with one name (issue 14): an unzip tool would keep one, silently; refused instead. */
export function archiveDuplicateEntry(path: string, entry: string): UserError {
  return new UserError(ArchiveErrorCode.duplicateEntry, t('errors.import.archive.duplicateEntry', {path, entry: JSON.stringify(entry)}), {
    suggestions: [reexport(), t('errors.import.archive.unknownOrigin')],
  })
}

/** A zip feature the reader does not handle. */
export function archiveUnsupported(path: string, detail: string, cause?: unknown): UserError {
  return new UserError(ArchiveErrorCode.unsupported, t('errors.import.archive.unsupported', {path, detail}), {
    cause,
    suggestions: [t('errors.import.archive.unzipYourself'), reexport()],
  })
}

/** The archive file cannot be loaded at all (too large to hold in memory). */
export function archiveTooLarge(path: string, size: number | null, cause?: unknown): UserError {
  const message = size === null ? t('errors.import.archive.tooLarge', {path}) : t('errors.import.archive.tooLargeSize', {path, size: formatBytes(size)})
  return new UserError(ArchiveErrorCode.tooLarge, message, {
    cause,
    suggestions: [t('errors.import.archive.unzipFolder')],
  })
}

/** "2 GiB", "200 MiB", "512 bytes": sizes for people, in the console language ("512 octets", "1,5 Gio"). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const rounded = unit === 0 || Number.isInteger(value) ? value : Math.round(value * 10) / 10
  return t(`errors.import.archive.size.${units[unit] ?? 'bytes'}`, {n: rounded})
}

/** The path the person gave does not exist (shared by every opener of exports). */
export function inputNotFound(path: string, cause?: unknown): UserError {
  return new UserError('INPUT_NOT_FOUND', t('errors.import.notFound', {path}), {
    cause,
    suggestions: [t('errors.import.notFoundQuotes'), t('errors.import.notFoundWhat')],
  })
}
