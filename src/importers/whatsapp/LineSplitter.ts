/**
 * Splits streamed text chunks into lines without per-line async work and without slicing: each
 * line is reported as a range of a buffer, so callers slice only what they keep (most lines of a
 * large export are looked at, not stored). A line may be split across chunks (the partial last
 * line is carried), the first chunk may start with a UTF-8 BOM (stripped; it appears once a user
 * re-saves the file in a Windows editor, fact sheet §1), and lines end in LF, CRLF (iOS
 * `_chat.txt`) or a lone CR.
 */
/** Receives lines: `buffer.slice(start, end)` is the line without its ending (`buffer` is only valid during the call); `lineNo` is 1-based. */
export interface LineSink {
  line(buffer: string, start: number, end: number, lineNo: number): void
}

const NEVER = (): boolean => false

export class LineSplitter {
  private carry = ''
  private lineNo = 0
  private first = true

  /**
   * @param sink called synchronously for each line: `buffer.slice(start, end)` is the line
   * without its ending (`buffer` is only valid during the call); `lineNo` is 1-based.
   */
  constructor(private readonly sink: LineSink) {}

  private chunk = ''
  private pos = 0
  private loneCR = false

  /** Feeds one chunk and emits all its complete lines. */
  push(chunk: string): void {
    this.begin(chunk)
    this.resume(NEVER)
  }

  /**
   * Starts reading a chunk step by step: call resume() until it returns false. Lets a consumer
   * hand out results every few hundred lines, so they die young instead of piling up per chunk.
   */
  begin(chunk: string): void {
    if (this.first && chunk.length > 0) {
      this.first = false
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    let pos = 0
    if (this.carry.length > 0) {
      // Only the carried partial line is joined to the chunk's first line: concatenating whole
      // chunks would copy every chunk once more (megabytes in large-object space).
      const nl = chunk.indexOf('\n')
      if (nl < 0) {
        this.carry += chunk
        this.chunk = ''
        this.pos = 0
        return
      }
      const joined = this.carry + chunk.slice(0, nl)
      this.carry = ''
      this.emitWithCR(joined, 0, joined.charCodeAt(joined.length - 1) === 13 ? joined.length - 1 : joined.length)
      pos = nl + 1
    }
    this.chunk = chunk
    this.pos = pos
    // Lone CRs (old Mac line endings) are rare: look for them once per chunk, not per line.
    this.loneCR = chunk.indexOf('\r', pos) >= 0 && /\r(?!\n)[\s\S]/.test(chunk)
  }

  /**
   * Emits lines of the current chunk until `pause()` returns true after a line (returns true:
   * more lines may remain) or the chunk is done (returns false; its partial last line is carried).
   */
  resume(pause: () => boolean): boolean {
    const chunk = this.chunk
    let pos = this.pos
    for (;;) {
      const nl = chunk.indexOf('\n', pos)
      if (nl < 0) break
      const end = nl > pos && chunk.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      if (this.loneCR) this.emitWithCR(chunk, pos, end)
      else this.sink.line(chunk, pos, end, ++this.lineNo)
      pos = nl + 1
      if (pause()) {
        this.pos = pos
        return true
      }
    }
    if (pos < chunk.length) this.carry = chunk.slice(pos)
    this.chunk = ''
    this.pos = 0
    return false
  }

  /** Flushes the last line (files may lack a final newline). */
  end(): void {
    const rest = this.carry
    this.carry = ''
    if (rest.length === 0) return
    const end = rest.charCodeAt(rest.length - 1) === 13 ? rest.length - 1 : rest.length
    this.emitWithCR(rest, 0, end)
  }

  private emitWithCR(text: string, start: number, end: number): void {
    let s = start
    for (;;) {
      const cr = text.indexOf('\r', s)
      if (cr < 0 || cr >= end) break
      this.sink.line(text, s, cr, ++this.lineNo)
      s = cr + 1
    }
    this.sink.line(text, s, end, ++this.lineNo)
  }
}
