/**
 * Media types (RFC 6838 names, as registered with IANA) of the files WhatsApp exports carry:
 * photos, videos, voice notes (`PTT-….opus`, iOS `…-AUDIO-….opus`), stickers (`.webp`), contact
 * cards (`.vcf`) and shared documents. XMPP file transfer (XEP-0363 HTTP File Upload) sends the
 * type along with the file, so knowing it up front lets later steps upload without sniffing.
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  opus: 'audio/ogg', // WhatsApp voice notes: Opus in an Ogg container (RFC 7845)
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  wav: 'audio/wav',
  flac: 'audio/flac',
  vcf: 'text/vcard',
  txt: 'text/plain',
  csv: 'text/csv',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  rtf: 'application/rtf',
  zip: 'application/zip',
  apk: 'application/vnd.android.package-archive',
  ics: 'text/calendar',
}

/**
 * The media type of a file from its name's extension (case-insensitive), e.g.
 * `PTT-20240101-WA0002.opus` → `audio/ogg`, `00000042-Maman.vcf` → `text/vcard`; null when the
 * extension is unknown or absent.
 */
export function mediaTypeFromName(name: string): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/u.exec(name.trim())
  if (match === null) return null
  return BY_EXTENSION[(match[1] as string).toLowerCase()] ?? null
}
