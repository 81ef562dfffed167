/**
 * The messages that go with a shared history: the announcement (what it is, how to open it,
 * that the server may delete it) and each document's description (XEP-0066 `<desc/>`). Written
 * in the reader's language (catalogue `archive.share.*`): the room's, or the person's for a
 * one-to-one chat, in their tone.
 */
import type {ChatKind, SourceKind} from '../model/types.js'
import {personTone} from '../contacts/language.js'
import type {ContactTone} from '../contacts/types.js'
import {formatNumber, intlLocale, tr} from '../i18n/index.js'
import type {HistoryLanguage} from './labels.js'

/** What the announcement says about the documents. */
export interface ShareFacts {
  /** The chat's title (group name, or the other person's name). */
  title: string
  /** Group (posted in its room) or direct (sent to the other person). */
  kind: ChatKind
  /** Where the chat came from. */
  source: SourceKind
  /** Messages in all the documents. */
  messages: number
  /** First and last day, `YYYY-MM-DD`, or null. */
  firstDay: string | null
  lastDay: string | null
  /** How many PDF documents, and their total size in bytes. */
  documents: number
  size: number
}

const SOURCE_NAMES: Record<SourceKind, string> = {whatsapp: 'WhatsApp', signal: 'Signal', telegram: 'Telegram'}

/** "12,3 Mo" / "12.3 MB" (decimal megabytes, one decimal; "0,1 Mo" at least). */
export function megabytes(size: number, language: HistoryLanguage): string {
  const mb = Math.max(0.1, size / 1_000_000)
  return tr(language, 'archive.share.megabytes', {size: formatNumber(language, mb, {minimumFractionDigits: 1, maximumFractionDigits: 1})})
}

function day(value: string, language: HistoryLanguage): string {
  const date = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return value
  return new Intl.DateTimeFormat(intlLocale(language), {timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric'}).format(date)
}

/**
 * The text message sent before the documents (catalogue `archive.share.*`). In French, a group is
 * addressed with "vous" (several people); one person with their tone (`tone`, "tu" when never said).
 */
export function announcementText(facts: ShareFacts, language: HistoryLanguage, tone: ContactTone | null = null): string {
  const period = facts.firstDay === null ? 'none' : facts.firstDay === facts.lastDay ? 'one' : 'range'
  const first = facts.firstDay === null ? '' : day(facts.firstDay, language)
  const last = day(facts.lastDay ?? facts.firstDay ?? '', language)
  const values = {kind: facts.kind, source: SOURCE_NAMES[facts.source], title: facts.title, messages: facts.messages, period, first, last, documents: facts.documents, size: megabytes(facts.size, language)}
  const addressed = facts.kind === 'group' ? 'vous' : personTone(tone)
  return `${tr(language, 'archive.share.announcement', values)}\n${tr(language, 'archive.share.howToOpen', {documents: facts.documents, tone: addressed})}`
}

/** A document's description (XEP-0066 `<desc/>`): what it is, which part. */
export function documentDescription(title: string, language: HistoryLanguage, index: number, documents: number): string {
  return tr(language, 'archive.share.document', {title, index, documents})
}
