import {createReadStream} from 'node:fs'

/**
 * Streaming text input for importers: files are read as UTF-8 text in large chunks, never as one
 * string. A single JS string is capped at ~512 MiB on Node 20 and exports of merged histories can
 * be larger (see the WhatsApp fact sheet §15.7), so the parser consumes chunks and keeps only the
 * current line.
 */

/** Size of the reads (and of the decoded chunks). */
// 64 KiB: measured (bench --chunk-bytes) as fast as 1 MiB, with peak RSS 75 MB instead of 133 MB
// on 1M messages: 1 MiB strings land in V8's large-object space, freed only by full GCs.
export const TEXT_CHUNK_BYTES = 64 * 1024

/**
 * Streams a file as decoded UTF-8 text chunks of about {@link TEXT_CHUNK_BYTES}. Memory stays at a
 * few chunks whatever the file size. Invalid UTF-8 becomes U+FFFD (the decoder is not fatal: one
 * bad byte in a chat must not lose the chat), a leading BOM is removed, and a multi-byte character
 * split between two reads is decoded whole.
 *
 * Fails with the file system's error (ENOENT, EISDIR, EACCES) on the first iteration; callers that
 * know the context turn it into a UserError.
 */
export async function* readTextChunks(path: string): AsyncGenerator<string> {
  yield* textChunksFromBytes(createReadStream(path, {highWaterMark: TEXT_CHUNK_BYTES}) as AsyncIterable<Uint8Array>)
}

/**
 * Decodes a stream of bytes (e.g. a .zip entry being inflated) into UTF-8 text chunks. Small
 * byte chunks are gathered until about {@link TEXT_CHUNK_BYTES} before decoding, so a consumer sees
 * few large strings even when the source yields 16 KiB pieces. Same decoding rules as
 * {@link readTextChunks}; errors of the source are passed through.
 */
export async function* textChunksFromBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', {fatal: false})
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  for await (const bytes of source) {
    if (bytes.length === 0) continue
    pending.push(bytes)
    pendingBytes += bytes.length
    if (pendingBytes >= TEXT_CHUNK_BYTES) {
      const text = decoder.decode(joinBytes(pending, pendingBytes), {stream: true})
      pending = []
      pendingBytes = 0
      if (text.length > 0) yield text
    }
  }
  const text = decoder.decode(joinBytes(pending, pendingBytes))
  if (text.length > 0) yield text
}

/** Concatenates byte chunks; a single chunk is returned as is (no copy). */
function joinBytes(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/** How many bytes {@link looksLikeText} wants to see (more are ignored). */
export const SNIFF_BYTES = 8192

/**
 * Signatures of binary formats people pick by mistake instead of the chat text: a PDF "export",
 * a photo, a voice note, a backup database, an archive. Checked first because some of them (an
 * MP3's ID3 header, a PDF's first kilobyte) can pass as text on bytes alone.
 */
const BINARY_SIGNATURES: ReadonlyArray<{offset: number; bytes: number[]}> = [
  {offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d]}, // %PDF-
  {offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04]}, // zip local file header
  {offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06]}, // empty zip
  {offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47]}, // PNG
  {offset: 0, bytes: [0xff, 0xd8, 0xff]}, // JPEG
  {offset: 0, bytes: [0x47, 0x49, 0x46, 0x38]}, // GIF8
  {offset: 0, bytes: [0x52, 0x49, 0x46, 0x46]}, // RIFF (WebP, WAV, AVI)
  {offset: 0, bytes: [0x4f, 0x67, 0x67, 0x53]}, // OggS (WhatsApp voice notes)
  {offset: 0, bytes: [0x49, 0x44, 0x33]}, // ID3 (MP3)
  {offset: 4, bytes: [0x66, 0x74, 0x79, 0x70]}, // ....ftyp (MP4, MOV, HEIC, M4A)
  {offset: 0, bytes: [0x1f, 0x8b]}, // gzip
  {offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf]}, // 7z
  {offset: 0, bytes: [0x52, 0x61, 0x72, 0x21]}, // Rar!
  {offset: 0, bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65]}, // SQLite (msgstore.db)
  {offset: 0, bytes: [0xff, 0xfe]}, // UTF-16 LE BOM: text, but not what WhatsApp writes
  {offset: 0, bytes: [0xfe, 0xff]}, // UTF-16 BE BOM
]

/**
 * A cheap sniff of a file's first bytes (up to {@link SNIFF_BYTES}): false for known binary
 * formats, for content with NUL bytes or many control characters, and for bytes that are mostly
 * not UTF-8. Also false for an empty sample (nothing to judge; callers report "empty file").
 * It only rejects early and clearly; the parser decides whether text is really an export.
 */
export function looksLikeText(firstBytes: Uint8Array): boolean {
  const sample = firstBytes.length > SNIFF_BYTES ? firstBytes.subarray(0, SNIFF_BYTES) : firstBytes
  if (sample.length === 0) return false
  for (const signature of BINARY_SIGNATURES) {
    if (startsWithAt(sample, signature.offset, signature.bytes)) return false
  }
  let control = 0
  for (const byte of sample) {
    if (byte === 0) return false
    // Tab, LF, VT, FF, CR and ESC occur in text; other C0 controls and DEL do not.
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) {
      control++
    }
  }
  if (control * 100 > sample.length) return false
  // The sample may end inside a multi-byte character; the decoder then emits one U+FFFD at the end.
  const decoded = new TextDecoder('utf-8', {fatal: false}).decode(sample)
  let replaced = 0
  for (const char of decoded) if (char === '\uFFFD') replaced++
  return replaced * 10 <= decoded.length
}

function startsWithAt(bytes: Uint8Array, offset: number, signature: number[]): boolean {
  if (bytes.length < offset + signature.length) return false
  return signature.every((value, i) => bytes[offset + i] === value)
}
