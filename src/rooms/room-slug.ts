/**
 * Room local parts from group titles: "Famille 🏡 Dupont" → `famille-dupont`.
 *
 * A room address is `<local>@<muc service>`; its local part must be a valid JID localpart
 * (RFC 7622 §3.3) and people read it in invitations, so it is kept to plain ASCII letters,
 * digits and `-`: NFKD splits accented letters into a base letter and marks (é → e + ◌́),
 * the marks are dropped, and the letters NFKD leaves whole (ß, æ, ø, Cyrillic, Greek) go
 * through {@link TRANSLITERATION}. Everything else (emoji, punctuation, CJK) separates words.
 */

/** Letters NFKD does not decompose into ASCII, lowercase (the title is lowercased first). */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŋ: 'ng', ħ: 'h', ŧ: 't', ĸ: 'k', ſ: 's',
  // Cyrillic (Russian, Ukrainian, Bulgarian, Serbian), a simple scientific-like scheme.
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', ђ: 'dj', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi', й: 'y',
  ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'c', у: 'u', ў: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', џ: 'dz', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Greek (after NFKD has removed the tonos).
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p',
  ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
}

/** Longest local part produced (before a `-N` suffix): long enough to read, short enough to type. */
export const MAX_SLUG_LENGTH = 48

/**
 * The room local part for a group title: ASCII lowercase words joined by `-`, or `''` when
 * nothing readable is left (an all-emoji or CJK title; the caller falls back, see
 * {@link roomLocalPart}). Cut at a word boundary to {@link MAX_SLUG_LENGTH} characters.
 */
export function slugifyTitle(title: string): string {
  const lower = title.normalize('NFKD').toLowerCase()
  let ascii = ''
  for (const char of lower) {
    if (/\p{M}/u.test(char)) continue
    ascii += TRANSLITERATION[char] ?? char
  }
  // A second NFKD: transliterations never produce marks, but decomposed letters inside the
  // table's output would (none today); cheap insurance.
  const words = ascii.normalize('NFKD').split(/[^a-z0-9]+/).filter((w) => w !== '')
  let slug = ''
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`
    if (next.length > MAX_SLUG_LENGTH) {
      if (slug === '') slug = word.slice(0, MAX_SLUG_LENGTH)
      break
    }
    slug = next
  }
  return slug
}

/** The base local part of a chat's room: the title's slug, else `group-<chatId>`. */
export function roomLocalPart(title: string, chatId: number): string {
  const slug = slugifyTitle(title)
  return slug === '' ? `group-${chatId}` : slug
}

/**
 * The n-th candidate address for a base local part: n = 1 is the base itself, then `-2`,
 * `-3`, … (collisions with planned or existing rooms).
 */
export function candidateAddress(base: string, n: number, mucService: string): string {
  return `${n <= 1 ? base : `${base}-${n}`}@${mucService}`
}
