/**
 * A streaming JSON reader for Telegram's `result.json`, which reaches hundreds of MB for a full
 * account export: bytes go in by chunks, the values at chosen paths come out one by one and are
 * then dropped, so memory holds one message at a time, never the document.
 *
 * @streamparser/json is imported here only. It was chosen over stream-json (Node streams and
 * a pipeline of transforms per use) because it is a dependency-free, typed tokenizer plus token
 * parser driven by plain `write(bytes)` calls, reports the byte offset of every token (which is
 * how a chat's byte range is found, see TelegramDirectory), and with `keepStack: false` deletes
 * each emitted value from its parent.
 */
import {TokenParser, Tokenizer} from '@streamparser/json'
import {t} from '../../i18n/index.js'

/** Keys from the root to a value: object keys and array indexes (`['chats', 'list', 3]`). */
export type JsonPath = ReadonlyArray<string | number>

/** The structural tokens a scanner reports (for byte ranges), with their byte offset. */
export type JsonTokenKind = 'open-object' | 'close-object' | 'open-array' | 'close-array' | 'string' | 'comma' | 'colon' | 'scalar'

/** Why a document could not be read. */
export class JsonScanError extends Error {
  constructor(
    /** `truncated`: the document stops before its end; `invalid`: it is not JSON at some point. */
    readonly reason: 'truncated' | 'invalid',
    message: string,
    /** Byte offset (from the start of what was written) where it was noticed, when known. */
    readonly offset: number | null,
  ) {
    super(message)
    this.name = 'JsonScanError'
  }
}

// TokenType values of @streamparser/json (a const enum in its typings).
const U00 = new TextEncoder().encode('u00')

const KIND_OF_TOKEN: JsonTokenKind[] = ['open-object', 'close-object', 'open-array', 'close-array', 'colon', 'comma', 'scalar', 'scalar', 'scalar', 'string', 'scalar']

/**
 * Reads one JSON document from bytes written in order. `onValue` is called, synchronously
 * within `write`, for every value whose path matches one of `paths` (a subset of JSONPath:
 * `$.a.*.b`); an emitted value is removed from its parent, so a path must not be an ancestor of
 * another one (the ancestor would keep every descendant). `onToken` sees every token first.
 */
export class JsonScanner {
  readonly #tokenizer = new Tokenizer()
  readonly #parser: TokenParser
  #offset = 0
  /** A backslash ended the last chunk: the escaped character starts the next one. */
  #pendingEscape = false
  /** Bytes given to the tokenizer so far (after repairs). */
  #written = 0
  /** Repaired-stream offsets of each `\x` turned into `\u00` (2 bytes longer), in order. */
  readonly #insertions: number[] = []
  #passed = 0
  #sawToken = false
  #failure: JsonScanError | null = null

  constructor(
    paths: string[],
    onValue: (value: unknown, path: JsonPath) => void,
    onToken?: (kind: JsonTokenKind, offset: number, value: unknown) => void,
  ) {
    this.#parser = new TokenParser({paths, keepStack: false})
    this.#parser.onValue = ({value, key, stack}) => {
      const path: Array<string | number> = []
      for (let i = 1; i < stack.length; i++) path.push((stack[i] as {key: string | number}).key)
      if (key !== undefined) path.push(key)
      onValue(value, path)
    }
    this.#parser.onError = (error) => this.#fail('invalid', error.message)
    this.#parser.onEnd = () => {}
    this.#tokenizer.onToken = (token) => {
      this.#offset = this.#insertions.length === 0 ? token.offset : this.#rawOffset(token.offset)
      this.#sawToken = true
      onToken?.(KIND_OF_TOKEN[token.token] ?? 'scalar', this.#offset, token.value)
      // After the document's end, anything but whitespace is an error.
      if (this.#parser.isEnded) this.#fail('invalid', t('errors.telegram.json.afterEnd'))
      else this.#parser.write(token)
    }
    this.#tokenizer.onError = (error) => this.#fail('invalid', error.message)
    this.#tokenizer.onEnd = () => {}
  }

  /**
   * Feeds the next bytes.
   *
   * @throws JsonScanError `invalid` at the first byte that cannot continue a JSON document.
   */
  write(chunk: Uint8Array): void {
    this.#tokenizer.write(this.#repair(chunk))
    if (this.#failure) throw this.#failure
  }

  /**
   * tdesktop writes control characters other than \n, \r and \t as `\xHH` (SerializeString in
   * export_output_json.cpp), which JSON does not allow (RFC 8259 §7): each becomes `\u00HH`, the
   * same character. Offsets reported to `onToken` stay those of the bytes as written.
   */
  #repair(chunk: Uint8Array): Uint8Array {
    let positions: number[] | null = null
    let i = 0
    if (this.#pendingEscape && chunk.length > 0) {
      this.#pendingEscape = false
      if (chunk[0] === 0x78) (positions ??= []).push(0)
      i = 1
    }
    for (;;) {
      const slash = chunk.indexOf(0x5c, i)
      if (slash === -1) break
      if (slash + 1 >= chunk.length) {
        this.#pendingEscape = true
        break
      }
      if (chunk[slash + 1] === 0x78) (positions ??= []).push(slash + 1)
      // Skip the escaped character, which may be a backslash itself (`\\x` is not an escape).
      i = slash + 2
    }
    const base = this.#written
    this.#written += chunk.length + (positions === null ? 0 : positions.length * 2)
    if (positions === null) return chunk
    const repaired = new Uint8Array(chunk.length + positions.length * 2)
    let from = 0
    let to = 0
    for (const [index, position] of positions.entries()) {
      repaired.set(chunk.subarray(from, position), to)
      to += position - from
      repaired.set(U00, to)
      to += 3
      from = position + 1
      this.#insertions.push(base + position + index * 2)
    }
    repaired.set(chunk.subarray(from), to)
    return repaired
  }

  /** The offset in the bytes as written of an offset in the repaired stream (offsets come in order). */
  #rawOffset(offset: number): number {
    while (this.#passed < this.#insertions.length && (this.#insertions[this.#passed] as number) < offset) this.#passed++
    return offset - this.#passed * 2
  }

  /**
   * Says the input is over.
   *
   * @throws JsonScanError `truncated` when the document is not complete, `invalid` when empty.
   */
  end(): void {
    if (this.#failure) throw this.#failure
    if (!this.#parser.isEnded) {
      const started = this.#sawToken
      throw new JsonScanError(started ? 'truncated' : 'invalid', started ? t('errors.telegram.json.stopsEarly') : t('errors.telegram.json.empty'), this.#offset)
    }
    this.#tokenizer.end()
    if (this.#failure) throw this.#failure
  }

  #fail(reason: 'truncated' | 'invalid', message: string): void {
    if (this.#failure === null) this.#failure = new JsonScanError(reason, message, this.#offset)
  }
}
