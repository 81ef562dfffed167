/** The migration store (SQLite). better-sqlite3 is imported in this folder only. */
export {Store, type StoreOpenOptions} from './Store.js'
export {ImportTransaction, type BatchResult, type ImportCounts, type KnownAttachment, type PendingMessage} from './ImportTransaction.js'
export {MessageKeyer} from './MessageKeyer.js'
export {MIGRATIONS, SCHEMA_VERSION, type Migration} from './migrations.js'
export {importIntoStore, type ExportImportResult, type ImportedChat, type ImportIntoStoreOptions, type StoredFile} from './import-export.js'
export type * from './types.js'
export {ContactRepository, type ContactChatRef, type ContactRecord, type ContactUpdate, type ParticipantSighting} from './ContactRepository.js'
export {ArrivalRepository, type ArrivalEvidence, type ArrivalVia, type StoredArrival} from './ArrivalRepository.js'
