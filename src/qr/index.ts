// QR codes (issue 6): PNG, SVG and terminal forms of one link.
export {qrPng, qrSvg, qrTerminal} from './qr-code.js'
