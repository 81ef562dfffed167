import type {Attachment} from '../model/types.js'

/** How the archive shows an attached file. */
export type MediaShape = 'image' | 'audio' | 'video' | 'document'

const EXTENSION_SHAPES: Record<string, MediaShape> = {
  jpg: 'image', jpeg: 'image', png: 'image', gif: 'image', webp: 'image', heic: 'image', bmp: 'image',
  mp3: 'audio', m4a: 'audio', aac: 'audio', ogg: 'audio', opus: 'audio', wav: 'audio', amr: 'audio',
  mp4: 'video', mov: 'video', webm: 'video', '3gp': 'video', mkv: 'video',
}

/** The file-name extension of an attachment, lower case, letters and digits only (else ''). */
export function safeExtension(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name)
  return match ? (match[1] ?? '').toLowerCase() : ''
}

/** How to show an attachment: by its media type when known, else by its extension. */
export function mediaShape(attachment: Pick<Attachment, 'name' | 'mediaType'>): MediaShape {
  const type = attachment.mediaType?.toLowerCase() ?? ''
  // HEIC is image/heic but browsers other than Safari cannot show it: a link, not an <img>.
  if (type.startsWith('image/') && type !== 'image/heic') return 'image'
  if (type.startsWith('audio/')) return 'audio'
  if (type.startsWith('video/')) return 'video'
  if (type !== '') return 'document'
  const shape = EXTENSION_SHAPES[safeExtension(attachment.name)] ?? 'document'
  return shape === 'image' && safeExtension(attachment.name) === 'heic' ? 'document' : shape
}

/**
 * The name of a stored file inside the archive's `media/` folder: its SHA-256 (never a name
 * from the export, which could hold `../` or control characters) plus its extension so that
 * browsers and file managers open it. Null when the file was not stored.
 */
export function exportedMediaName(attachment: Pick<Attachment, 'name' | 'sha256' | 'storedPath'>): string | null {
  if (attachment.storedPath === null) return null
  const hash = attachment.sha256 ?? attachment.storedPath.split('/').at(-1) ?? ''
  if (!/^[0-9a-f]{16,128}$/.test(hash)) return null
  const ext = safeExtension(attachment.name)
  return ext === '' ? hash : `${hash}.${ext}`
}
