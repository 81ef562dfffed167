/** History (issue 8): the browsable archive, its upload into the room, the XEP-0227 account file. */
export {exportHistory, checkTimeZone, type ExportRequest, type ExportResult, type FolderFormat} from './export-service.js'
export {writeHtmlArchive, MESSAGES_PER_PAGE, type ArchivedChat, type HtmlArchiveOptions} from './export-html.js'
export {labelsFor, systemLanguage, type HistoryLabels, type HistoryLanguage} from './labels.js'
export {escapeHtml, senderColour} from './html-text.js'
export {exportAccount, type AccountExportRequest, type AccountExportResult} from './account-export-service.js'
export {uploadHistory, type UploadRequest, type UploadResult} from './upload-service.js'
