/** Reading .zip archives defensively: see SafeZip. */
export {DEFAULT_MAX_ENTRY_SIZE, SafeZip, type SafeZipOptions, type ZipEntryInfo} from './SafeZip.js'
export {describeUnsafeEntryReason, unsafeEntryReason, type UnsafeEntryReason} from './entry-name.js'
export {ArchiveErrorCode, formatBytes, inputNotFound} from './errors.js'
export {folderFileProvider, zipFileProvider, type ZipFileProviderOptions} from './file-providers.js'
