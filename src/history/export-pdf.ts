/**
 * The history as PDF documents that open in one tap on a phone: XMPP clients show a PDF as a
 * file and open it in the phone's viewer (Conversations previews its first page), and both test
 * servers serve `application/pdf` (Prosody 0.12 and ejabberd send it as an attachment: a phone
 * browser downloads it and opens it in its viewer). A5 pages, one column, the photos inside, the
 * person's own messages on the right in green, like the apps they come from.
 *
 * A big chat is cut into parts a phone opens comfortably (a number of messages and a size, set
 * by the caller from the server's upload limit), planned first so every part knows "2 of 5".
 */
import {closeSync, openSync, readSync, statSync} from 'node:fs'

import PDFDocument from 'pdfkit'

import {intlLocale, tr} from '../i18n/index.js'
import type {Store, StoredChatWithParticipants, StoredMessage} from '../store/index.js'
import {asciiSlug} from '../ui/slug.js'
import type {Workspace} from '../workspace.js'
import {senderColour, SENDER_COLOURS} from './html-text.js'
import {labelsFor, type HistoryLabels, type HistoryLanguage} from './labels.js'
import {mediaShape} from './media-files.js'
import {isEdited, openStreetMapUrl, ownAuthorTest, shownContent, splitLinks} from './message-content.js'
import {MessageClock} from './message-time.js'
import {fontChains, fontRuns, type FontWeight} from './pdf-fonts.js'

/** Messages in one part when the caller does not say (about 250 A5 pages of text, which phone viewers open at once). */
export const DEFAULT_PART_MESSAGES = 3000
/** Bytes of one part when the caller does not say: light enough for a phone on mobile data. */
export const DEFAULT_PART_BYTES = 8_000_000

/** Options of the PDF documents. */
export interface PdfOptions {
  /** Language of the labels and dates. */
  language: HistoryLanguage
  /** IANA zone in which instants (Signal dates) are shown; the system's when undefined. */
  timeZone?: string
  /** Labels of the person themself: their messages are set apart (right, green). */
  meLabels?: readonly string[]
  /** Most messages in a part (default DEFAULT_PART_MESSAGES). */
  maxPartMessages?: number
  /** Estimated bytes of a part at most (default DEFAULT_PART_BYTES); photos count for their size. */
  maxPartBytes?: number
}

/** A part as planned: which messages, how big it should be. */
export interface PlannedPart {
  /** Index (0-based, in the chat's order) of its first message, and how many it holds. */
  first: number
  messages: number
  /** Estimated size in bytes. */
  estimatedBytes: number
  /** First and last day, `YYYY-MM-DD`, or null. */
  firstDay: string | null
  lastDay: string | null
}

/** How a chat's history is cut into documents. */
export interface PdfPlan {
  chatId: number
  title: string
  parts: PlannedPart[]
  /** Sum of the parts' estimates. */
  estimatedBytes: number
}

/** One rendered document. */
export interface PdfPart {
  /** 1-based number of the part, and how many there are. */
  index: number
  count: number
  /** ASCII file name, e.g. `historique-famille-dupont-partie-2-sur-3.pdf`. */
  fileName: string
  bytes: Uint8Array
  /** Messages (and events) it holds. */
  messages: number
  /** Pages. */
  pages: number
  firstDay: string | null
  lastDay: string | null
}

// Stored paths come from MediaStore (`media/ab/<sha256>`); anything else is not read.
const STORED_PATH = /^media\/[0-9a-f]{2}\/[0-9a-f]{16,128}$/
// Estimates: fonts and page structure, then each message's text once compressed.
const FIXED_BYTES = 80_000
const BYTES_PER_MESSAGE = 160

/** A photo the document can embed (pdfkit reads JPEG and PNG). */
interface Photo {
  path: string
  size: number
}

