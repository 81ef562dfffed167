/**
 * Writing the kit to disk (the effect at the edge of the invitations module). Tokens are
 * secrets: the folders are 0700 and every file 0600, also when they existed before with wider
 * modes (a rerun into the same folder must not leave a readable copy).
 */
import {join} from 'node:path'
import {asciiSlug} from '../ui/slug.js'
import {makePrivateDir as makeDir, writePrivateFile as writeFile} from '../workspace.js'
import {t} from '../i18n/index.js'

/** Creates `dir` (and parents) as 0700, tightening it when it existed. */
export function makePrivateDir(dir: string): void {
  makeDir(dir, 'create the kit folder')
}

/**
 * Writes `content` to `dir/name` with mode 0600, set before any byte is written (also when the
 * file existed with a wider mode). Returns the path. A failure names the file (FILE_DISK_FULL, …).
 */
export function writePrivateFile(dir: string, name: string, content: string | Buffer): string {
  return writeFile(join(dir, name), content, t('errors.file.doing.writeKit'))
}

/**
 * The folder name of a contact's files: `<id>-<ascii slug of the name>`, so names with the same
 * slug never collide and a path never holds characters a USB stick's file system refuses.
 */
export function contactFolderName(contactId: number, name: string): string {
  const slug = asciiSlug(name)
  return `${contactId}-${slug || 'contact'}`
}
