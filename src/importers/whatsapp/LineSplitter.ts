/**
 * Splits streamed text chunks into lines without per-line async work: a line may be split across
 * chunks (the partial last line is carried), the first chunk may start with a UTF-8 BOM (stripped;
 * it appears once a user re-saves the file in a Windows editor, fact sheet §1), and lines end in
 * LF, CRLF (iOS `_chat.txt`) or a lone CR.
 */
export class LineSplitter {
  private carry = ''
  private lineNo = 0
  private first = true

  /** @param onLine called synchronously with each line (without its line ending) and its 1-based number. */
  constructor(private readonly onLine: (line: string, lineNo: number) => void) {}

  /** Feeds one chunk. */
  push(chunk: string): void {
    if (this.first && chunk.length > 0) {
      this.first = false
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    const text = this.carry.length > 0 ? this.carry + chunk : chunk
    // Lone CRs (old Mac line endings) are rare: look for them once per chunk, not per line.
    const loneCR = text.indexOf('\r') >= 0 && /\r(?!\n)[\s\S]/.test(text)
    let pos = 0
    for (;;) {
      const nl = text.indexOf('\n', pos)
      if (nl < 0) break
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      if (loneCR) this.emitWithCR(text.slice(pos, end))
      else this.onLine(text.slice(pos, end), ++this.lineNo)
      pos = nl + 1
    }
    this.carry = pos === 0 ? text : text.slice(pos)
  }

  /** Flushes the last line (files may lack a final newline). */
  end(): void {
    let rest = this.carry
    this.carry = ''
    if (rest.length === 0) return
    if (rest.charCodeAt(rest.length - 1) === 13) rest = rest.slice(0, -1)
    this.emitWithCR(rest)
  }

  private emitWithCR(line: string): void {
    if (line.indexOf('\r') < 0) {
      this.onLine(line, ++this.lineNo)
      return
    }
    for (const part of line.split('\r')) this.onLine(part, ++this.lineNo)
  }
}