/** The stored JPEG or PNG of an image attachment, or null (other types, missing, too big). */
function embeddablePhoto(workspace: Workspace, message: StoredMessage, maxBytes: number): Photo | null {
  const attachment = message.attachment
  if (!attachment || attachment.storedPath === null || !STORED_PATH.test(attachment.storedPath) || mediaShape(attachment) !== 'image') return null
  const path = workspace.path(...attachment.storedPath.split('/'))
  const stat = statSync(path, {throwIfNoEntry: false})
  if (stat === undefined || !stat.isFile() || stat.size > maxBytes) return null
  const head = Buffer.alloc(8)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 8, 0)
  } finally {
    closeSync(fd)
  }
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
  const png = head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return jpeg || png ? {path, size: stat.size} : null
}

/**
 * Cuts a chat into parts of at most `maxPartMessages` messages and about `maxPartBytes` bytes
 * (a photo bigger than half a part is listed, not embedded). Reads the messages once.
 */
export function planPdfParts(store: Store, workspace: Workspace, chat: StoredChatWithParticipants, options: PdfOptions): PdfPlan {
  const maxMessages = Math.max(1, options.maxPartMessages ?? DEFAULT_PART_MESSAGES)
  const maxBytes = Math.max(FIXED_BYTES * 2, options.maxPartBytes ?? DEFAULT_PART_BYTES)
  const clock = new MessageClock(options.language, options.timeZone)
  const parts: PlannedPart[] = []
  let current: PlannedPart | null = null
  let index = 0
  for (const message of store.messages(chat.id)) {
    const photo = embeddablePhoto(workspace, message, maxBytes / 2)
    const cost = BYTES_PER_MESSAGE + message.text.length + (photo?.size ?? 0)
    if (current === null || current.messages >= maxMessages || (current.messages > 0 && current.estimatedBytes + cost > maxBytes)) {
      current = {first: index, messages: 0, estimatedBytes: FIXED_BYTES, firstDay: null, lastDay: null}
      parts.push(current)
    }
    const day = clock.read(message.date).day
    current.messages++
    current.estimatedBytes += cost
    current.firstDay ??= day
    current.lastDay = day
    index++
  }
  if (parts.length === 0) parts.push({first: 0, messages: 0, estimatedBytes: FIXED_BYTES, firstDay: null, lastDay: null})
  return {chatId: chat.id, title: chat.title, parts, estimatedBytes: parts.reduce((sum, p) => sum + p.estimatedBytes, 0)}
}

/** The file name of a part, in `language` (catalogue `archive.pdfName`): ASCII letters and digits of the title, the part number when there are several. */
export function pdfFileName(title: string, chatId: number, language: HistoryLanguage, index: number, count: number): string {
  const slug = asciiSlug(title) || `chat-${chatId}`
  // Numbers as digits whatever the language (no "1 000" in a file name).
  return count <= 1 ? tr(language, 'archive.pdfName.file', {slug}) : tr(language, 'archive.pdfName.filePart', {slug, index: String(index), count: String(count)})
}

// Page and type: A5 reads on a phone without zooming; sizes in PDF points.
const PAGE: [number, number] = [419.53, 595.28]
const MARGIN = 28
const BODY = 10.5
const SMALL = 8.5
const INK = '#1d1d1d'
const MUTED = '#6b6b6b'
const LINK_COLOUR = '#1a5fb4'
const OWN_COLOUR = '#2e9e5b'
const BLOCK_SHARE = 0.8
const PHOTO_MAX_HEIGHT = 230

/** `hsl(h, 60%, 40%)` of a sender colour class (as the html archive's stylesheet). */
function senderRgb(name: string): string {
  const index = Number(senderColour(name).slice(1))
  const h = (index * 360) / SENDER_COLOURS / 360
  const s = 0.6
  const l = 0.4
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s
  const p = 2 * l - q
  const channel = (t: number): number => {
    const k = t < 0 ? t + 1 : t > 1 ? t - 1 : t
    const v = k < 1 / 6 ? p + (q - p) * 6 * k : k < 1 / 2 ? q : k < 2 / 3 ? p + (q - p) * (2 / 3 - k) * 6 : p
    return Math.round(v * 255)
  }
  return `#${[channel(h + 1 / 3), channel(h), channel(h - 1 / 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`
}

/** A piece of styled text. */
interface Piece {
  text: string
  weight?: FontWeight
  colour?: string
  size?: number
  link?: string
}

