import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {openExport} from '../../../src/importers/open-export.js'
import type {OpenedExport} from '../../../src/model/importer.js'
import type {Message} from '../../../src/model/types.js'
import {EXPECTED_CHATS, EXPECTED_DIRECT_SOURCE_ID, type ExpectedChat} from './expected.js'
import {FIXTURE_NAMES, legacyBackupBytes, PASSPHRASE, RECOVERY_KEY, scenarioFrames, writeBackupSnapshot, writeSignalFixtures} from './make-fixtures.js'
import {ITEMS, PASSPHRASE_DISPLAYED, RECOVERY_KEY_DISPLAYED} from './scenario.js'

const COMMITTED = join(import.meta.dirname, '../../../fixtures/signal/scenario')
let fresh: string
let scratch: string

beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'xm-signal-fixtures-'))
  scratch = mkdtempSync(join(tmpdir(), 'xm-signal-scratch-'))
  await writeSignalFixtures(fresh)
})

afterAll(() => {
  rmSync(fresh, {recursive: true, force: true})
  rmSync(scratch, {recursive: true, force: true})
})

/** Reads every chat and message of an opened export. */
async function collect(opened: OpenedExport): Promise<Array<ExpectedChat & {sourceId: string}>> {
  const chats = []
  for (const chat of opened.chats) {
    const messages: Message[] = []
    for await (const message of chat.messages()) messages.push(message)
    chats.push({title: chat.info.title, kind: chat.info.kind, sourceId: chat.info.sourceId, participants: chat.info.participants, messages})
  }
  return chats
}

const FORMS = [
  {name: 'plaintext folder', path: FIXTURE_NAMES.plaintextFolder, signal: {}},
  {name: 'plaintext zip', path: FIXTURE_NAMES.plaintextZip, signal: {}},
  {name: 'backup v2 (SignalBackups, newest snapshot)', path: FIXTURE_NAMES.backupsFolder, signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}},
  {name: 'backup v2 (snapshot folder itself)', path: `${FIXTURE_NAMES.backupsFolder}/${FIXTURE_NAMES.newestSnapshot}`, signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}},
  {name: 'legacy .backup, header version 1', path: FIXTURE_NAMES.legacyV1, signal: {passphrase: PASSPHRASE_DISPLAYED}},
  {name: 'legacy .backup, header version 0', path: FIXTURE_NAMES.legacyV0, signal: {passphrase: PASSPHRASE_DISPLAYED}},
] as const

describe('Signal importer: one scenario, three inputs, one result (issue 7)', () => {
  for (const form of FORMS) {
    for (const where of ['committed', 'fresh'] as const) {
      it(`${form.name} (${where} fixture) gives the expected chats`, async () => {
        const base = where === 'committed' ? COMMITTED : fresh
        const opened = await openExport(join(base, form.path), {signal: form.signal})
        expect(opened.source).toBe('signal')
        const chats = await collect(opened)
        expect(chats.map(({sourceId: _id, ...chat}) => chat)).toEqual(EXPECTED_CHATS)
        expect(chats[1]?.sourceId).toBe(EXPECTED_DIRECT_SOURCE_ID)
        expect(chats[0]?.sourceId).toMatch(/^signal:group:[0-9a-f]{32}$/)
        expect(opened.issues).toEqual([])
      })
    }
  }

  it('gives identical chat ids across the three inputs (a rerun finds the same chats)', async () => {
    const ids = []
    for (const form of FORMS) {
      const opened = await openExport(join(fresh, form.path), {signal: form.signal})
      ids.push(opened.chats.map((chat) => chat.info.sourceId))
    }
    for (const other of ids.slice(1)) expect(other).toEqual(ids[0])
  })

  it('messages() can be called again and reads the same', async () => {
    for (const form of FORMS) {
      const opened = await openExport(join(fresh, form.path), {signal: form.signal})
      const chat = opened.chats[0]
      if (!chat) throw new Error('no chat')
      const first: Message[] = []
      for await (const m of chat.messages()) first.push(m)
      const second: Message[] = []
      for await (const m of chat.messages()) second.push(m)
      expect(second).toEqual(first)
    }
  })

  it('the group chat id does not contain the group master key', async () => {
    const opened = await openExport(join(fresh, FIXTURE_NAMES.plaintextFolder))
    const masterKeyHex = '6d61737465722d6b65792d6f662d6c612d66616d696c6c652d6d617274696e21'
    expect(opened.chats[0]?.info.sourceId).not.toContain(masterKeyHex.slice(0, 16))
  })
})

