/**
 * What a stored message says, read for people: the source's raw markers ("<Ce message a été
 * modifié>", "<Médias omis>", "Missed voice call", "location: https://…") become one label of the
 * tool, in the reader's language, and what is left of the body is the person's own text. Shared
 * by every format (html archive, pdf document, txt), so they all show the same thing.
 */
import {nameKey} from '../contacts/names.js'
import type {StoredMessage} from '../store/index.js'
import type {HistoryLabels} from './labels.js'

/** A place on the map, read from a shared location. */
export interface MapPoint {
  latitude: number
  longitude: number
}

/** A message ready to show: the label of its kind, its own text, the place it shares. */
export interface ShownContent {
  /** The tool's label for what the message is (e.g. "Position", "Message supprimé"), or null for plain text. */
  label: string | null
  /** The person's text, without the source's markers ('' when nothing is left). */
  text: string
  /** The place a location message shares, when its coordinates can be read. */
  point: MapPoint | null
  /** The link a location message carried (Google Maps, Foursquare), when there is one. */
  placeUrl: string | null
}

// WhatsApp appends "<This message was edited>" (translated) to an edited body: the same shape the
// importer recognises (src/importers/whatsapp/phrases.ts), at the very end.
const EDITED_MARKER = /\s*<[^<>\n]{1,80}>$/u
// "POLL:", "SONDAGE :" … on the poll's first line (the question follows on the next lines).
const POLL_PREFIX = /^[^\s:]{2,20}\s?:[ \t]*\n?/u
// Coordinates in the map links WhatsApp and Signal write: `?q=48.85,2.35`, `@48.85,2.35`, `ll=…`.
const COORDINATES = /(?:[?&](?:q|ll|query)=|@)(-?\d{1,2}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)/
// The key word before a location link ("location: https://…"), in the languages the importer knows.
const LOCATION_WORD = /^\s*(?:location|localisation|localização|localizacao|position|posizione|standort|ubicación|locatie|poloha|местоположение|геопозиция|konum|lokasi|vị trí)\s?:\s*$/iu
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/
// Missed-call wording in the languages of the phrase tables (the label says "missed" when the source did).
const MISSED = /missed|manqu|perdid|verpasst|persa|gemist|пропущ|nhỡ|tak terjawab|cevapsız|부재중|不在/i

/** Reads what a message shows, replacing the source's markers with the tool's labels. */
export function shownContent(message: Pick<StoredMessage, 'kind' | 'text'>, labels: HistoryLabels): ShownContent {
  const none = {point: null, placeUrl: null}
  switch (message.kind) {
    case 'media-omitted':
      return {label: labels.mediaOmitted, text: '', ...none}
    case 'deleted':
      return {label: labels.deleted, text: '', ...none}
    case 'view-once':
      return {label: labels.viewOnce, text: '', ...none}
    case 'live-location':
      return {label: labels.liveLocation, text: '', ...none}
    case 'call':
      return {label: MISSED.test(message.text) ? labels.missedCall : labels.call, text: '', ...none}
    case 'edited':
      return {label: null, text: message.text.replace(EDITED_MARKER, ''), ...none}
    case 'poll':
      return {label: labels.poll, text: message.text.replace(POLL_PREFIX, '').trim(), ...none}
    case 'contact':
      return {label: labels.contact, text: message.text, ...none}
    case 'location': {
      const url = URL_IN_TEXT.exec(message.text)?.[0] ?? null
      const point = readPoint(url ?? message.text)
      // What is left once the link and its "location:" key word are gone: a place's name.
      const rest = url === null ? message.text : message.text.replace(url, '').replace(LOCATION_WORD, '').replace(/:\s*$/u, '').trim()
      return {label: labels.location, text: rest, point, placeUrl: url}
    }
    default:
      return {label: null, text: message.text, ...none}
  }
}

/** True when the message was edited (Signal's flag, or WhatsApp's marker). */
export function isEdited(message: Pick<StoredMessage, 'kind' | 'edited'>): boolean {
  return message.edited === true || message.kind === 'edited'
}

/** The coordinates in a map link, or null. */
export function readPoint(text: string): MapPoint | null {
  const match = COORDINATES.exec(text)
  if (!match) return null
  const latitude = Number(match[1])
  const longitude = Number(match[2])
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null
  return {latitude, longitude}
}

/** An OpenStreetMap link with a marker on the point (https://wiki.openstreetmap.org/wiki/Browsing#Sharing_a_link_to_the_maps). */
export function openStreetMapUrl(point: MapPoint): string {
  const lat = String(point.latitude)
  const lon = String(point.longitude)
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`
}

/** A piece of text: plain, or a web link to make clickable. */
export interface TextPiece {
  text: string
  /** The link target (http/https only), or undefined for plain text. */
  href?: string
}

// Web links as people write them; trailing punctuation stays outside the link.
const LINK = /\bhttps?:\/\/[^\s<>"]+/giu
const TRAILING = /[.,;:!?)\]}'’»]+$/u

/** Splits text into plain pieces and http(s) links (nothing else becomes a link: no javascript:, no file:). */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    let url = match[0]
    const trailing = TRAILING.exec(url)?.[0] ?? ''
    if (trailing !== '') {
      url = url.slice(0, -trailing.length)
      // A closing bracket that belongs to the link (Wikipedia-style `…_(ville)`) stays in it.
      if (trailing.startsWith(')') && url.split('(').length > url.split(')').length) url += ')'
    }
    const start = match.index
    if (start > last) pieces.push({text: text.slice(last, start)})
    pieces.push({text: url, href: url})
    last = start + url.length
  }
  if (last < text.length) pieces.push({text: text.slice(last)})
  return pieces
}

/**
 * Tells the person's own messages: authors whose label is one of the labels of the contact
 * "me" (`contacts me`, or detected), compared as the contact book compares names.
 */
export function ownAuthorTest(meLabels: readonly string[]): (author: string | null) => boolean {
  const keys = new Set(meLabels.map(nameKey).filter((k) => k !== ''))
  return (author) => author !== null && keys.size > 0 && keys.has(nameKey(author))
}
