/** Media kept by xmpp-migrate: content-addressed storage and media types. */
export {MediaStore, type StoredMedia} from './MediaStore.js'
export {mediaTypeFromName} from './media-type.js'
