/**
 * An ASCII file-name slug: accents dropped (NFKD), lower case, runs of anything else turned into
 * one `-`, at most `maxLength` characters, no leading or trailing `-`; `''` when nothing is left
 * (all emoji or CJK: callers supply their own fallback). Used for names written to disk (kit
 * folders, history archives), which must survive any file system.
 */
export function asciiSlug(text: string, maxLength = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '')
}