/** pdfkit's image loader (untyped in @types/pdfkit): reads the size before placing a photo. */
interface ImageOpener {
  openImage(src: Buffer | string): {width: number; height: number}
}

/** Writes the pieces as one paragraph at (x, doc.y), width `width`, each run in a font that has its characters. */
function writePieces(doc: PDFKit.PDFDocument, pieces: Piece[], x: number, width: number, align: 'left' | 'center' = 'left'): void {
  const runs = pieces.filter((p) => p.text !== '').flatMap((p) => fontRuns(p.text, p.weight ?? 'regular').map((r) => ({...p, font: r.font, text: r.text})))
  runs.forEach((run, i) => {
    doc.font(run.font).fontSize(run.size ?? BODY).fillColor(run.colour ?? INK)
    const options: PDFKit.Mixins.TextOptions = {continued: i < runs.length - 1, width, align, lineGap: 1.5, link: run.link ?? null, underline: run.link !== undefined}
    if (i === 0) doc.text(run.text, x, doc.y, options)
    else doc.text(run.text, options)
  })
}

/** A link target as a PDF URI action wants it: ASCII, non-ASCII characters percent-encoded (ISO 32000-1 §12.6.4.7). */
function asciiUri(href: string): string | undefined {
  try {
    return new URL(href).href
  } catch {
    return undefined
  }
}

/** Pieces of a text with its web links clickable. */
function linkedPieces(text: string, base: Piece = {text: ''}): Piece[] {
  return splitLinks(text).map((p) => {
    const uri = p.href === undefined ? undefined : asciiUri(p.href)
    return uri === undefined ? {...base, text: p.text} : {...base, text: p.text, link: uri, colour: LINK_COLOUR}
  })
}

/** What a part's rendering needs. */
interface PartContext {
  doc: PDFKit.PDFDocument
  workspace: Workspace
  labels: HistoryLabels
  clock: MessageClock
  isOwn: (author: string | null) => boolean
  maxPhotoBytes: number
  /** Pages added so far (a message's side bar is drawn when it stayed on one page). */
  pageCount: () => number
}

const contentWidth = PAGE[0] - 2 * MARGIN
const bottom = PAGE[1] - MARGIN

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottom) doc.addPage()
}

function renderEvent(ctx: PartContext, message: StoredMessage, time: string): void {
  ctx.doc.moveDown(0.3)
  writePieces(ctx.doc, [{text: `${time}  ${message.text}`, colour: MUTED, size: SMALL}], MARGIN + 20, contentWidth - 40, 'center')
  ctx.doc.moveDown(0.3)
}

function renderMessage(ctx: PartContext, message: StoredMessage, time: string): void {
  const {doc, labels} = ctx
  const own = ctx.isOwn(message.author)
  const blockWidth = contentWidth * BLOCK_SHARE
  const x = own ? MARGIN + contentWidth - blockWidth : MARGIN + 6
  const width = blockWidth - 6
  const author = message.author === '' || message.author === null ? labels.unknownAuthor : message.author
  ensureRoom(doc, 40)
  doc.moveDown(0.35)
  const startY = doc.y
  const startPage = ctx.pageCount()
  const barColour = own ? OWN_COLOUR : senderRgb(author)

  const head: Piece[] = [{text: author, weight: 'bold', colour: barColour}]
  if (own) head.push({text: ` (${labels.you})`, colour: MUTED, size: SMALL})
  head.push({text: `  ${time}`, colour: MUTED, size: SMALL})
  if (isEdited(message)) head.push({text: ` · ${labels.edited}`, colour: MUTED, size: SMALL})
  writePieces(doc, head, x, width)

  if (message.replyTo) {
    const quoted = message.replyTo.author ?? labels.unknownAuthor
    const text = message.replyTo.text.length > 200 ? `${message.replyTo.text.slice(0, 200)}…` : message.replyTo.text
    writePieces(doc, [{text: `↪ ${labels.replyTo} `, colour: MUTED, size: SMALL}, {text: quoted, weight: 'bold', colour: MUTED, size: SMALL}, {text: text === '' ? '' : labels.quotedText(text), colour: MUTED, size: SMALL}], x + 6, width - 6)
  }
  const shown = shownContent(message, labels)
  if (shown.label !== null) writePieces(doc, [{text: shown.label, colour: MUTED, weight: 'bold', size: SMALL}], x, width)
  if (message.attachment) renderAttachment(ctx, message, x, width)
  if (shown.text !== '') writePieces(doc, linkedPieces(shown.text), x, width)
  if (shown.point !== null) {
    writePieces(doc, [{text: `📍 ${labels.openMap}`, link: openStreetMapUrl(shown.point), colour: LINK_COLOUR}, {text: `  ${shown.point.latitude}, ${shown.point.longitude}`, colour: MUTED, size: SMALL}], x, width)
  } else if (shown.placeUrl !== null) writePieces(doc, linkedPieces(shown.placeUrl), x, width)
  if (message.reactions && message.reactions.length > 0) {
    writePieces(doc, [{text: message.reactions.map((r) => `${r.emoji} ${r.author}`).join('   '), colour: MUTED, size: SMALL}], x, width)
  }
  // A bar along the message, in the sender's colour (green for one's own), when it fits one page.
  if (ctx.pageCount() === startPage) doc.save().rect(x - 6, startY, 2.5, doc.y - startY).fill(barColour).restore()
}

