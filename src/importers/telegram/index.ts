/** The Telegram importer: Telegram Desktop's machine-readable export (result.json). */
export {detectTelegramInput, HOW_TO_EXPORT_JSON, looksLikeTelegramJson, mightBeTelegramExport, type TelegramLocation} from './detect.js'
export {openTelegramExport} from './open.js'
