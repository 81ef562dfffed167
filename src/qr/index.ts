// QR codes (issue 6): PNG, SVG and terminal forms of one link; a cache for kits that repeat links (issue 17).
export {qrPng, qrSvg, qrTerminal} from './qr-code.js'
export {QrCodeCache} from './QrCodeCache.js'