describe('SignalBackups snapshots', () => {
  it('reads the newest snapshot by default and another with --snapshot; ids agree so nothing counts twice', async () => {
    const newest = await collect(await openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}}))
    const older = await collect(
      await openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED, snapshot: FIXTURE_NAMES.olderSnapshot}}),
    )
    expect(older.map((c) => c.messages.length)).toEqual([3, 1])
    const newestIds = new Set(newest.flatMap((c) => c.messages.map((m) => m.sourceId)))
    for (const message of older.flatMap((c) => c.messages)) expect(newestIds.has(message.sourceId)).toBe(true)
  })

  it('names the snapshots when --snapshot matches none', async () => {
    await expect(openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED, snapshot: 'signal-backup-1999'}})).rejects.toMatchObject({
      code: 'SIGNAL_SNAPSHOT_NOT_FOUND',
      suggestions: [expect.stringContaining(FIXTURE_NAMES.olderSnapshot)],
    })
  })
})

describe('secrets', () => {
  it('accepts the recovery key in any case, grouped with spaces, dashes or line breaks', async () => {
    const compact = RECOVERY_KEY_DISPLAYED.replaceAll(' ', '')
    for (const key of [compact.toLowerCase(), RECOVERY_KEY_DISPLAYED.replaceAll(' ', '-'), `${RECOVERY_KEY_DISPLAYED.slice(0, 39)}\n${RECOVERY_KEY_DISPLAYED.slice(40)}\n`]) {
      const opened = await openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: key}})
      expect(opened.chats).toHaveLength(2)
    }
  })

  it('accepts the passphrase with dashes', async () => {
    const opened = await openExport(join(fresh, FIXTURE_NAMES.legacyV1), {signal: {passphrase: PASSPHRASE_DISPLAYED.replaceAll(' ', '-')}})
    expect(opened.chats).toHaveLength(2)
  })

  it('asks for the missing secret by code', async () => {
    await expect(openExport(join(fresh, FIXTURE_NAMES.backupsFolder))).rejects.toMatchObject({code: 'SIGNAL_RECOVERY_KEY_REQUIRED'})
    await expect(openExport(join(fresh, FIXTURE_NAMES.legacyV1))).rejects.toMatchObject({code: 'SIGNAL_PASSPHRASE_REQUIRED'})
  })

  it('refuses secrets of the wrong shape before trying them', async () => {
    await expect(openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: 'abcd efgh'}})).rejects.toMatchObject({code: 'SIGNAL_RECOVERY_KEY_FORMAT'})
    await expect(openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: `${'a'.repeat(63)}!`}})).rejects.toMatchObject({code: 'SIGNAL_RECOVERY_KEY_FORMAT'})
    await expect(openExport(join(fresh, FIXTURE_NAMES.legacyV1), {signal: {passphrase: '1234'}})).rejects.toMatchObject({code: 'SIGNAL_PASSPHRASE_FORMAT'})
  })

  it('never puts the secret in an error message', async () => {
    const wrongKey = 'z'.repeat(64)
    const error = (await openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: wrongKey}}).then(
      () => null,
      (e: unknown) => e,
    )) as (Error & {code: string; suggestions: string[]}) | null
    expect(error?.code).toBe('SIGNAL_BACKUP_MAC_MISMATCH')
    expect(JSON.stringify({m: error?.message, s: error?.suggestions})).not.toContain(wrongKey)
  })
})

