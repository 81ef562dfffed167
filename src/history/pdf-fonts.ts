/**
 * The fonts of the PDF documents: Noto Sans (Latin, Latin Extended, Greek, Cyrillic, Vietnamese,
 * Devanagari) and monochrome Noto Emoji, shipped by the @fontsource packages (SIL OFL 1.1), so a
 * document looks the same on every computer and needs no system font. Each font file covers a
 * part of Unicode: text is cut into runs, each in the first font that has its characters
 * (https://fonts.google.com/noto/specimen/Noto+Emoji; fontkit reads the WOFF files).
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'

import * as fontkit from 'fontkit'

/** Weight of a run of text. */
export type FontWeight = 'regular' | 'bold'

/** A font of the chain: the name it is registered under in the document, and its bytes. */
export interface ChainFont {
  name: string
  bytes: Buffer
  font: fontkit.Font
}

/** A run of text in one font. */
export interface FontRun {
  /** Registered name of the font (see registeredFonts). */
  font: string
  text: string
}

const SANS_SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'devanagari']
const EMOJI_SUBSETS = ['emoji', ...Array.from({length: 11}, (_, i) => String(i))]

const require = createRequire(import.meta.url)
let chains: Record<FontWeight, ChainFont[]> | null = null

function load(name: string, file: string): ChainFont {
  const bytes = readFileSync(require.resolve(file))
  return {name, bytes, font: fontkit.create(bytes)}
}

/** The fallback chains (read once per process): Noto Sans of the weight, then Noto Emoji. */
export function fontChains(): Record<FontWeight, ChainFont[]> {
  if (chains === null) {
    const emoji = EMOJI_SUBSETS.map((s) => load(`emoji-${s}`, `@fontsource/noto-emoji/files/noto-emoji-${s}-400-normal.woff`))
    const sans = (weight: number) => SANS_SUBSETS.map((s) => load(`sans-${weight}-${s}`, `@fontsource/noto-sans/files/noto-sans-${s}-${weight}-normal.woff`))
    chains = {regular: [...sans(400), ...emoji], bold: [...sans(700), ...emoji]}
  }
  return chains
}

// Characters that shape with the one before them: variation selectors, zero-width joiner, skin
// tones, combining marks, tag characters (flags of regions).
function joinsPrevious(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0xe0020 && cp <= 0xe007f)
}

/**
 * Cuts text into runs, each in the first font of the chain that has its characters. A character
 * no font has (Chinese, Arabic…) stays in the first font, which shows it as an empty box.
 */
export function fontRuns(text: string, weight: FontWeight): FontRun[] {
  const chain = fontChains()[weight]
  const byName = new Map(chain.map((f) => [f.name, f]))
  const runs: FontRun[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    const last = runs.at(-1)
    // The current font goes on while it has the character: fewer runs, and spaces stay inside.
    const current = last === undefined ? undefined : byName.get(last.font)
    let font: string
    // White space is set in the text font: an emoji font's space is as wide as an emoji.
    if (cp === 0x20 || cp === 0x0a || cp === 0xa0) font = last !== undefined && !last.font.startsWith('emoji') ? last.font : chain[0]!.name
    else if (last !== undefined && (joinsPrevious(cp) || current?.font.hasGlyphForCodePoint(cp) === true)) font = last.font
    else font = (chain.find((f) => f.font.hasGlyphForCodePoint(cp)) ?? chain[0]!).name
    if (last !== undefined && last.font === font) last.text += ch
    else runs.push({font, text: ch})
  }
  return runs
}
