/**
 * Media kept by xmpp-migrate: content-addressed storage. (Media types by extension come from the
 * importers: src/importers/whatsapp/attachments.ts `mediaTypeOf`.)
 */
export {MediaStore, type StoredMedia} from './MediaStore.js'
