import {chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import * as jsqr from 'jsqr'
import {PNG} from 'pngjs'
import {describe, expect, it} from 'vitest'

import {conversationsAccountPayload, renderTerminalQr, writeQrPng} from '../../src/credentials/account-qr.js'
import {loadCredentials, saveCredentials, type StoredCredentials} from '../../src/credentials/credentials-file.js'
import {generatePassword} from '../../src/credentials/generate-password.js'
import {readPasswordFromStdin} from '../../src/credentials/password-input.js'
import {Workspace} from '../../src/workspace.js'

// jsqr is CommonJS whose types declare an ES default export; under NodeNext the callable is `.default`.
const jsQR = jsqr.default as unknown as typeof jsqr.default.default

const creds: StoredCredentials = {version: 1, jid: 'marie@example.test', password: 'pâté€ secret', host: '127.0.0.1', port: 5222, verifiedAt: '2026-01-01T00:00:00.000Z'}

function tempWorkspace(): Workspace {
  return new Workspace(join(mkdtempSync(join(tmpdir(), 'xm-cred-')), 'ws'))
}

describe('credentials file', () => {
  it('is written with mode 0600 and reads back', () => {
    const ws = tempWorkspace()
    const file = saveCredentials(ws, creds)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(loadCredentials(ws)).toEqual(creds)
  })

  it('returns null when there is none', () => {
    expect(loadCredentials(tempWorkspace())).toBeNull()
  })

  it('refuses a file others can read, and a damaged one', () => {
    const ws = tempWorkspace()
    const file = saveCredentials(ws, creds)
    chmodSync(file, 0o644)
    expect(() => loadCredentials(ws)).toThrow(expect.objectContaining({code: 'CREDENTIALS_TOO_OPEN'}))
    writeFileSync(file, '{"version":1', {mode: 0o600})
    chmodSync(file, 0o600)
    expect(() => loadCredentials(ws)).toThrow(expect.objectContaining({code: 'CREDENTIALS_UNREADABLE'}))
  })
})

describe('generatePassword', () => {
  it('has 5 groups of 5 unambiguous characters, never repeats', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword()
      expect(pw).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){4}$/)
      seen.add(pw)
    }
    expect(seen.size).toBe(200)
  })
})

describe('readPasswordFromStdin', () => {
  it('keeps the password as typed (spaces, é, €) minus one trailing newline', async () => {
    expect(await readPasswordFromStdin(Readable.from([Buffer.from(' pâ'), Buffer.from([0xc3]), Buffer.from([0xa9]), Buffer.from('té€ \n')]))).toBe(' pâété€ ')
  })

  it('refuses empty input', async () => {
    await expect(readPasswordFromStdin(Readable.from([Buffer.from('\n')]))).rejects.toMatchObject({code: 'PASSWORD_EMPTY'})
  })
})

describe('Conversations account QR code', () => {
  it('holds the JSON Conversations reads, and the PNG (mode 0600) decodes to it', async () => {
    const payload = conversationsAccountPayload('marie@example.test', 'pâté€ "quoted"')
    expect(JSON.parse(payload)).toEqual({protocol: 'xmpp', address: 'marie@example.test', password: 'pâté€ "quoted"'})
    const file = await writeQrPng(join(mkdtempSync(join(tmpdir(), 'xm-qr-')), 'account.png'), payload)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const png = PNG.sync.read(readFileSync(file))
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(decoded?.data).toBe(payload)
  })

  it('renders as terminal text', async () => {
    const text = await renderTerminalQr('{"protocol":"xmpp"}')
    expect(text.split('\n').length).toBeGreaterThan(10)
    expect(text).toMatch(/[▀▄█]/)
  })
})
