// The XMPP module's public face: everything other modules (rooms, invitations, history) need.
// Only src/xmpp/ imports @xmpp/*; use these instead.

export {XmppSession, type SessionOptions} from './XmppSession.js'
export {XmppRequestError} from './XmppRequestError.js'
export {xml, parseXml, type Element} from './xml.js'
export {XmppErrorCode} from './errors.js'
export {parseAccountJid, type AccountJid} from './account-jid.js'
export {loginAccount, createAccount, openSecureSession, openDomainSession, DEFAULT_TIMEOUT_MS, type ConnectionSettings, type ConnectionDeps} from './account.js'
export {connectionSettingsFrom, type ConnectionFlagValues} from './connection-flags.js'
export {connectFromWorkspace} from './connect-from-workspace.js'
export {discoverServer, type ServerInfo, type DiscoInfo, type ServerItem} from './discovery.js'
export {loadServerInfo, saveServerInfo, SERVER_INFO_FILE} from './server-info-file.js'
export {parseInvite, type Invite} from './invite-uri.js'
export {redactElement} from './redact.js'
export {requestUploadSlot, putToSlot, sendRoomMessage, UploadTooLargeError, UploadHttpError, type UploadSlot} from './http-upload.js'
export {checkRegistration, inspectRegistration, type RegistrationCheck, type RegistrationVerdict} from './registration-check.js'
