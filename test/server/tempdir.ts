/** Per-start temp directories for the servers. */
import {mkdtempSync, statSync, chownSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

/**
 * Unix socket paths (Prosody's admin socket, inside this dir) are limited to 107 bytes: a long
 * TMPDIR would break them, so fall back to /tmp beyond this length.
 */
const MAX_BASE_LENGTH = 40

/**
 * Creates a fresh, private (0700) temp dir for one server start.
 * @param owner when the server runs as another user (ejabberd), the dir is chowned to it and
 *   placed where every parent is traversable by others (o+x), as ejabberdctl needs.
 */
export function makeServerDir(prefix: string, owner?: {uid: number; gid: number}): string {
  let base = tmpdir()
  if (base.length > MAX_BASE_LENGTH || (owner && !traversableByOthers(base))) base = '/tmp'
  const dir = mkdtempSync(join(base, prefix))
  if (owner) chownSync(dir, owner.uid, owner.gid)
  return dir
}

function traversableByOthers(path: string): boolean {
  for (let current = path; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false
    if (dirname(current) === current) return true
  }
}
