import {open, type FileHandle} from 'node:fs/promises'

/**
 * Sequential reads from a file through one fixed buffer, for formats that interleave short
 * headers with long payloads (the legacy `.backup`). Payloads are streamed with {@link chunks}
 * through the same buffer, so memory stays flat (and garbage-free) whatever their size.
 */
export class ByteReader {
  /** Bytes consumed so far. */
  position = 0
  private readonly buffer: Buffer
  private start = 0
  private end = 0
  private fileOffset = 0
  private ended = false

  private constructor(
    private readonly handle: FileHandle,
    /** Size of the file in bytes. */
    readonly size: number,
    bufferBytes: number,
  ) {
    this.buffer = Buffer.alloc(bufferBytes)
  }

  /** Opens a file for reading, from its start or from byte `start`. */
  static async open(path: string, options: {bufferBytes?: number; start?: number} = {}): Promise<ByteReader> {
    const handle = await open(path, 'r')
    const {size} = await handle.stat()
    const reader = new ByteReader(handle, size, options.bufferBytes ?? 1 << 20)
    reader.fileOffset = reader.position = Math.min(options.start ?? 0, size)
    return reader
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.size - this.position
  }

  /**
   * Reads exactly `length` bytes into a new Buffer, or fewer when the file ends first (the
   * caller checks). For headers and frames; use {@link chunks} for payloads.
   */
  async read(length: number): Promise<Buffer> {
    const out = Buffer.alloc(length)
    let filled = 0
    while (filled < length) {
      if (this.start === this.end) {
        if (this.ended) break
        await this.fill()
        continue
      }
      const take = Math.min(length - filled, this.end - this.start)
      this.buffer.copy(out, filled, this.start, this.start + take)
      this.start += take
      filled += take
    }
    this.position += filled
    return filled === length ? out : out.subarray(0, filled)
  }

  /**
   * Streams the next `length` bytes; ends early only when the file ends. Each chunk is a view
   * of the internal buffer, valid until the next call on this reader.
   */
  async *chunks(length: number): AsyncGenerator<Buffer> {
    let left = length
    while (left > 0) {
      if (this.start === this.end) {
        if (this.ended) return
        await this.fill()
        continue
      }
      const take = Math.min(left, this.end - this.start)
      const out = this.buffer.subarray(this.start, this.start + take)
      this.start += take
      this.position += take
      left -= take
      yield out
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close()
  }

  /** Refills the (empty) buffer from the file. */
  private async fill(): Promise<void> {
    const {bytesRead} = await this.handle.read(this.buffer, 0, this.buffer.length, this.fileOffset)
    this.fileOffset += bytesRead
    this.start = 0
    this.end = bytesRead
    if (bytesRead === 0) this.ended = true
  }
}
