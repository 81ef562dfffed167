import {createDecipheriv, createHmac, timingSafeEqual, type Hmac} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {Transform} from 'node:stream'
import {createGunzip} from 'node:zlib'

import {UserError, XmError} from '../../errors/index.js'
import type {OpenedExport} from '../../model/importer.js'
import {readDelimited} from './delimited.js'
import type {FrameJson} from './frame-types.js'
import {backupKeyFromRecoveryKey, decryptLocalBackupId, messageBackupKey, normalizeRecoveryKey, type MessageBackupKey} from './keys.js'
import {openFromFrames, type FrameSource} from './open-frames.js'
import {backupType, decodeToJson, peekChatItemChatId} from './proto.js'
import {t} from '../../i18n/index.js'

const IV_BYTES = 16
const MAC_BYTES = 32
const AES_BLOCK = 16

/**
 * Opens one snapshot of an on-device backup v2 (`signal-backup-…/` with `main` and
 * `metadata`, fact sheet §4) with the 64-character recovery key: BackupId from `metadata`,
 * MessageBackupKey from both, then `main` = IV ‖ AES-256-CBC(gzip(frames)) ‖ HMAC-SHA256.
 *
 * The HMAC over the whole file is checked before anything is decrypted, and again as the one
 * decrypting pass reads it, before anything it read is handed out. Decryption streams: memory
 * does not grow with the size of `main` (chats' items beyond a budget wait in an encrypted
 * temporary file, see ChatItemSpool).
 *
 * @throws UserError SIGNAL_RECOVERY_KEY_REQUIRED, SIGNAL_RECOVERY_KEY_FORMAT,
 *   SIGNAL_BACKUP_MAC_MISMATCH (wrong recovery key, or a damaged file: the format cannot tell
 *   them apart), SIGNAL_BACKUP_TRUNCATED, SIGNAL_BACKUP_CORRUPT.
 */
export async function openSignalBackupV2(path: string, snapshotDir: string, recoveryKey: string | undefined): Promise<OpenedExport> {
  if (recoveryKey === undefined) {
    throw new UserError('SIGNAL_RECOVERY_KEY_REQUIRED', t('errors.signal.recoveryKeyRequired', {path}), {
      suggestions: [t('errors.signal.recoveryKeyPipe'), t('errors.signal.recoveryKeyView')],
    })
  }
  const key = normalizeRecoveryKey(recoveryKey)
  const mainPath = join(snapshotDir, 'main')
  const keys = await keysForSnapshot(snapshotDir, key)
  const size = (await stat(mainPath)).size
  checkLength(size)
  await verifyMac(mainPath, size, keys.hmacKey)
  const source: FrameSource = {frames: (options = {}) => decryptFrames(mainPath, size, keys, options.onlyChatIds)}
  return openFromFrames(path, source)
}

/** Derives the MessageBackupKey from the recovery key and the snapshot's `metadata`. */
async function keysForSnapshot(snapshotDir: string, recoveryKey: string): Promise<MessageBackupKey> {
  let metadata: {version?: number; backupId?: {iv?: string; encryptedId?: string}}
  try {
    metadata = decodeToJson(backupType('LocalMetadata'), await readFile(join(snapshotDir, 'metadata')))
  } catch (error) {
    throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.metadataUnreadable', {dir: snapshotDir}), {cause: error})
  }
  const iv = Buffer.from(metadata.backupId?.iv ?? '', 'base64')
  const encryptedId = Buffer.from(metadata.backupId?.encryptedId ?? '', 'base64')
  if (iv.length !== 12 || encryptedId.length === 0) {
    throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.metadataNoId', {dir: snapshotDir}))
  }
  const backupKey = backupKeyFromRecoveryKey(recoveryKey)
  return messageBackupKey(backupKey, decryptLocalBackupId(backupKey, iv, encryptedId))
}

function checkLength(size: number): void {
  // IV ‖ at least one CBC block ‖ MAC; CBC output is whole blocks.
  if (size < IV_BYTES + AES_BLOCK + MAC_BYTES || (size - IV_BYTES - MAC_BYTES) % AES_BLOCK !== 0) {
    throw truncated()
  }
}