describe('bad input: backup v2', () => {
  const copySnapshot = (name: string): string => {
    const dir = join(scratch, name)
    cpSync(join(fresh, FIXTURE_NAMES.backupsFolder, FIXTURE_NAMES.newestSnapshot), dir, {recursive: true})
    return dir
  }

  it('a wrong recovery key fails the MAC check: SIGNAL_BACKUP_MAC_MISMATCH', async () => {
    const wrong = 'ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789 ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6788'
    await expect(openExport(join(fresh, FIXTURE_NAMES.backupsFolder), {signal: {recoveryKey: wrong}})).rejects.toMatchObject({
      code: 'SIGNAL_BACKUP_MAC_MISMATCH',
      message: expect.stringContaining('recovery key'),
    })
  })

  it('a flipped byte anywhere in main fails the MAC check before any frame is read', async () => {
    const dir = copySnapshot('flipped-v2')
    const main = readFileSync(join(dir, 'main'))
    for (const position of [0, 20, Math.floor(main.length / 2), main.length - 40, main.length - 1]) {
      const damaged = Buffer.from(main)
      damaged[position] = (damaged[position] ?? 0) ^ 0x01
      writeFileSync(join(dir, 'main'), damaged)
      await expect(openExport(dir, {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}}), `byte ${position}`).rejects.toMatchObject({code: 'SIGNAL_BACKUP_MAC_MISMATCH'})
    }
  })

  it('a truncated main is reported: SIGNAL_BACKUP_TRUNCATED when it cannot be whole, else a MAC mismatch', async () => {
    const dir = copySnapshot('truncated-v2')
    const main = readFileSync(join(dir, 'main'))
    writeFileSync(join(dir, 'main'), main.subarray(0, main.length - 7))
    await expect(openExport(dir, {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}})).rejects.toMatchObject({code: 'SIGNAL_BACKUP_TRUNCATED'})
    writeFileSync(join(dir, 'main'), main.subarray(0, 30))
    await expect(openExport(dir, {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}})).rejects.toMatchObject({code: 'SIGNAL_BACKUP_TRUNCATED'})
    // Cut on a block boundary: the length is plausible, the MAC is not.
    writeFileSync(join(dir, 'main'), main.subarray(0, main.length - 16))
    await expect(openExport(dir, {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}})).rejects.toMatchObject({code: 'SIGNAL_BACKUP_MAC_MISMATCH'})
  })

  it('a damaged metadata file is SIGNAL_BACKUP_CORRUPT', async () => {
    const dir = copySnapshot('metadata-v2')
    writeFileSync(join(dir, 'metadata'), Buffer.from([0x08, 0x01]))
    await expect(openExport(dir, {signal: {recoveryKey: RECOVERY_KEY_DISPLAYED}})).rejects.toMatchObject({code: 'SIGNAL_BACKUP_CORRUPT'})
  })
})

describe('bad input: legacy .backup', () => {
  const legacy = (): Buffer => readFileSync(join(fresh, FIXTURE_NAMES.legacyV1))
  const attempt = async (name: string, bytes: Buffer, passphrase = PASSPHRASE): Promise<unknown> => {
    const path = join(scratch, name)
    writeFileSync(path, bytes)
    return openExport(path, {signal: {passphrase}})
  }

  it('a wrong passphrase is SIGNAL_WRONG_PASSPHRASE (first frame fails)', async () => {
    await expect(attempt('wrong.backup', legacy(), '000000000000000000000000000001')).rejects.toMatchObject({code: 'SIGNAL_WRONG_PASSPHRASE'})
  })

  it('a flipped byte in a later frame or in an attachment is SIGNAL_BACKUP_MAC_MISMATCH', async () => {
    const bytes = legacy()
    // Frame bodies and payloads (not length fields): the middle of the file is SQL rows, the
    // end is the avatar payload, its MAC and the end frame.
    for (const position of [Math.floor(bytes.length / 2), Math.floor(bytes.length * 0.8), bytes.length - 40]) {
      const damaged = Buffer.from(bytes)
      damaged[position] = (damaged[position] ?? 0) ^ 0x80
      await expect(attempt(`flip-${position}.backup`, damaged), `byte ${position}`).rejects.toMatchObject({code: 'SIGNAL_BACKUP_MAC_MISMATCH'})
    }
  })

  // Fewer than 6 bytes cannot be told from other files: such a stub is left to the other importers.
  it('a truncated file is SIGNAL_BACKUP_TRUNCATED wherever it is cut', async () => {
    const bytes = legacy()
    for (const cut of [8, 40, Math.floor(bytes.length / 3), bytes.length - 11, bytes.length - 1]) {
      await expect(attempt(`cut-${cut}.backup`, bytes.subarray(0, cut)), `cut at ${cut}`).rejects.toMatchObject({code: 'SIGNAL_BACKUP_TRUNCATED'})
    }
  })

  it('an older schema is refused with "schema version N is not supported", never misread', async () => {
    const old = legacyBackupBytes(PASSPHRASE, {version: 1, schemaVersion: 200})
    await expect(attempt('dbv200.backup', old)).rejects.toMatchObject({code: 'SIGNAL_SCHEMA_UNSUPPORTED', message: expect.stringContaining('schema version 200, which is not supported')})
  })

  it('replays only schema and rows: a crafted ATTACH, PRAGMA or trigger does nothing; stray statements are skipped', async () => {
    const target = join(scratch, 'attached.sqlite')
    const crafted = legacyBackupBytes(PASSPHRASE, {
      version: 1,
      extraStatements: [
        `ATTACH DATABASE '${target}' AS evil`,
        'PRAGMA writable_schema = ON',
        "CREATE TRIGGER t AFTER INSERT ON message BEGIN UPDATE message SET body = 'pwned'; END",
        // Rows of a table never created, and a table created twice: skipped, not fatal.
        "INSERT INTO emoji_search VALUES ('smile', 1)",
        'CREATE TABLE thread (_id INTEGER PRIMARY KEY)',
      ],
    })
    const opened = (await attempt('crafted.backup', crafted)) as OpenedExport
    expect(existsSync(target)).toBe(false)
    const chats = await collect(opened)
    expect(chats.map(({sourceId: _id, ...chat}) => chat)).toEqual(EXPECTED_CHATS)
  })
})

