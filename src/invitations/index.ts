/**
 * Invitations (issue 6): a link and a QR code for every contact, and a kit they can follow.
 *
 * Terms: a *server invitation* is a token the XMPP server issues (XEP-0401 account invitation,
 * XEP-0379 contact invitation); a *plain link* is `xmpp:inviter@host?roster` (XEP-0147); the
 * *web link* is the https page a phone camera opens (the server's landing page, or
 * `--landing-base` with the xmpp: URI in its fragment); the *kit* is the folder of pages,
 * messages and QR codes; the *ledger* keeps issued tokens so a rerun gives the same link.
 */
export {inviteContacts, hideToken, type InviteRequest} from './invite-service.js'
export {chooseLink, invitationCommand, type InvitationCommand, type LinkChoice} from './link-choice.js'
export {rosterUri, joinUri, webLink, encodeJid, checkLandingBase} from './links.js'
export {renderContactPage, renderMessage, renderIndex, primaryLink} from './kit-pages.js'
export {kitLanguage, kitTexts, type KitTexts} from './kit-texts.js'
export type {KitWarning} from './server-warnings.js'
export {InvitationLedger, LEDGER_FILE} from './InvitationLedger.js'
export type * from './types.js'
