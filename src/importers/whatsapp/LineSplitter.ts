/**
 * Splits streamed text chunks into lines without per-line async work and without slicing: each
 * line is reported as a range of a buffer, so callers slice only what they keep (most lines of a
 * large export are looked at, not stored). A line may be split across chunks (the partial last
 * line is carried), the first chunk may start with a UTF-8 BOM (stripped; it appears once a user
 * re-saves the file in a Windows editor, fact sheet §1), and lines end in LF, CRLF (iOS
 * `_chat.txt`) or a lone CR.
 *
 * Lines are bounded (issue 14 §6): past {@link MAX_LINE_CHARS} a line is cut, its start kept, the
 * sink told, and the rest skipped without being held, so a file that is one 600 MiB line is read
 * with flat memory instead of failing with "RangeError: Invalid string length".
 */

/**
 * Longest line kept, in UTF-16 code units: four times WhatsApp's own limit on a message
 * (65,536 characters), so no real message line is ever cut.
 */
export const MAX_LINE_CHARS = 262_144

/** Receives lines: `buffer.slice(start, end)` is the line without its ending (`buffer` is only valid during the call); `lineNo` is 1-based. */
export interface LineSink {
  line(buffer: string, start: number, end: number, lineNo: number): void
  /**
   * Called just before `line()` for a line longer than {@link MAX_LINE_CHARS}: `length` is its
   * full length; `line()` then gets only its first MAX_LINE_CHARS code units.
   */
  cut?(lineNo: number, length: number): void
  /**
   * Called just before `line()` for a line after the first that starts with a byte-order mark
   * (removed from the line): several exports were joined into one file.
   */
  joined?(lineNo: number): void
}

const NEVER = (): boolean => false

export class LineSplitter {
  private carry = ''
  /** Code units of the carried line dropped past MAX_LINE_CHARS. */
  private carryDropped = 0
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
        this.appendCarry(chunk, 0, chunk.length)
        this.chunk = ''
        this.pos = 0
        return
      }
      this.appendCarry(chunk, 0, nl)
      const joined = this.carry
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
      else if (end - pos > MAX_LINE_CHARS || chunk.charCodeAt(pos) === 0xfeff) this.emit(chunk, pos, end)
      else this.sink.line(chunk, pos, end, ++this.lineNo)
      pos = nl + 1
      if (pause()) {
        this.pos = pos
        return true
      }
    }
    if (pos < chunk.length) this.appendCarry(chunk, pos, chunk.length)
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

  /**
   * Adds `s[from, to)` (no LF inside) to the carried partial line. Lone CRs inside end lines (old
   * Mac files have no LF at all), which are emitted now, so the carry only ever holds one partial
   * line, and that line is bounded: what exceeds MAX_LINE_CHARS is counted, not kept.
   */
  private appendCarry(s: string, from: number, to: number): void {
    if (from < to && this.carry.charCodeAt(this.carry.length - 1) === 13) {
      // The carried CR was not the first half of a CRLF after all: it ended a line.
      const line = this.carry.slice(0, -1)
      this.carry = ''
      const dropped = this.carryDropped
      this.carryDropped = 0
      this.emitCarried(line, dropped)
    }
    // A CR as the last unit may be the first half of a CRLF split between chunks: keep it.
    for (let cr = s.indexOf('\r', from); cr >= 0 && cr < to - 1; cr = s.indexOf('\r', from)) {
      const line = this.carry + s.slice(from, Math.min(cr, from + MAX_LINE_CHARS))
      const dropped = this.carryDropped + Math.max(0, cr - from - MAX_LINE_CHARS)
      this.carry = ''
      this.carryDropped = 0
      this.emitCarried(line, dropped)
      from = cr + 1
    }
    if (from >= to) return
    const room = MAX_LINE_CHARS - this.carry.length
    if (to - from <= room) {
      this.carry += s.slice(from, to)
    } else {
      if (room > 0) this.carry += s.slice(from, from + room)
      this.carryDropped += to - from - Math.max(room, 0)
    }
  }

  /** Emits one carried line whose `dropped` units past the bound were not kept. */
  private emitCarried(line: string, dropped: number): void {
    if (dropped === 0) return this.emit(line, 0, line.length)
    const lineNo = ++this.lineNo
    this.sink.cut?.(lineNo, line.length + dropped)
    this.lineTo(line, 0, Math.min(line.length, MAX_LINE_CHARS), lineNo)
  }

  /** Emits `text[start, end)` as one line, bounded, without its BOM. */
  private emit(text: string, start: number, end: number): void {
    const lineNo = ++this.lineNo
    const dropped = this.carryDropped
    this.carryDropped = 0
    if (end - start > MAX_LINE_CHARS || dropped > 0) {
      this.sink.cut?.(lineNo, end - start + dropped)
      if (end - start > MAX_LINE_CHARS) end = start + MAX_LINE_CHARS
    }
    this.lineTo(text, start, end, lineNo)
  }

  private lineTo(text: string, start: number, end: number, lineNo: number): void {
    if (start < end && text.charCodeAt(start) === 0xfeff) {
      // A BOM starting a later line: another export was appended to this one (issue 19 §4).
      start++
      if (lineNo > 1) this.sink.joined?.(lineNo)
    }
    this.sink.line(text, start, end, lineNo)
  }

  private emitWithCR(text: string, start: number, end: number): void {
    let s = start
    for (;;) {
      const cr = text.indexOf('\r', s)
      if (cr < 0 || cr >= end) break
      this.emit(text, s, cr)
      s = cr + 1
    }
    this.emit(text, s, end)
  }
}