function renderAttachment(ctx: PartContext, message: StoredMessage, x: number, width: number): void {
  const {doc, labels} = ctx
  const attachment = message.attachment!
  const photo = embeddablePhoto(ctx.workspace, message, ctx.maxPhotoBytes)
  if (photo !== null) {
    try {
      const image = (doc as unknown as ImageOpener).openImage(photo.path)
      const scale = Math.min(width / image.width, PHOTO_MAX_HEIGHT / image.height, 1)
      const w = Math.max(8, image.width * scale)
      const h = Math.max(8, image.height * scale)
      ensureRoom(doc, h + 4)
      doc.image(image as unknown as Buffer, x, doc.y + 2, {width: w, height: h})
      doc.x = x
      doc.y += h + 4
      return
    } catch {
      // A photo pdfkit cannot read (damaged, unusual PNG): listed by name below.
    }
  }
  const shape = mediaShape(attachment)
  const icon = shape === 'image' ? '📷' : shape === 'audio' ? '🎤' : shape === 'video' ? '🎬' : '📄'
  const note = shape === 'image' ? ` (${labels.photoNotShown})` : attachment.storedPath === null ? ` (${labels.fileMissing})` : ''
  writePieces(doc, [{text: `${icon} ${attachment.name}`}, {text: note, colour: MUTED, size: SMALL}], x, width)
}

/** A document being written. */
interface OpenPart {
  index: number
  ctx: PartContext
  ended: Promise<Uint8Array>
  written: number
  lastDay: string | null
  pages: () => number
}

function startPart(workspace: Workspace, chat: StoredChatWithParticipants, plan: PdfPlan, index: number, options: PdfOptions): OpenPart {
  const part = plan.parts[index - 1]!
  const labels = labelsFor(options.language)
  const clock = new MessageClock(options.language, options.timeZone)
  const count = plan.parts.length
  // No clock in the file: its date is the last day it holds, so the same messages give the same bytes.
  const stamp = part.lastDay !== null && /^\d{4}-\d{2}-\d{2}$/.test(part.lastDay) ? new Date(`${part.lastDay}T00:00:00Z`) : new Date(0)
  const title = count > 1 ? `${chat.title} (${labels.partOf(index, count)})` : chat.title
  const doc = new PDFDocument({size: PAGE, margin: MARGIN, lang: intlLocale(options.language), displayTitle: true, info: {Title: title, Creator: 'xmpp-migrate', CreationDate: stamp}})
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
  let pages = 1
  doc.on('pageAdded', () => pages++)
  for (const font of [...fontChains().regular, ...fontChains().bold]) doc.registerFont(font.name, font.bytes)

  // Title block.
  writePieces(doc, [{text: chat.title, weight: 'bold', size: 16}], MARGIN, contentWidth)
  const facts: string[] = []
  if (count > 1) facts.push(labels.partOf(index, count))
  if (part.firstDay !== null) facts.push(part.firstDay === part.lastDay ? clock.dayLabel(part.firstDay) : `${clock.dayLabel(part.firstDay)} – ${clock.dayLabel(part.lastDay ?? part.firstDay)}`)
  facts.push(labels.messageCount(part.messages))
  writePieces(doc, [{text: facts.join(' · '), colour: MUTED, size: SMALL}], MARGIN, contentWidth)
  writePieces(doc, [{text: labels.documentNote, colour: MUTED, size: SMALL}], MARGIN, contentWidth)
  doc.moveDown(0.5)
  const ctx: PartContext = {doc, workspace, labels, clock, isOwn: ownAuthorTest(options.meLabels ?? []), maxPhotoBytes: Math.max(FIXED_BYTES * 2, options.maxPartBytes ?? DEFAULT_PART_BYTES) / 2, pageCount: () => pages}
  return {index, ctx, ended, written: 0, lastDay: null, pages: () => pages}
}

