/**
 * The entry names listed in a zip's central directory (APPNOTE.TXT §4.3.12, §4.3.16, zip64
 * §4.3.14–15), every one, duplicates included: jszip keeps one entry per name (the last), so an
 * archive listing `_chat.txt` twice would silently import whichever came last (issue 14). Names are
 * returned as raw bytes in latin1 (one char per byte), enough to compare them; null when the
 * directory cannot be found (jszip then reports the archive itself).
 */
export function centralDirectoryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const EOCD = 0x06054b50
  let eocd = -1
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd === -1) return null
  let count = view.getUint16(eocd + 10, true)
  let size = view.getUint32(eocd + 12, true)
  let end = eocd
  if (count === 0xffff || size === 0xffffffff || view.getUint32(eocd + 16, true) === 0xffffffff) {
    // zip64: the locator just before the end record points to the zip64 end record.
    const locator = eocd - 20
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) return null
    const record = Number(view.getBigUint64(locator + 8, true))
    if (!Number.isSafeInteger(record) || record + 56 > bytes.byteLength || view.getUint32(record, true) !== 0x06064b50) return null
    count = Number(view.getBigUint64(record + 32, true))
    size = Number(view.getBigUint64(record + 40, true))
    end = record
  }
  // Measured back from the end record, so data prepended to the archive does not matter.
  let offset = end - size
  if (offset < 0) return null
  const names: string[] = []
  for (let n = 0; n < count; n++) {
    if (offset + 46 > end || view.getUint32(offset, true) !== 0x02014b50) return null
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    if (offset + 46 + nameLength > end) return null
    names.push(Buffer.from(bytes.buffer, bytes.byteOffset + offset + 46, nameLength).toString('latin1'))
    offset += 46 + nameLength + extraLength + commentLength
  }
  return names
}

/** The first name listed twice in the central directory (decoded as UTF-8), or null. */
export function duplicateEntryName(bytes: Uint8Array): string | null {
  const names = centralDirectoryNames(bytes)
  if (names === null) return null
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) return Buffer.from(name, 'latin1').toString('utf8')
    seen.add(name)
  }
  return null
}
