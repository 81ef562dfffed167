/** History (issues 8, 15): the browsable archive, PDF documents shared in rooms and with people, the XEP-0227 account file. */
export {exportHistory, checkTimeZone, type ExportRequest, type ExportResult, type FolderFormat} from './export-service.js'
export {writeHtmlArchive, MESSAGES_PER_PAGE, type ArchivedChat, type HtmlArchiveOptions} from './export-html.js'
export {labelsFor, systemLanguage, type HistoryLabels, type HistoryLanguage} from './labels.js'
export {escapeHtml, senderColour} from './html-text.js'
export {exportAccount, type AccountExportRequest, type AccountExportResult} from './account-export-service.js'
export {shareHistory, shareHistories, planHistoryShares, type ShareRequest, type ShareResult, type ShareProgress, type SharePlan, type SharePlanEntry, type ShareTarget} from './share-service.js'
export {planPdfParts, renderPdfPart, type PdfOptions, type PdfPart, type PdfPlan} from './export-pdf.js'
