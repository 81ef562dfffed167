/**
 * What pass 1 learned about the sender labels of an export, applied by pass 2 to the lines whose
 * reading depends on the whole file: an iOS line `Label: ‎body` whose marked body is neither a
 * known placeholder nor a known event (issue 19 §1). The default favours the person: such a line
 * is the label's message unless the label is a pseudo-sender (the group's own name, or a label that
 * only ever carried WhatsApp's events) and the body was not seen under other people's names.
 */

/** The facts pass 1 hands to pass 2 (JSON-serializable, part of WhatsAppAnalysis). */
export interface SenderFacts {
  /** Labels seen writing: at least one line under them is certainly a person's (text, attachment, known placeholder). */
  writers: string[]
  /** Labels that never wrote and are the chat's own name: the container's name, or the label of the encryption notice. */
  pseudoSenders: string[]
  /** Marked bodies (bidi-free, trimmed) seen under several labels: placeholders WhatsApp writes in people's slots. */
  placeholders: string[]
}

/** Longest marked body remembered as a possible placeholder (placeholders are short). */
export const MAX_PLACEHOLDER_CHARS = 200

/** The decisions of pass 2, from the facts of pass 1. */
export class SenderRules {
  private readonly writers: Set<string>
  private readonly pseudo: Set<string>
  private readonly placeholders: Set<string>

  constructor(facts: SenderFacts) {
    this.writers = new Set(facts.writers)
    this.pseudo = new Set(facts.pseudoSenders)
    this.placeholders = new Set(facts.placeholders)
  }

  /** True when the label wrote at least one message that is certainly a person's. */
  wrote(label: string): boolean {
    return this.writers.has(label)
  }

  /**
   * True when a marked body of unknown wording under `label` is that person's placeholder, false
   * when it is an event of a pseudo-sender. `body` is the first line, bidi-free and trimmed.
   */
  isPerson(label: string, body: string): boolean {
    return decidePerson(this.writers, this.pseudo, this.placeholders, label, body)
  }
}

/** The one rule both passes apply (pass 1 at its end, pass 2 per line). */
export function decidePerson(writers: ReadonlySet<string>, pseudo: ReadonlySet<string>, placeholders: ReadonlySet<string>, label: string, body: string): boolean {
  if (writers.has(label)) return true
  if (body.length <= MAX_PLACEHOLDER_CHARS && placeholders.has(body)) return true
  return !pseudo.has(label)
}
