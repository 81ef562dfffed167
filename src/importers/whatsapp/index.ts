/**
 * The WhatsApp importer: open what "Export chat" produced (.txt, .zip, or an unzipped folder) and
 * stream its messages in the normalized model (src/model/).
 */
export {openWhatsAppExport, type OpenWhatsAppOptions} from './open.js'
export {chatTitleFromName, findChatText, isChatTextName, type ChatTextChoice} from './archive-names.js'
