import {t} from '../../i18n/index.js'

/**
 * Rules for the names of .zip entries. An entry name is only ever a key (to match the name an
 * attachment marker gives); nothing is ever written to disk under it (media are stored under
 * their sha256, see src/media/MediaStore.ts). Names that could mean "somewhere else" if a tool
 * did use them as paths are still refused: WhatsApp never writes them, so an archive holding one
 * was made or altered by something else (the "zip slip" pattern,
 * https://security.snyk.io/research/zip-slip-vulnerability).
 */

/** Why an entry name is refused; null when it is acceptable. */
export type UnsafeEntryReason =
  | 'absolute' // starts with "/" (a path from the root)
  | 'drive-letter' // starts with "C:" (a Windows absolute or drive-relative path)
  | 'backslash' // holds "\", a path separator on Windows
  | 'parent-segment' // has a ".." segment that climbs out of the archive
  | 'dot-segment' // has a "." or empty segment ("a/./b", "a//b"): never written by WhatsApp
  | 'control-character' // holds a C0 control character or DEL (NUL truncates names in C APIs)
  | 'empty' // empty name

/**
 * Says why a raw entry name (as stored in the archive, before any normalization) is unsafe, or
 * returns null when it is a plain relative name such as `IMG-20240101-WA0001.jpg` or
 * `WhatsApp Chat - Famille/_chat.txt`. A trailing "/" (a folder entry) is accepted.
 */
export function unsafeEntryReason(rawName: string): UnsafeEntryReason | null {
  if (rawName.length === 0) return 'empty'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(rawName)) return 'control-character'
  if (/^[A-Za-z]:/u.test(rawName)) return 'drive-letter'
  if (rawName.includes('\\')) return 'backslash'
  if (rawName.startsWith('/')) return 'absolute'
  const segments = (rawName.endsWith('/') ? rawName.slice(0, -1) : rawName).split('/')
  if (segments.includes('..')) return 'parent-segment'
  if (segments.some((segment) => segment === '.' || segment === '')) return 'dot-segment'
  return null
}

/** A short human explanation of a reason, for error messages. */
export function describeUnsafeEntryReason(reason: UnsafeEntryReason): string {
  switch (reason) {
    case 'absolute':
      return t('errors.import.archive.unsafe.absolute')
    case 'drive-letter':
      return t('errors.import.archive.unsafe.driveLetter')
    case 'backslash':
      return t('errors.import.archive.unsafe.backslash')
    case 'parent-segment':
      return t('errors.import.archive.unsafe.parent')
    case 'dot-segment':
      return t('errors.import.archive.unsafe.dot')
    case 'control-character':
      return t('errors.import.archive.unsafe.control')
    case 'empty':
      return t('errors.import.archive.unsafe.empty')
  }
}
