import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'

/**
 * Splits a stream of varint-length-delimited protobuf messages (the backup v2 frame stream,
 * fact sheet §2.1; protobuf "writeDelimitedTo") into messages, holding at most one message
 * plus one chunk in memory.
 *
 * @throws UserError SIGNAL_BACKUP_TRUNCATED when the stream ends inside a message, and
 *   SIGNAL_BACKUP_CORRUPT when a length is absurd (over `maxMessageBytes`).
 */
export async function* readDelimited(chunks: AsyncIterable<Uint8Array>, maxMessageBytes = 256 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  let buffer: Buffer = Buffer.alloc(0)
  let offset = 0
  for await (const chunk of chunks) {
    buffer = offset < buffer.length ? Buffer.concat([buffer.subarray(offset), chunk]) : Buffer.from(chunk)
    offset = 0
    for (;;) {
      const header = readVarint(buffer, offset)
      if (header === null) break
      const [length, headerBytes] = header
      if (length > maxMessageBytes) {
        throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.frameTooLarge', {bytes: String(length)}))
      }
      if (buffer.length - offset - headerBytes < length) break
      const start = offset + headerBytes
      yield buffer.subarray(start, start + length)
      offset = start + length
    }
  }
  if (offset < buffer.length) {
    throw new UserError('SIGNAL_BACKUP_TRUNCATED', t('errors.signal.endsMidFrame'), {
      suggestions: [t('errors.signal.copyAgain')],
    })
  }
}

/** [value, byte count] of the varint at `offset`, or null when the buffer ends first. */
function readVarint(buffer: Uint8Array, offset: number): [number, number] | null {
  let value = 0
  let factor = 1
  for (let i = 0; i < 10; i++) {
    const byte = buffer[offset + i]
    if (byte === undefined) return null
    value += (byte & 0x7f) * factor
    if ((byte & 0x80) === 0) return [value, i + 1]
    factor *= 128
  }
  throw new UserError('SIGNAL_BACKUP_CORRUPT', t('errors.signal.badFrameLength'))
}
