import {randomInt} from 'node:crypto'

// Lower-case letters and digits without look-alikes (0/o, 1/l/i): easy to read aloud and to
// type on a phone keyboard, which is how a family member will enter it if the QR code fails.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/**
 * A strong random password: 5 groups of 5 characters from a 31-letter alphabet, joined by `-`
 * (25 × log2(31) ≈ 124 bits), from the OS's CSPRNG.
 */
export function generatePassword(groups = 5, groupLength = 5): string {
  const parts: string[] = []
  for (let g = 0; g < groups; g++) {
    let part = ''
    for (let i = 0; i < groupLength; i++) part += ALPHABET[randomInt(ALPHABET.length)]
    parts.push(part)
  }
  return parts.join('-')
}