describe('bad input: plaintext export', () => {
  it('skips a malformed line of main.jsonl with a warning naming it, and imports the rest', async () => {
    const dir = join(scratch, 'malformed-line')
    cpSync(join(fresh, FIXTURE_NAMES.plaintextFolder), dir, {recursive: true})
    const lines = readFileSync(join(dir, 'main.jsonl'), 'utf8').split('\n')
    const index = lines.findIndex((line) => line.includes('Merci Papa'))
    lines[index] = (lines[index] ?? '').slice(0, 40) // cut mid-object
    writeFileSync(join(dir, 'main.jsonl'), lines.join('\n'))
    const opened = await openExport(dir)
    const chats = await collect(opened)
    const expectedGroup = EXPECTED_CHATS[0]?.messages.filter((m) => m.text !== 'Merci Papa ! 😘')
    expect(chats[0]?.messages).toEqual(expectedGroup)
    expect(chats[1]?.messages).toEqual(EXPECTED_CHATS[1]?.messages)
    expect(opened.issues).toEqual([
      expect.objectContaining({severity: 'warning', code: 'SIGNAL_JSONL_LINE_SKIPPED', file: 'main.jsonl', line: index + 1, message: expect.stringContaining(`Line ${index + 1} of main.jsonl`)}),
    ])
  })

  it('refuses a main.jsonl whose first line is not the backup header', async () => {
    const dir = join(scratch, 'no-header')
    cpSync(join(fresh, FIXTURE_NAMES.plaintextFolder), dir, {recursive: true})
    const lines = readFileSync(join(dir, 'main.jsonl'), 'utf8').split('\n')
    writeFileSync(join(dir, 'main.jsonl'), lines.slice(1).join('\n'))
    await expect(openExport(dir)).rejects.toMatchObject({code: 'SIGNAL_NOT_AN_EXPORT'})
  })
})

describe('detection by content', () => {
  it('recognizes a .backup and a plaintext .zip whatever their names', async () => {
    const renamedBackup = join(scratch, 'holiday-photos.txt')
    cpSync(join(fresh, FIXTURE_NAMES.legacyV1), renamedBackup)
    expect((await openExport(renamedBackup, {signal: {passphrase: PASSPHRASE}})).source).toBe('signal')
    const renamedZip = join(scratch, 'export.dat')
    cpSync(join(fresh, FIXTURE_NAMES.plaintextZip), renamedZip)
    expect((await openExport(renamedZip)).source).toBe('signal')
  })

  it('leaves WhatsApp exports to the WhatsApp importer', async () => {
    const chat = join(scratch, 'WhatsApp Chat with Maman.txt')
    writeFileSync(chat, '03/05/2024, 10:00 - Maman: Bonjour\n03/05/2024, 10:01 - Camille: Salut\n')
    expect((await openExport(chat)).source).toBe('whatsapp')
  })

  it('leaves a SignalBackups folder without snapshots alone', async () => {
    const empty = join(scratch, 'SignalBackups-empty')
    cpSync(join(fresh, FIXTURE_NAMES.backupsFolder, 'files'), join(empty, 'files'), {recursive: true})
    await expect(openExport(empty)).rejects.toMatchObject({code: expect.not.stringMatching(/^SIGNAL_/)})
  })

  it('committed fixtures exist (regenerate with make-fixtures.ts)', () => {
    expect(statSync(join(COMMITTED, FIXTURE_NAMES.legacyV1)).size).toBeGreaterThan(1000)
  })
})

