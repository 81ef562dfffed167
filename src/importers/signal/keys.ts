import {createDecipheriv, createHash, hkdfSync} from 'node:crypto'

import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'

/**
 * Key derivations of the Signal backups (fact sheet §4.2, §4.3, §5.1; libsignal
 * rust/account-keys/src/backup.rs, rust/message-backup/src/key.rs; Signal-Android
 * FullBackupBase.java). HKDF is RFC 5869 with SHA-256 and no salt throughout.
 */

const EMPTY = Buffer.alloc(0)

function hkdf(ikm: Uint8Array, info: Uint8Array | string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, EMPTY, typeof info === 'string' ? Buffer.from(info, 'utf8') : info, length))
}

/**
 * The recovery key ("account entropy pool") as libsignal accepts it: 64 characters of `0-9a-z`.
 * Signal shows it upper-case in groups of four, so case, spaces, dashes and line breaks are
 * dropped first.
 *
 * @throws UserError SIGNAL_RECOVERY_KEY_FORMAT when what remains is not 64 such characters.
 */
export function normalizeRecoveryKey(input: string): string {
  const key = input.replace(/[\s-]+/g, '').toLowerCase()
  if (!/^[0-9a-z]{64}$/.test(key)) {
    throw new UserError('SIGNAL_RECOVERY_KEY_FORMAT', t('errors.signal.recoveryKeyFormat', {count: key.length}), {
      suggestions: [t('errors.signal.recoveryKeyWhere')],
    })
  }
  return key
}

/**
 * The legacy backup passphrase: 30 digits, shown in groups of five.
 *
 * @throws UserError SIGNAL_PASSPHRASE_FORMAT when it is not 30 digits once spaces and dashes are dropped.
 */
export function normalizePassphrase(input: string): string {
  const digits = input.replace(/[\s-]+/g, '')
  if (!/^\d{30}$/.test(digits)) {
    throw new UserError('SIGNAL_PASSPHRASE_FORMAT', t(/\D/.test(digits) ? 'errors.signal.passphraseFormatNotDigits' : 'errors.signal.passphraseFormat', {count: digits.length}), {
      suggestions: [t('errors.signal.passphraseWhich')],
    })
  }
  return digits
}

/** The 64-byte key that opens a backup v2's `main`: HMAC key then AES key (fact sheet §4.2). */
export interface MessageBackupKey {
  /** HMAC-SHA256 key (bytes 0–31). */
  hmacKey: Buffer
  /** AES-256 key (bytes 32–63). */
  aesKey: Buffer
}

/** BackupKey = HKDF(recovery key as ASCII, "20240801_SIGNAL_BACKUP_KEY", 32). */
export function backupKeyFromRecoveryKey(recoveryKey: string): Buffer {
  return hkdf(Buffer.from(recoveryKey, 'ascii'), '20240801_SIGNAL_BACKUP_KEY', 32)
}

/**
 * The BackupId of a local backup, decrypted from its `metadata`: AES-256-CTR under
 * HKDF(BackupKey, "20241011_SIGNAL_LOCAL_BACKUP_METADATA_KEY", 32), counter block = the 12-byte
 * IV then a 32-bit counter from 0 (fact sheet §4.3). No check value: a wrong key shows later.
 */
export function decryptLocalBackupId(backupKey: Uint8Array, iv: Uint8Array, encryptedId: Uint8Array): Buffer {
  const metadataKey = hkdf(backupKey, '20241011_SIGNAL_LOCAL_BACKUP_METADATA_KEY', 32)
  const decipher = createDecipheriv('aes-256-ctr', metadataKey, Buffer.concat([iv, Buffer.alloc(4)]))
  return Buffer.concat([decipher.update(encryptedId), decipher.final()])
}

/** MessageBackupKey = HKDF(BackupKey, "20241007_SIGNAL_BACKUP_ENCRYPT_MESSAGE_BACKUP:" ‖ BackupId, 64). */
export function messageBackupKey(backupKey: Uint8Array, backupId: Uint8Array): MessageBackupKey {
  const info = Buffer.concat([Buffer.from('20241007_SIGNAL_BACKUP_ENCRYPT_MESSAGE_BACKUP:', 'ascii'), backupId])
  const key = hkdf(backupKey, info, 64)
  return {hmacKey: key.subarray(0, 32), aesKey: key.subarray(32, 64)}
}

/** AES and MAC keys of a legacy `.backup` (fact sheet §5.1). */
export interface LegacyBackupKeys {
  /** AES-256-CTR key. */
  cipherKey: Buffer
  /** HMAC-SHA256 key (MACs truncated to 10 bytes). */
  macKey: Buffer
}

/**
 * Legacy key: SHA-512 over 250 000 rounds (round 0 hashes salt ‖ pass ‖ pass, each later round
 * previous ‖ pass), first 32 bytes, then HKDF(…, "Backup Export", 64) split AES | MAC
 * (Signal-Android FullBackupBase.getBackupKey, BackupRecordInputStream).
 */
export function legacyBackupKeys(passphrase: string, salt: Uint8Array): LegacyBackupKeys {
  const pass = Buffer.from(passphrase, 'ascii')
  let hash: Buffer = Buffer.concat([salt, pass])
  for (let round = 0; round < 250_000; round++) {
    hash = createHash('sha512').update(hash).update(pass).digest()
  }
  const derived = hkdf(hash.subarray(0, 32), 'Backup Export', 64) // i18n-ignore: Signal's HKDF info string
  return {cipherKey: derived.subarray(0, 32), macKey: derived.subarray(32, 64)}
}
