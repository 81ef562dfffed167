/**
 * QR codes for invitation links (ISO/IEC 18004), in the three forms the kit needs: PNG files,
 * SVG (inlined in the printable pages) and text for the terminal. The only module that imports
 * `qrcode` (STYLE.md: one module per dependency).
 */
import QRCode from 'qrcode'

// Error correction M (15 %) keeps a link of ~120 characters at a size a phone camera reads from
// a printed A4 page, while surviving a fold or a smudge; the quiet zone of 4 modules is the
// minimum ISO/IEC 18004 §6.3.8 requires, without it many decoders (and jsQR) fail.
const BASE = {errorCorrectionLevel: 'M', margin: 4} as const

/** The QR code of `text` as a PNG image (8 pixels per module). Throws when the text is too long for a QR code. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, {...BASE, type: 'png', scale: 8})
}

/**
 * The QR code of `text` as an SVG document (no XML prolog, no external reference), to inline in
 * HTML. `title` becomes the image's accessible name (already plain text: it is escaped here).
 */
export async function qrSvg(text: string, title?: string): Promise<string> {
  const svg = await QRCode.toString(text, {...BASE, type: 'svg'})
  if (title === undefined) return svg
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // i18n-ignore: SVG markup around the caller's (already translated) title
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" `)
}

/**
 * The QR code of `text` for a terminal (half-block characters, two modules per line). With
 * `colour: false` (a pipe, NO_COLOR) it is plain characters without escape codes: light modules
 * drawn as blocks, which reads right on the usual dark terminal.
 */
export async function qrTerminal(text: string, options: {colour?: boolean} = {}): Promise<string> {
  if (options.colour === false) return QRCode.toString(text, {...BASE, margin: 2, type: 'utf8', color: {dark: '#ffffff', light: '#000000'}})
  return QRCode.toString(text, {...BASE, type: 'terminal', small: true})
}
