import QRCode from 'qrcode'

import {writePrivateFile} from '../workspace.js'
import {t} from '../i18n/index.js'

/**
 * The text of the QR code Conversations' first-run screen reads to add an existing account
 * ("Use an existing account" › scan): `{"protocol":"xmpp","address":JID,"password":PW}`.
 */
export function conversationsAccountPayload(jid: string, password: string): string {
  return JSON.stringify({protocol: 'xmpp', address: jid, password})
}

/**
 * The QR code as terminal text (half-height blocks), for stderr/stdout. With `colour: false` (a
 * pipe, NO_COLOR) plain characters without escape codes, light modules drawn as blocks.
 */
export async function renderTerminalQr(text: string, options: {colour?: boolean} = {}): Promise<string> {
  if (options.colour === false) return QRCode.toString(text, {type: 'utf8', margin: 2, errorCorrectionLevel: 'M', color: {dark: '#ffffff', light: '#000000'}})
  return QRCode.toString(text, {type: 'terminal', small: true, errorCorrectionLevel: 'M'})
}

/**
 * Writes the QR code as a PNG (mode 0600 from creation: it holds a password).
 * Returns the path. Fails with a FILE_* UserError naming the file (full disk, …).
 */
export async function writeQrPng(file: string, text: string): Promise<string> {
  const png = await QRCode.toBuffer(text, {type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8})
  return writePrivateFile(file, png, t('errors.file.doing.writeQr'))
}
