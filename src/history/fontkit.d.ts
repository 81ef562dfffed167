// fontkit 2 ships no types: the one call the PDF fonts module makes (https://github.com/foliojs/fontkit#fontkitcreatebuffer-postscriptname--null).
declare module 'fontkit' {
  /** A parsed font. */
  export interface Font {
    /** True when the font has a glyph for the code point. */
    hasGlyphForCodePoint(codePoint: number): boolean
  }
  /** Parses a TTF, OTF, WOFF or WOFF2 font from its bytes. */
  export function create(buffer: Buffer): Font
}