function truncated(cause?: unknown): UserError {
  return new UserError('SIGNAL_BACKUP_TRUNCATED', t('errors.signal.v2Truncated'), {
    cause,
    suggestions: [t('errors.signal.v2CopyAgain')],
  })
}

function macMismatch(): UserError {
  return new UserError(
    'SIGNAL_BACKUP_MAC_MISMATCH',
    t('errors.signal.v2MacMismatch'),
    {
      suggestions: [
        t('errors.signal.checkRecoveryKey'),
        t('errors.signal.keyRightCopyAgain'),
      ],
    },
  )
}

/** HMAC-SHA256 over IV ‖ ciphertext, compared with the last 32 bytes (fact sheet §4.4). */
async function verifyMac(mainPath: string, size: number, hmacKey: Buffer): Promise<void> {
  const hmac = createHmac('sha256', hmacKey)
  for await (const chunk of createReadStream(mainPath, {start: 0, end: size - MAC_BYTES - 1, highWaterMark: 1 << 18})) hmac.update(chunk as Buffer)
  await compareMac(mainPath, size, hmac)
}

async function compareMac(mainPath: string, size: number, hmac: Hmac): Promise<void> {
  const expected = await readRange(mainPath, size - MAC_BYTES, MAC_BYTES)
  const actual = hmac.digest()
  if (expected.length !== MAC_BYTES || !timingSafeEqual(expected, actual)) throw macMismatch()
}

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of createReadStream(path, {start, end: start + length - 1})) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

/**
 * Decrypts, decompresses and splits `main` into frames, streaming. The HMAC is computed on the
 * way and checked when the stream ends, before the generator returns (callers that buffer until
 * the end, as chat passes do, never use unauthenticated content).
 */
async function* decryptFrames(mainPath: string, size: number, keys: MessageBackupKey, onlyChatIds: ReadonlySet<string> | undefined): AsyncGenerator<FrameJson> {
  const iv = await readRange(mainPath, 0, IV_BYTES)
  const hmac = createHmac('sha256', keys.hmacKey).update(iv)
  let hashed = 0
  const input = createReadStream(mainPath, {start: IV_BYTES, end: size - MAC_BYTES - 1, highWaterMark: 1 << 18})
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hmac.update(chunk)
      hashed += chunk.length
      callback(null, chunk)
    },
  })
  const decipher = createDecipheriv('aes-256-cbc', keys.aesKey, iv)
  // Plaintext = gzip member + zero padding (fact sheet §4.4); Node's gunzip stops at the member's end.
  const gunzip = createGunzip()
  for (const stage of [input, tap, decipher]) stage.on('error', (error: Error) => gunzip.destroy(error))
  input.pipe(tap).pipe(decipher).pipe(gunzip)
  let first = true
  try {
    for await (const message of readDelimited(gunzip as AsyncIterable<Uint8Array>)) {
      if (first) {
        first = false // BackupInfo
        continue
      }
      if (onlyChatIds !== undefined) {
        const chatId = peekChatItemChatId(message)
        if (chatId !== null && !onlyChatIds.has(chatId)) continue
      }
      let frame: FrameJson
      try {
        frame = decodeToJson(backupType('Frame'), message) as FrameJson
      } catch (error) {
        throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.frameUndecodable'), {cause: error})
      }
      yield frame
    }
  } catch (error) {
    if (error instanceof XmError) throw error
    // The MAC was checked when opening; a decryption or gzip failure now means the file changed or is damaged.
    throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.cannotDecrypt'), {cause: error})
  } finally {
    input.destroy()
    tap.destroy()
  }
  // The gzip member ends before its zero padding: hash what the pipeline did not read.
  const rest = IV_BYTES + hashed
  if (rest < size - MAC_BYTES) {
    for await (const chunk of createReadStream(mainPath, {start: rest, end: size - MAC_BYTES - 1, highWaterMark: 1 << 18})) hmac.update(chunk as Buffer)
  }
  await compareMac(mainPath, size, hmac)
  if (first) throw truncated()
}
