import {createDecipheriv, createHmac, timingSafeEqual} from 'node:crypto'

import {UserError} from '../../errors/index.js'
import {ByteReader} from './ByteReader.js'
import {legacyBackupKeys, normalizePassphrase, type LegacyBackupKeys} from './keys.js'
import {decodeToJson, legacyType} from './proto.js'
import {t} from '../../i18n/index.js'

/** A decoded legacy `BackupFrame` (proto2 presence: only the set field is there). */
export interface LegacyFrame {
  /** Only on the clear first frame. */
  header?: {iv?: string; salt?: string; version?: number}
  /** An SQL statement and its parameters. */
  statement?: {statement?: string; parameters?: LegacyParameter[]}
  /** Database user_version. */
  version?: {version?: number}
  /** Attachment data follows (its length in plaintext bytes). */
  attachment?: {rowId?: string; length?: number}
  /** Avatar data follows. */
  avatar?: {length?: number}
  /** Sticker data follows. */
  sticker?: {rowId?: string; length?: number}
  /** A key-value setting (`account.aci`, …). */
  keyValue?: {key?: string; stringValue?: string; longValue?: string; integerValue?: number; booleanValue?: boolean; blobValue?: string}
  /** The last frame. */
  end?: boolean
}

/** One SQL parameter; exactly one key is set (proto2 presence). */
export interface LegacyParameter {
  /** Text (field name misspelt upstream). */
  stringParamter?: string
  /** Unsigned 64-bit integer as decimal text (two's complement for negatives). */
  integerParameter?: string
  /** Floating point. */
  doubleParameter?: number
  /** Base64. */
  blobParameter?: string
  /** NULL. */
  nullparameter?: boolean
}

/** Where an attachment/avatar/sticker payload is in the file, and how to decrypt it. */
export interface LegacyPayload {
  /** Byte offset of the encrypted data (its 10-byte MAC follows). */
  offset: number
  /** Length of the data in bytes (plaintext = ciphertext length under CTR). */
  length: number
  /** The payload's own counter IV. */
  iv: Buffer
  /** The backup's keys. */
  keys: LegacyBackupKeys
}

const MAC_BYTES = 10
const MAX_FRAME_BYTES = 64 * 1024 * 1024

/**
 * Reads a legacy `.backup` frame by frame (fact sheet §5.1): the clear header (IV, salt,
 * version 0 or 1), then AES-256-CTR frames each followed by a 10-byte HMAC-SHA256, every
 * frame and every attachment/avatar/sticker payload with the next IV counter. Payloads are
 * authenticated and skipped while streaming (nothing of them is kept in memory).
 *
 * The passphrase must be checked by the first encrypted frame: a MAC failure (or an absurd
 * length) there is a wrong passphrase; later it is a damaged file.
 *
 * @throws UserError SIGNAL_PASSPHRASE_REQUIRED, SIGNAL_PASSPHRASE_FORMAT, SIGNAL_WRONG_PASSPHRASE,
 *   SIGNAL_BACKUP_MAC_MISMATCH, SIGNAL_BACKUP_TRUNCATED, SIGNAL_BACKUP_CORRUPT,
 *   SIGNAL_BACKUP_VERSION_UNSUPPORTED.
 */
export async function* readLegacyFrames(path: string, passphrase: string | undefined, onPayload?: (frame: LegacyFrame, payload: LegacyPayload) => void): AsyncGenerator<LegacyFrame> {
  if (passphrase === undefined) {
    throw new UserError('SIGNAL_PASSPHRASE_REQUIRED', t('errors.signal.passphraseRequired', {path}), {
      suggestions: [t('errors.signal.passphrasePipe')],
    })
  }
  const pass = normalizePassphrase(passphrase)
  const reader = await ByteReader.open(path)
  try {
    const headerLength = (await readExactly(reader, 4)).readUInt32BE(0)
    if (headerLength === 0 || headerLength > 4096) throw notALegacyBackup(path)
    let header: LegacyFrame['header']
    try {
      header = (decodeToJson(legacyType('BackupFrame'), await readExactly(reader, headerLength)) as LegacyFrame).header
    } catch (error) {
      if (error instanceof UserError) throw error
      throw notALegacyBackup(path, error)
    }
    const iv = Buffer.from(header?.iv ?? '', 'base64')
    const salt = Buffer.from(header?.salt ?? '', 'base64')
    const version = header?.version ?? 0
    if (iv.length !== 16 || salt.length === 0) throw notALegacyBackup(path)
    if (version > 1) {
      throw new UserError('SIGNAL_BACKUP_VERSION_UNSUPPORTED', t('errors.signal.versionUnsupported', {version: String(version)}), {
        suggestions: [t('errors.signal.makeOnDeviceBackup')],
      })
    }
    const keys = legacyBackupKeys(pass, salt)
    let counter = iv.readUInt32BE(0)
    const nextIv = (): Buffer => {
      const out = Buffer.from(iv)
      out.writeUInt32BE(counter >>> 0, 0)
      counter = (counter + 1) >>> 0
      return out
    }
    let first = true
    for (;;) {
      if (reader.remaining === 0) throw truncated()
      const frame = await readFrame(reader, keys, nextIv(), version, first)
      first = false
      yield frame
      if (frame.end) return
      const payload = frame.attachment?.length ?? frame.avatar?.length ?? frame.sticker?.length
      if (payload !== undefined) {
        const payloadIv = nextIv()
        onPayload?.(frame, {offset: reader.position, length: payload, iv: payloadIv, keys})
        await skipPayload(reader, keys, payloadIv, payload)
      }
    }
  } finally {
    await reader.close()
  }
}

