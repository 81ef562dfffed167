/**
 * The messages that go with a shared history: the announcement (what it is, how to open it,
 * that the server may delete it) and each document's description (XEP-0066 `<desc/>`). Written
 * in the reader's language: the room's, or the person's for a one-to-one chat.
 */
import type {ChatKind, SourceKind} from '../model/types.js'
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
  return language === 'fr' ? `${new Intl.NumberFormat('fr-FR', {maximumFractionDigits: 1, minimumFractionDigits: 1}).format(mb)} Mo` : `${mb.toFixed(1)} MB`
}

function day(value: string, language: HistoryLanguage): string {
  const date = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return value
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric'}).format(date)
}

function count(n: number, language: HistoryLanguage): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB').format(n)
}

/** The text message sent before the documents. */
export function announcementText(facts: ShareFacts, language: HistoryLanguage): string {
  const source = SOURCE_NAMES[facts.source]
  const size = megabytes(facts.size, language)
  if (language === 'fr') {
    const period = facts.firstDay === null ? '' : facts.firstDay === facts.lastDay ? ` le ${day(facts.firstDay, 'fr')}` : ` du ${day(facts.firstDay, 'fr')} au ${day(facts.lastDay ?? facts.firstDay, 'fr')}`
    const what = facts.kind === 'group' ? `L’historique du groupe ${source} « ${facts.title} »` : `L’historique de notre conversation ${source}`
    const messages = `${count(facts.messages, 'fr')} message${facts.messages > 1 ? 's' : ''}${period}`
    const docs = facts.documents > 1 ? `en ${facts.documents} documents PDF avec les photos (${size} en tout)` : `dans un document PDF avec les photos (${size})`
    const open = facts.documents > 1 ? 'Touchez un document pour l’ouvrir, et enregistrez-les pour les garder' : 'Touchez le document pour l’ouvrir, et enregistrez-le pour le garder'
    return `📖 ${what} : ${messages}, ${docs}.\n${open} : le serveur peut effacer les fichiers après quelques jours.`
  }
  const period = facts.firstDay === null ? '' : facts.firstDay === facts.lastDay ? ` on ${day(facts.firstDay, 'en')}` : ` from ${day(facts.firstDay, 'en')} to ${day(facts.lastDay ?? facts.firstDay, 'en')}`
  const what = facts.kind === 'group' ? `The history of the ${source} group "${facts.title}"` : `The history of our ${source} conversation`
  const messages = `${count(facts.messages, 'en')} message${facts.messages === 1 ? '' : 's'}${period}`
  const docs = facts.documents > 1 ? `in ${facts.documents} PDF documents with the photos (${size} in all)` : `in one PDF document with the photos (${size})`
  const open = facts.documents > 1 ? 'Tap a document to open it, and save them to keep them' : 'Tap the document to open it, and save it to keep it'
  return `📖 ${what}: ${messages}, ${docs}.\n${open}: the server may delete the files after a few days.`
}

/** A document's description (XEP-0066 `<desc/>`): what it is, which part. */
export function documentDescription(title: string, language: HistoryLanguage, index: number, documents: number): string {
  if (language === 'fr') return documents > 1 ? `Historique de « ${title} », partie ${index} sur ${documents} (PDF)` : `Historique de « ${title} » (PDF)`
  return documents > 1 ? `History of "${title}", part ${index} of ${documents} (PDF)` : `History of "${title}" (PDF)`
}
