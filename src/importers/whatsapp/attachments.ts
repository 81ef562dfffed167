/**
 * Attachment references in message bodies (fact sheet §9):
 * - Android: first line `NAME (file attached)`, label localized (`(fichier joint)`, `(Datei angehängt)`…);
 * - iOS: `<attached: NAME>` with any label (`<Anhang: …>`, `<pièce jointe : …>`), possibly after
 *   document info (`Doc.pdf • 2 pages <attached: 00000047-Doc.pdf>`);
 * - iOS Turkish `<NAME eklendi>`; old iOS `NAME <attached>`.
 */
import type {Attachment} from '../../model/types.js'

/** Words of Android's localized "(file attached)" labels (WhatsApp string `email_file_attached`). */
const ANDROID_LABEL =
  /attach|angehängt|joint|adjunt|anexad|allegat|bijgevoegd|добавлен|прикреп|첨부|مرفق|lampir|ekli|připoj|priložen|załącz|bifog|vedhæft|vedlag|liite|csatol|ataşat|επισυν|添付|附件|מצורף|đính kèm|แนบ|संलग्न/i
const ANDROID_ATTACHMENT = /^(.+?) \(([^()]{2,40})\)$/
const IOS_ATTACHMENT = /<([^<>:]{1,40}):\s?([^<>]+)>/
const IOS_TURKISH = /<([^<>]+) eklendi>/
const IOS_OLD = /^(.+?) <attached>$/
/** A file name ends with an extension: `IMG-20230104-WA0001.jpg`, `My notes.txt`, `4f26….jpg`. */
const HAS_EXTENSION = /\.[^\s.]{1,10}$/

/** A file referenced by a body: the name and whether the reference form is certain. */
export interface AttachmentReference {
  /** The file name as written. */
  name: string
  /** True when the marker is a known attachment label (not just "something in parentheses"). */
  labelled: boolean
}

/**
 * The attachment a message's first line references, or null. `firstLine` must already be free of
 * bidi controls and trimmed.
 */
export function findAttachmentReference(firstLine: string): AttachmentReference | null {
  const last = firstLine.charCodeAt(firstLine.length - 1)
  if (last === 0x29 /* ) */) {
    const m = ANDROID_ATTACHMENT.exec(firstLine)
    if (m) {
      const name = (m[1] ?? '').trim()
      if (HAS_EXTENSION.test(name)) return {name, labelled: ANDROID_LABEL.test(m[2] ?? '')}
    }
    return null
  }
  if (firstLine.indexOf('<') < 0) return null
  const ios = IOS_ATTACHMENT.exec(firstLine)
  if (ios) {
    const name = (ios[2] ?? '').trim()
    if (name.length > 0 && HAS_EXTENSION.test(name)) return {name, labelled: true}
  }
  const tr = IOS_TURKISH.exec(firstLine)
  if (tr) {
    const name = (tr[1] ?? '').trim()
    if (HAS_EXTENSION.test(name)) return {name, labelled: true}
  }
  const old = IOS_OLD.exec(firstLine)
  if (old) {
    const name = (old[1] ?? '').trim()
    if (HAS_EXTENSION.test(name)) return {name, labelled: true}
  }
  return null
}

/**
 * Whether a reference counts: with an entry list (`hasFile`) only names it holds; without one,
 * any reference with a known label.
 */
export function confirmAttachment(ref: AttachmentReference, hasFile?: (name: string) => boolean): boolean {
  return hasFile ? hasFile(ref.name) : ref.labelled
}

/** Media types by extension (the kinds WhatsApp exports carry). */
const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  mov: 'video/quicktime',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  vcf: 'text/vcard',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
}

/** The media type of a file name from its extension, or null when unknown. */
export function mediaTypeOf(name: string): string | null {
  const dot = name.lastIndexOf('.')
  if (dot < 0) return null
  return MEDIA_TYPES[name.slice(dot + 1).toLowerCase()] ?? null
}

/** The model Attachment for a referenced name (size, hash and stored path are filled by the importer later). */
export function attachmentFor(name: string): Attachment {
  return {name, mediaType: mediaTypeOf(name), size: null, sha256: null, storedPath: null}
}
