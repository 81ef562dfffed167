// i18n-ignore-file: HTML markup only; every word of the pages comes from the labels (archive.labels.* in locales/)
import type {ChatKind} from '../model/types.js'
import type {StoredMessage} from '../store/index.js'
import {escapeHtml, senderColour} from './html-text.js'
import type {HistoryLabels} from './labels.js'
import {exportedMediaName, mediaShape} from './media-files.js'
import {isEdited, openStreetMapUrl, shownContent, splitLinks} from './message-content.js'
import type {MessageClock, MessageTime} from './message-time.js'

/**
 * Content-Security-Policy of every page: nothing but the archive's own files, so that even a
 * rendering bug cannot make the archive reach the network (https://www.w3.org/TR/CSP3/).
 */
export const PAGE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'"

/** What rendering a page of messages needs besides the messages. */
export interface PageContext {
  labels: HistoryLabels
  clock: MessageClock
  /** Relative path from the page to the archive's root, ending with `/` (e.g. `../../`). */
  root: string
  /** Exported media file names present in the archive (from exportedMediaName). */
  hasMedia: (name: string) => boolean
  /** True for the person's own messages (shown apart, on the right). */
  isOwn: (author: string | null) => boolean
}

/** The HTML of text with its web links made clickable (escaped; http/https only). */
function linkedHtml(text: string): string {
  return splitLinks(text)
    .map((piece) => (piece.href === undefined ? escapeHtml(piece.text) : `<a href="${escapeHtml(piece.href)}" rel="noopener noreferrer">${escapeHtml(piece.text)}</a>`))
    .join('')
}

/** The HTML of one message (or system event). Every user-provided string is escaped. */
export function renderMessage(message: StoredMessage, time: MessageTime, ctx: PageContext): string {
  const {labels} = ctx
  const id = `m${message.id}`
  const stamp = `<time datetime="${escapeHtml(time.wallClock)}">${escapeHtml(time.time)}</time>`
  if (message.system || message.author === null) {
    return `<div class="event" id="${id}">${stamp} ${escapeHtml(message.text)}</div>\n`
  }
  const parts: string[] = []
  const author = message.author === '' ? labels.unknownAuthor : message.author
  const own = ctx.isOwn(message.author)
  parts.push(`<div class="msg${own ? ' own' : ''}" id="${id}"><div class="head"><span class="author ${senderColour(author)}">${escapeHtml(author)}</span>${own ? ` <span class="you">(${escapeHtml(labels.you)})</span>` : ''} ${stamp}</div>`)
  if (message.replyTo) {
    const quoted = message.replyTo.author ?? labels.unknownAuthor
    parts.push(`<blockquote class="reply"><span class="rlabel">${escapeHtml(labels.replyTo)}</span> <span class="${senderColour(quoted)}">${escapeHtml(quoted)}</span><br>${escapeHtml(message.replyTo.text)}</blockquote>`)
  }
  const shown = shownContent(message, labels)
  if (shown.label !== null) parts.push(`<div class="kind">${escapeHtml(shown.label)}</div>`)
  if (message.attachment) parts.push(renderAttachment(message.attachment, ctx))
  if (shown.text !== '') parts.push(`<div class="text">${linkedHtml(shown.text)}</div>`)
  if (shown.point !== null) parts.push(`<div class="place"><a href="${escapeHtml(openStreetMapUrl(shown.point))}" rel="noopener noreferrer">📍 ${escapeHtml(labels.openMap)}</a> <span class="coords">${shown.point.latitude}, ${shown.point.longitude}</span></div>`)
  else if (shown.placeUrl !== null) parts.push(`<div class="place">${linkedHtml(shown.placeUrl)}</div>`)
  if (isEdited(message)) parts.push(`<div class="edited">(${escapeHtml(labels.edited)})</div>`)
  if (message.reactions && message.reactions.length > 0) {
    const items = message.reactions.map((r) => `<span class="reaction" title="${escapeHtml(r.author)}">${escapeHtml(r.emoji)}</span>`)
    parts.push(`<div class="reactions">${items.join('')}</div>`)
  }
  parts.push('</div>\n')
  return parts.join('')
}

function renderAttachment(attachment: NonNullable<StoredMessage['attachment']>, ctx: PageContext): string {
  const {labels} = ctx
  const fileName = exportedMediaName(attachment)
  if (fileName === null || !ctx.hasMedia(fileName)) {
    return `<div class="omitted">${escapeHtml(labels.fileMissingNamed(attachment.name))}</div>`
  }
  const href = `${ctx.root}media/${fileName}`
  const link = `<a class="file" href="${href}">${escapeHtml(attachment.name)}</a>`
  switch (mediaShape(attachment)) {
    case 'image':
      // A thumbnail is the image itself scaled by CSS; loading="lazy" keeps a 2,000-message
      // page from loading every photo at once.
      return `<a class="thumb" href="${href}"><img class="thumb" src="${href}" alt="${escapeHtml(attachment.name)}" loading="lazy"></a>`
    case 'audio':
      return `<audio controls preload="none" src="${href}"></audio><br>${link}`
    case 'video':
      return `<video controls preload="none" src="${href}"></video><br>${link}`
    default:
      return `<div class="document">📄 ${link}</div>`
  }
}

