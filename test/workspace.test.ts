import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {translateFileError, UserError} from '../src/errors/index.js'
import {translateSqliteError} from '../src/store/sqlite-errors.js'
import {Store} from '../src/store/index.js'
import {LOCK_FILE, Workspace, writePrivateFile} from '../src/workspace.js'
import {loadServerInfo, saveServerInfo} from '../src/xmpp/server-info-file.js'

// Issue 14 items 7, 8 and 10: file-system errors, the workspace lock, permissions.

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'xm-ws-'))
})
afterEach(() => rmSync(root, {recursive: true, force: true}))

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${path}'`), {code, errno: -1, syscall: 'open', path})
}

describe('file-system errors', () => {
  it('become UserErrors naming the path and what to do, for every errno', () => {
    const cases: [string, string][] = [
      ['ENOSPC', 'FILE_DISK_FULL'],
      ['EDQUOT', 'FILE_DISK_FULL'],
      ['EROFS', 'FILE_READ_ONLY'],
      ['EACCES', 'FILE_NO_PERMISSION'],
      ['EPERM', 'FILE_NO_PERMISSION'],
      ['EISDIR', 'FILE_IS_FOLDER'],
      ['ENOTDIR', 'FILE_PATH_NOT_FOLDER'],
      ['ENOENT', 'FILE_NOT_FOUND'],
      ['EIO', 'FILE_IO'],
    ]
    for (const [code, expected] of cases) {
      const error = translateFileError(errno(code, '/x/contacts.csv'), '/x/contacts.csv', 'write the contacts file')
      expect(error).toBeInstanceOf(UserError)
      expect(error).toMatchObject({code: expected, message: expect.stringContaining('Cannot write the contacts file: /x/contacts.csv')})
      expect((error as UserError).suggestions.length).toBeGreaterThan(0)
    }
  })

  it('a read-only workspace or a store that is a folder is not a BUG', () => {
    expect(translateSqliteError(errno('EROFS', '/ws/store.sqlite'), '/ws/store.sqlite')).toMatchObject({code: 'FILE_READ_ONLY', message: expect.stringContaining('/ws/store.sqlite')})
    expect(translateSqliteError(errno('EACCES', '/ws/store.sqlite'), '/ws/store.sqlite')).toMatchObject({code: 'FILE_NO_PERMISSION'})
    mkdirSync(join(root, 'store.sqlite'))
    expect(() => Store.open(join(root, 'store.sqlite'))).toThrow(expect.objectContaining({code: 'FILE_IS_FOLDER', message: expect.stringContaining(join(root, 'store.sqlite'))}))
  })

  it('a full disk is FILE_DISK_FULL naming the file (/dev/full answers every write with ENOSPC)', () => {
    expect(() => writePrivateFile('/dev/full', 'x'.repeat(10_000), 'write the contacts file')).toThrow(expect.objectContaining({code: 'FILE_DISK_FULL', message: expect.stringContaining('/dev/full')}))
    // A device is not re-moded.
    expect(statSync('/dev/full').mode & 0o777).toBe(0o666)
  })

  it('a secret file that cannot be written leaves no temporary file', () => {
    const workspace = new Workspace(root).ensure()
    mkdirSync(join(root, 'credentials.json', 'x'), {recursive: true})
    expect(() => workspace.writeSecretFile('credentials.json', '{}')).toThrow(expect.objectContaining({code: 'FILE_IS_FOLDER'}))
    expect(existsSync(join(root, `credentials.json.${process.pid}.tmp`))).toBe(false)
  })

  it('a workspace that is a file says so', () => {
    writeFileSync(join(root, 'passwd'), 'root:x:0:0\n')
    expect(() => new Workspace(join(root, 'passwd')).ensure()).toThrow(expect.objectContaining({code: 'WORKSPACE_NOT_A_FOLDER'}))
  })
})

describe('permissions', () => {
  it('a workspace open to others is made 0700, with a warning', () => {
    const dir = join(root, 'ws')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    const warnings: string[] = []
    new Workspace(dir, {onWarning: (m) => warnings.push(m)}).ensure()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(warnings).toEqual([expect.stringContaining('mode 0777')])
    new Workspace(dir, {onWarning: (m) => warnings.push(m)}).ensure()
    expect(warnings).toHaveLength(1)
  })

  it('private files are 0600 whatever the umask or the mode of a file already there', () => {
    const old = process.umask(0)
    try {
      const workspace = new Workspace(join(root, 'ws')).ensure()
      const info = saveServerInfo(workspace, {version: 1} as never)
      expect(statSync(info).mode & 0o777).toBe(0o600)
      const existing = join(root, 'kit.html')
      writeFileSync(existing, 'old', {mode: 0o666})
      chmodSync(existing, 0o666)
      writePrivateFile(existing, 'new')
      expect(statSync(existing).mode & 0o777).toBe(0o600)
      expect(readFileSync(existing, 'utf8')).toBe('new')
    } finally {
      process.umask(old)
    }
  })

  it('an existing store others can read is made 0600 when opened', () => {
    const path = join(root, 'store.sqlite')
    Store.open(path).close()
    chmodSync(path, 0o644)
    Store.open(path).close()
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('a server-info.json others could have written is not trusted', () => {
    const workspace = new Workspace(join(root, 'ws')).ensure()
    const file = saveServerInfo(workspace, {version: 1, upload: {jid: 'upload.example.org'}} as never)
    expect(loadServerInfo(workspace)).toMatchObject({version: 1})
    chmodSync(file, 0o666)
    expect(loadServerInfo(workspace)).toBeNull()
  })
})

describe('workspace lock', () => {
  it('one holder at a time; the second is told who holds it', () => {
    const workspace = new Workspace(join(root, 'ws'))
    const lock = workspace.lock('invite')
    expect(() => workspace.lock('invite')).toThrow(expect.objectContaining({code: 'WORKSPACE_BUSY', message: expect.stringContaining(`another xmpp-migrate (pid ${process.pid}`)}))
    lock.release()
    expect(existsSync(workspace.path(LOCK_FILE))).toBe(false)
    workspace.lock('history upload').release()
  })

  it('a lock left by a process that is gone is taken over', () => {
    const workspace = new Workspace(join(root, 'ws')).ensure()
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
    const deadPid = Number(gone.stdout)
    writeFileSync(workspace.path(LOCK_FILE), JSON.stringify({pid: deadPid, host: hostname(), command: 'invite', since: '2026-01-01T00:00:00Z'}))
    const lock = workspace.lock('invite')
    expect(JSON.parse(readFileSync(workspace.path(LOCK_FILE), 'utf8'))).toMatchObject({pid: process.pid})
    lock.release()
  })

  it('a lock naming a pid reused by another program is stale', () => {
    const workspace = new Workspace(join(root, 'ws')).ensure()
    const sleeper = spawn('sleep', ['30'], {stdio: 'ignore'})
    const pid = sleeper.pid as number
    try {
      writeFileSync(workspace.path(LOCK_FILE), JSON.stringify({pid, host: hostname(), command: 'invite', since: '2026-01-01T00:00:00Z'}))
      workspace.lock('invite').release()
    } finally {
      sleeper.kill()
    }
  })

  it('release never removes a lock another process took', () => {
    const workspace = new Workspace(join(root, 'ws'))
    const lock = workspace.lock('invite')
    writeFileSync(workspace.path(LOCK_FILE), JSON.stringify({pid: 1, host: hostname(), command: 'import', since: 'later'}))
    lock.release()
    expect(existsSync(workspace.path(LOCK_FILE))).toBe(true)
  })
})

