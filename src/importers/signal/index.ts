/** The Signal importer: plaintext export, on-device backup v2, legacy `.backup`. */
export {detectSignalInput, looksLikeLegacyBackup, type SignalInput} from './detect.js'
export {openSignalExport, type SignalOpenOptions} from './open.js'
export {normalizePassphrase, normalizeRecoveryKey} from './keys.js'
export {promptSecret, readSecretFromStdin, withSignalSecrets, type SecretRetryOptions, type SignalSecretKind} from './secret-input.js'
export {MIN_SCHEMA_VERSION} from './open-legacy.js'