/** A day separator. */
export function renderDay(day: string, clock: MessageClock): string {
  return `<h2 class="day">${escapeHtml(clock.dayLabel(day))}</h2>\n`
}

/** The page's shared head: charset, CSP, title, the archive stylesheet. */
function head(title: string, root: string): string {
  return `<!DOCTYPE html>
<html lang="LANG">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}assets/archive.css">
</head>
`
}

/** The search box and its results list (the page script fills it; labels in data attributes). */
function searchBox(labels: HistoryLabels, chatIds: number[], root: string): string {
  return `<form id="search" role="search" data-root="${root}" data-chats="${chatIds.join(',')}" data-results-one="${escapeHtml(labels.resultsOne)}" data-results-other="${escapeHtml(labels.resultsOther)}" data-none="${escapeHtml(labels.noResult)}" data-searching="${escapeHtml(labels.searching)}">
<input type="search" id="q" name="q" placeholder="${escapeHtml(labels.searchPlaceholder)}" aria-label="${escapeHtml(labels.searchPlaceholder)}">
<button type="submit">${escapeHtml(labels.searchButton)}</button>
</form>
<section id="results" hidden></section>
`
}

/** Everything a chat page needs besides its messages' HTML. */
export interface ChatPageFrame {
  chatId: number
  title: string
  /** 1-based page number, and how many pages the chat has. */
  page: number
  pages: number
}

function pageNav(frame: ChatPageFrame, labels: HistoryLabels): string {
  const links: string[] = [`<a href="../../index.html">${escapeHtml(labels.allChats)}</a>`]
  if (frame.page > 1) links.push(`<a rel="prev" href="p${frame.page - 1}.html">${escapeHtml(labels.previous)}</a>`)
  links.push(`<span>${escapeHtml(labels.page)} ${frame.page} / ${frame.pages}</span>`)
  if (frame.page < frame.pages) links.push(`<a rel="next" href="p${frame.page + 1}.html">${escapeHtml(labels.next)}</a>`)
  return `<nav class="pages">${links.join(' ')}</nav>\n`
}

/** The HTML before a chat page's messages. */
export function chatPageStart(frame: ChatPageFrame, labels: HistoryLabels): string {
  const root = '../../'
  return `${head(frame.title, root).replace('LANG', labels.lang)}<body class="chat">
<header>
<h1>${escapeHtml(frame.title)}</h1>
${pageNav(frame, labels)}${searchBox(labels, [frame.chatId], root)}</header>
<main>
`
}

/** The HTML after a chat page's messages. */
export function chatPageEnd(frame: ChatPageFrame, labels: HistoryLabels): string {
  return `</main>
<footer>${pageNav(frame, labels)}</footer>
<script src="../../assets/archive.js"></script>
</body>
</html>
`
}

/** One line of the archive's index. */
export interface IndexEntry {
  chatId: number
  title: string
  kind: ChatKind
  messages: number
  /** First and last day shown, `YYYY-MM-DD`, or null for an empty chat. */
  firstDay: string | null
  lastDay: string | null
}

/** index.html: every chat, with the search box over all of them. */
export function renderIndex(entries: IndexEntry[], labels: HistoryLabels): string {
  const rows = entries.map((e) => {
    const period = e.firstDay === null ? '' : e.firstDay === e.lastDay ? e.firstDay : `${e.firstDay} → ${e.lastDay ?? ''}`
    return `<tr><td><a href="chats/${e.chatId}/p1.html">${escapeHtml(e.title)}</a></td><td>${escapeHtml(e.kind === 'group' ? labels.group : labels.direct)}</td><td class="num">${e.messages}</td><td>${escapeHtml(period)}</td></tr>`
  })
  return `${head(labels.archiveTitle, '').replace('LANG', labels.lang)}<body class="index">
<header>
<h1>${escapeHtml(labels.archiveTitle)}</h1>
<p class="note">${escapeHtml(labels.archiveNote)}</p>
${searchBox(labels, entries.map((e) => e.chatId), '')}</header>
<main>
<table class="chats">
<thead><tr><th>${escapeHtml(labels.chat)}</th><th></th><th>${escapeHtml(labels.messages)}</th><th>${escapeHtml(labels.period)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</main>
<script src="assets/archive.js"></script>
</body>
</html>
`
}
