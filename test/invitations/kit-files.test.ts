import {chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {makePrivateDir, writePrivateFile} from '../../src/invitations/kit-files.js'

// Issue 14 items 7 and 10: `invite --out` on a full disk gave a bare errno; kit files that already
// existed were written before being made private.

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'xm-kit-'))
})
afterEach(() => rmSync(root, {recursive: true, force: true}))

describe('kit files', () => {
  it('a full disk is FILE_DISK_FULL naming the kit file', () => {
    makePrivateDir(join(root, 'kit'))
    symlinkSync('/dev/full', join(root, 'kit', 'index.html'))
    expect(() => writePrivateFile(join(root, 'kit'), 'index.html', '<html>'.repeat(1000))).toThrow(
      expect.objectContaining({code: 'FILE_DISK_FULL', message: expect.stringContaining(join(root, 'kit', 'index.html'))}),
    )
  })

  it('an existing file and folder open to others become 0600 / 0700', () => {
    const dir = join(root, 'kit')
    makePrivateDir(dir)
    chmodSync(dir, 0o777)
    writeFileSync(join(dir, '3-maman.html'), 'old', {mode: 0o644})
    chmodSync(join(dir, '3-maman.html'), 0o644)
    makePrivateDir(dir)
    writePrivateFile(dir, '3-maman.html', 'token inside')
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, '3-maman.html')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, '3-maman.html'), 'utf8')).toBe('token inside')
  })
})
