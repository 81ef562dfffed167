import {open, type FileHandle} from 'node:fs/promises'

/**
 * Sequential reads from a file with a small buffer, for formats that interleave short headers
 * with long payloads (the legacy `.backup`). Payloads are streamed with {@link chunks}, so
 * memory stays flat whatever their size.
 */
export class ByteReader {
  /** Bytes consumed so far. */
  position = 0
  private buffer: Buffer = Buffer.alloc(0)
  private offset = 0
  private fileOffset = 0
  private ended = false

  private constructor(
    private readonly handle: FileHandle,
    /** Size of the file in bytes. */
    readonly size: number,
    private readonly chunkBytes: number,
  ) {}

  /** Opens a file for reading. */
  static async open(path: string, chunkBytes = 1 << 20): Promise<ByteReader> {
    const handle = await open(path, 'r')
    const {size} = await handle.stat()
    return new ByteReader(handle, size, chunkBytes)
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.size - this.position
  }

  /** Reads exactly `length` bytes, or fewer when the file ends first (the caller checks). */
  async read(length: number): Promise<Buffer> {
    while (this.buffer.length - this.offset < length && !this.ended) await this.fill()
    const available = Math.min(length, this.buffer.length - this.offset)
    const out = this.buffer.subarray(this.offset, this.offset + available)
    this.offset += available
    this.position += available
    return out
  }

  /** Streams the next `length` bytes in chunks; ends early only when the file ends. */
  async *chunks(length: number): AsyncGenerator<Buffer> {
    let left = length
    while (left > 0) {
      if (this.offset >= this.buffer.length) {
        if (this.ended) return
        await this.fill()
        continue
      }
      const take = Math.min(left, this.buffer.length - this.offset)
      const out = this.buffer.subarray(this.offset, this.offset + take)
      this.offset += take
      this.position += take
      left -= take
      yield out
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close()
  }

  private async fill(): Promise<void> {
    const rest = this.buffer.subarray(this.offset)
    const next = Buffer.allocUnsafe(this.chunkBytes)
    const {bytesRead} = await this.handle.read(next, 0, this.chunkBytes, this.fileOffset)
    this.fileOffset += bytesRead
    if (bytesRead === 0) this.ended = true
    this.buffer = rest.length > 0 ? Buffer.concat([rest, next.subarray(0, bytesRead)]) : next.subarray(0, bytesRead)
    this.offset = 0
  }
}