describe('backup v2 larger than one read', () => {
  // Regression: the gzip member ends before its zero padding, so the pipeline stops reading
  // early; the HMAC must still cover the padding (it did not when main spanned several reads).
  it('opens a main whose zero padding is longer than a read, and reads every message', async () => {
    const frames = scenarioFrames((item) => item.id === 'g1')
    const count = 500
    for (let n = 0; n < count; n++) {
      // Hash outputs: incompressible, so the encrypted main really spans several reads.
      const body = Array.from({length: 16}, (_, k) => createHash('sha512').update(`body ${n}.${k}`).digest('base64')).join('')
      frames.push({chatItem: {chatId: '2', authorId: '3', dateSent: String(1714723200123 + n), incoming: {dateReceived: String(1714723300123 + n)}, standardMessage: {text: {body}}}})
    }
    const dir = join(scratch, 'large-v2', 'signal-backup-2026-05-03-10-00-00')
    // Padding is at most 5 % in Signal's own files; 3 MB here makes it outlast the reads in flight.
    writeBackupSnapshot(dir, frames, RECOVERY_KEY, 'large', (gzipLength) => gzipLength + 3_000_000)
    expect(statSync(join(dir, 'main')).size).toBeGreaterThan(3_000_000)
    const chats = await collect(await openExport(join(scratch, 'large-v2'), {signal: {recoveryKey: RECOVERY_KEY}}))
    expect(chats.map((c) => [c.title, c.messages.length])).toEqual([
      ['Famille Martin 🏡', 1],
      ['Sophie Martin', count],
    ])
  })
})

describe('media of the plaintext export', () => {
  it('offers the photo under its original name, with the bytes Signal exported', async () => {
    const photo = ITEMS.find((item) => item.id === 'g5')
    if (photo?.kind !== 'photo') throw new Error('scenario photo')
    for (const form of [FIXTURE_NAMES.plaintextFolder, FIXTURE_NAMES.plaintextZip]) {
      const opened = await openExport(join(fresh, form))
      const files = opened.chats[0]?.files
      expect(files?.names(), form).toEqual(['anniversaire.jpg'])
      const chunks: Uint8Array[] = []
      for await (const chunk of files?.open('anniversaire.jpg') ?? []) chunks.push(chunk)
      expect(Buffer.concat(chunks).equals(photo.photo.bytes), form).toBe(true)
    }
  })

  it('has no files when the export was made without media', async () => {
    const dir = join(scratch, 'without-media')
    cpSync(join(fresh, FIXTURE_NAMES.plaintextFolder), dir, {recursive: true})
    rmSync(join(dir, 'files'), {recursive: true})
    const opened = await openExport(dir)
    expect(opened.chats[0]?.files).toBeUndefined()
    expect(opened.chats[0]?.info.title).toBe('Famille Martin 🏡')
  })
})

describe('media of the legacy .backup', () => {
  it('offers the photo under its original name, decrypted from the file, for header versions 1 and 0', async () => {
    const photo = ITEMS.find((item) => item.id === 'g5')
    if (photo?.kind !== 'photo') throw new Error('scenario photo')
    for (const form of [FIXTURE_NAMES.legacyV1, FIXTURE_NAMES.legacyV0]) {
      const opened = await openExport(join(fresh, form), {signal: {passphrase: PASSPHRASE}})
      const files = opened.chats[0]?.files
      expect(files?.names(), form).toEqual(['anniversaire.jpg'])
      const chunks: Uint8Array[] = []
      for await (const chunk of files?.open('anniversaire.jpg') ?? []) chunks.push(chunk)
      expect(Buffer.concat(chunks).equals(photo.photo.bytes), form).toBe(true)
    }
  })

  it('fails the MAC check when the file changed after it was opened', async () => {
    const path = join(scratch, 'changed-after-open.backup')
    cpSync(join(fresh, FIXTURE_NAMES.legacyV1), path)
    const opened = await openExport(path, {signal: {passphrase: PASSPHRASE}})
    const bytes = readFileSync(path)
    writeFileSync(path, bytes.map((byte) => byte ^ 0x01))
    const read = async (): Promise<void> => {
      for await (const _chunk of opened.chats[0]?.files?.open('anniversaire.jpg') ?? []) {
        // drain
      }
    }
    await expect(read()).rejects.toMatchObject({code: 'SIGNAL_BACKUP_MAC_MISMATCH'})
  })
})