async function readFrame(reader: ByteReader, keys: LegacyBackupKeys, iv: Buffer, version: number, first: boolean): Promise<LegacyFrame> {
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, iv)
  const mac = createHmac('sha256', keys.macKey)
  const lengthBytes = await readExactly(reader, 4)
  let length: number
  if (version >= 1) {
    // v1: the length is encrypted with the frame's keystream and covered by its MAC.
    mac.update(lengthBytes)
    length = decipher.update(lengthBytes).readUInt32BE(0)
  } else {
    length = lengthBytes.readUInt32BE(0)
  }
  if (length < MAC_BYTES || length > MAX_FRAME_BYTES || length > reader.remaining) {
    if (first) throw wrongPassphrase()
    if (length > reader.remaining && length <= MAX_FRAME_BYTES) throw truncated()
    throw corrupt()
  }
  const body = await readExactly(reader, length)
  const encrypted = body.subarray(0, length - MAC_BYTES)
  const expected = body.subarray(length - MAC_BYTES)
  const actual = mac.update(encrypted).digest().subarray(0, MAC_BYTES)
  if (!timingSafeEqual(actual, expected)) throw first ? wrongPassphrase() : macMismatch()
  const plain = decipher.update(encrypted)
  try {
    return decodeToJson(legacyType('BackupFrame'), plain) as LegacyFrame
  } catch (error) {
    throw corrupt(error)
  }
}

/** Authenticates a payload (MAC over IV ‖ ciphertext) and drops it, streaming. */
async function skipPayload(reader: ByteReader, keys: LegacyBackupKeys, iv: Buffer, length: number): Promise<void> {
  if (length + MAC_BYTES > reader.remaining) throw truncated()
  const mac = createHmac('sha256', keys.macKey).update(iv)
  for await (const chunk of reader.chunks(length)) mac.update(chunk)
  const expected = await readExactly(reader, MAC_BYTES)
  if (!timingSafeEqual(mac.digest().subarray(0, MAC_BYTES), expected)) throw macMismatch()
}

async function readExactly(reader: ByteReader, length: number): Promise<Buffer> {
  const bytes = await reader.read(length)
  if (bytes.length < length) throw truncated()
  return bytes
}


function notALegacyBackup(path: string, cause?: unknown): UserError {
  return new UserError('SIGNAL_NOT_A_BACKUP', t('errors.signal.notABackup', {path}), {cause})
}

function wrongPassphrase(): UserError {
  return new UserError('SIGNAL_WRONG_PASSPHRASE', t('errors.signal.wrongPassphrase'), {
    suggestions: [t('errors.signal.wrongPassphraseFix')],
  })
}

function macMismatch(): UserError {
  return new UserError('SIGNAL_BACKUP_MAC_MISMATCH', t('errors.signal.legacyMacMismatch'), {
    suggestions: [t('errors.signal.legacyCopyAgain')],
  })
}

function truncated(): UserError {
  return new UserError('SIGNAL_BACKUP_TRUNCATED', t('errors.signal.legacyTruncated'), {
    suggestions: [t('errors.signal.legacyTruncatedFix')],
  })
}

function corrupt(cause?: unknown): UserError {
  return new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.legacyCorrupt'), {cause})
}

/**
 * Streams one payload's plaintext (AES-256-CTR under its IV), checking its MAC (HMAC-SHA256 of
 * IV ‖ ciphertext, first 10 bytes) at the end.
 *
 * @throws UserError SIGNAL_BACKUP_MAC_MISMATCH after the last chunk when the MAC does not match
 *   (consumers must not keep what they received), SIGNAL_BACKUP_TRUNCATED when the file ends early.
 */
export async function* readLegacyPayload(path: string, payload: LegacyPayload): AsyncGenerator<Uint8Array> {
  const reader = await ByteReader.open(path, {start: payload.offset})
  try {
    if (reader.remaining < payload.length + MAC_BYTES) throw truncated()
    const decipher = createDecipheriv('aes-256-ctr', payload.keys.cipherKey, payload.iv)
    const mac = createHmac('sha256', payload.keys.macKey).update(payload.iv)
    for await (const chunk of reader.chunks(payload.length)) {
      mac.update(chunk)
      yield decipher.update(chunk)
    }
    const expected = await readExactly(reader, MAC_BYTES)
    if (!timingSafeEqual(mac.digest().subarray(0, MAC_BYTES), expected)) throw macMismatch()
  } finally {
    await reader.close()
  }
}
