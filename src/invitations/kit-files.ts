/**
 * Writing the kit to disk (the effect at the edge of the invitations module). Tokens are
 * secrets: the folders are 0700 and every file 0600, also when they existed before with wider
 * modes (a rerun into the same folder must not leave a readable copy).
 */
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {asciiSlug} from '../ui/slug.js'

/** Creates `dir` (and parents) as 0700, tightening it when it existed. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, {recursive: true, mode: 0o700})
  chmodSync(dir, 0o700)
}

/** Writes `content` to `dir/name` with mode 0600 (also when the file existed). Returns the path. */
export function writePrivateFile(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content, {mode: 0o600})
  chmodSync(path, 0o600)
  return path
}

/**
 * The folder name of a contact's files: `<id>-<ascii slug of the name>`, so names with the same
 * slug never collide and a path never holds characters a USB stick's file system refuses.
 */
export function contactFolderName(contactId: number, name: string): string {
  const slug = asciiSlug(name)
  return `${contactId}-${slug || 'contact'}`
}
