/** The Telegram importer: Telegram Desktop's machine-readable export (result.json). */
export {detectTelegramInput, howToExportJson, looksLikeTelegramJson, mightBeTelegramExport, type TelegramLocation} from './detect.js'
export {openTelegramExport} from './open.js'
