import {qrPng, qrSvg} from './qr-code.js'

/**
 * QR codes computed once per text. A kit repeats the same few links many times (every contact's
 * `qr.png` is the same inviter link when they all have an address; every member of a group gets
 * that room's link): 1,183 codes of which 21 distinct for 20 groups of 50 (issue 17), and PNG
 * encoding is the costly part (~9 ms a code). The bytes are the same as without the cache.
 */
export class QrCodeCache {
  readonly #png = new Map<string, Promise<Buffer>>()
  readonly #svg = new Map<string, Promise<string>>()

  /** As {@link qrPng}, computed once per text. */
  png(text: string): Promise<Buffer> {
    let code = this.#png.get(text)
    if (code === undefined) {
      code = qrPng(text)
      this.#png.set(text, code)
    }
    return code
  }

  /** As {@link qrSvg}, computed once per text and title. */
  svg(text: string, title?: string): Promise<string> {
    const key = `${title === undefined ? '0' : `1${title}`}\u0000${text}`
    let code = this.#svg.get(key)
    if (code === undefined) {
      code = qrSvg(text, title)
      this.#svg.set(key, code)
    }
    return code
  }
}