function renderInto(open: OpenPart, message: StoredMessage): void {
  const {ctx} = open
  const time = ctx.clock.read(message.date)
  if (time.day !== open.lastDay) {
    ensureRoom(ctx.doc, 60)
    ctx.doc.moveDown(0.6)
    writePieces(ctx.doc, [{text: ctx.clock.dayLabel(time.day), weight: 'bold', colour: MUTED, size: SMALL}], MARGIN, contentWidth, 'center')
    open.lastDay = time.day
  }
  if (message.system || message.author === null) renderEvent(ctx, message, time.time)
  else renderMessage(ctx, message, time.time)
  open.written++
}

async function finishPart(open: OpenPart, chat: StoredChatWithParticipants, plan: PdfPlan, options: PdfOptions): Promise<PdfPart> {
  open.ctx.doc.end()
  const bytes = await open.ended
  const part = plan.parts[open.index - 1]!
  const count = plan.parts.length
  return {index: open.index, count, fileName: pdfFileName(chat.title, chat.id, options.language, open.index, count), bytes, messages: open.written, pages: open.pages(), firstDay: part.firstDay, lastDay: part.lastDay}
}

/**
 * Renders every part of the plan in one pass over the chat's messages, handing each document to
 * `each` as soon as it is complete (one document in memory at a time): a title block, then the
 * messages with day separators. Deterministic: the same messages give the same bytes (no clock,
 * no random id). `each` must not use the store (its message query is open meanwhile).
 */
export async function renderPdfParts(store: Store, workspace: Workspace, chat: StoredChatWithParticipants, plan: PdfPlan, options: PdfOptions, each: (part: PdfPart) => void | Promise<void>, only?: number): Promise<void> {
  let open: OpenPart | null = null
  let index = 1
  let position = 0
  const wanted = (i: number): boolean => only === undefined || only === i
  for (const message of store.messages(chat.id)) {
    // Close the parts this message is past (a plan made from the same messages: no empty part).
    while (index < plan.parts.length && position >= plan.parts[index - 1]!.first + plan.parts[index - 1]!.messages) {
      if (open !== null) await each(await finishPart(open, chat, plan, options))
      open = null
      index++
    }
    if (only !== undefined && index > only) break
    position++
    if (!wanted(index)) continue
    open ??= startPart(workspace, chat, plan, index, options)
    renderInto(open, message)
  }
  // The last part, or parts without messages (an empty chat still gets its document).
  for (; index <= plan.parts.length; index++) {
    if (!wanted(index)) continue
    open ??= startPart(workspace, chat, plan, index, options)
    await each(await finishPart(open, chat, plan, options))
    open = null
  }
}

/** Renders part `index` (1-based) of the plan (see renderPdfParts). */
export async function renderPdfPart(store: Store, workspace: Workspace, chat: StoredChatWithParticipants, plan: PdfPlan, index: number, options: PdfOptions): Promise<PdfPart> {
  // i18n-ignore: a caller's bug (an index outside the plan), for developers
  if (plan.parts[index - 1] === undefined) throw new RangeError(`no part ${index} in a plan of ${plan.parts.length}`)
  let result: PdfPart | null = null
  await renderPdfParts(store, workspace, chat, plan, options, (part) => {
    result = part
  }, index)
  return result!
}
