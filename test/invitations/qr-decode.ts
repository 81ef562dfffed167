// Test helper: decodes QR codes back to text with jsQR (PNG through pngjs; SVG by drawing the
// qrcode package's path — M/m moves, h runs of dark modules — into pixels).
import * as jsqr from 'jsqr'
import {PNG} from 'pngjs'

// jsqr is CommonJS with an ES-style default export: under NodeNext the function is `.default.default` for tsc.
const jsQR = jsqr.default as unknown as typeof jsqr.default.default

/** Decodes a PNG holding a QR code; null when none is found. */
export function decodePng(png: Buffer): string | null {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null
}

/** Draws an SVG made by `qrcode` (type 'svg') at `scale` pixels per module and decodes it. */
export function decodeSvg(svg: string, scale = 6): string | null {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  const dark = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg) ?? /<path[^>]*d="([^"]+)"[^>]*stroke="#000000"/.exec(svg)
  if (!viewBox || !dark?.[1]) return null
  const size = Number(viewBox[1])
  const width = size * scale
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
  let x = 0
  let y = 0
  for (const [, command, args] of dark[1].matchAll(/([MmHhVv])([^MmHhVv]*)/g)) {
    const numbers = (args ?? '').trim().split(/[\s,]+/).filter((s) => s !== '').map(Number)
    if (command === 'M') [x, y] = [numbers[0] ?? 0, numbers[1] ?? 0]
    else if (command === 'm') [x, y] = [x + (numbers[0] ?? 0), y + (numbers[1] ?? 0)]
    else if (command === 'h') {
      const run = numbers[0] ?? 0
      const row = Math.floor(y)
      for (let col = x; col < x + run; col++) {
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const i = ((row * scale + dy) * width + col * scale + dx) * 4
            pixels[i] = pixels[i + 1] = pixels[i + 2] = 0
          }
        }
      }
      x += run
    } else throw new Error(`decodeSvg: unexpected path command ${command}`)
  }
  return jsQR(pixels, width, width)?.data ?? null
}
