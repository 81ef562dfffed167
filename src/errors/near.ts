/** What a person may have meant: the nearest of the names a command, a flag or a contact could have (for "did you mean" suggestions). */
import leven from 'leven'

/**
 * The candidates nearest to what a person typed, for "did you mean …?" (a mistyped command,
 * flag or contact name). Compared case-folded and without accents ("Mamy" finds "Mamie",
 * "chat" finds "chats"); a candidate starting with the input also counts as near ("hist" →
 * "history export"). At most `limit` of the nearest (ties in name order); none when nothing is
 * close enough (an edit distance of about a third of the word, at least 1, at most 3). With
 * `words` (people's names), each word of a candidate counts too, and two edits are allowed.
 */
export function nearest(input: string, candidates: Iterable<string>, options: {limit?: number; words?: boolean} = {}): string[] {
  const limit = options.limit ?? 3
  const typed = fold(input)
  if (typed === '') return []
  const scored: Array<{candidate: string; distance: number}> = []
  const seen = new Set<string>()
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue
    seen.add(candidate)
    const folded = fold(candidate)
    // What was typed itself is no suggestion; the same name but for case or accents is the best one.
    if (candidate === input) continue
    let distance = folded.startsWith(typed) && typed.length >= 3 ? 1 : leven(typed, folded)
    let allowed = Math.min(3, Math.max(1, Math.floor(Math.max(typed.length, folded.length) / 3)))
    if (options.words === true) {
      // A person's name: "Mamy" is near "Mamie Jeanne" by its first word; names allow two edits.
      for (const word of folded.split(/\s+/)) if (word !== folded) distance = Math.min(distance, leven(typed, word))
      allowed = Math.max(allowed, 2)
    }
    if (distance <= allowed) scored.push({candidate, distance})
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
  // Only the nearest: "contacts sett" is "contacts set", not also "contacts me".
  const best = scored[0]?.distance
  return scored
    .filter((s) => s.distance === best)
    .slice(0, limit)
    .map((s) => s.candidate)
}

/** Lower case, accents dropped, `~ ` (WhatsApp's mark of a name not in the phone's book) and spaces trimmed. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/^~\s*/, '')
    .trim()
    .toLowerCase()
}
