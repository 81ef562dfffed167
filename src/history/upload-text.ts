import type {HistoryLanguage} from './labels.js'
import {asciiSlug} from '../ui/slug.js'

/** What the announcement says about the archive. */
export interface ArchiveFacts {
  title: string
  messages: number
  /** First and last day, `YYYY-MM-DD`, or null. */
  firstDay: string | null
  lastDay: string | null
  /** Size of the zip in bytes. */
  size: number
}

function megabytes(size: number, language: HistoryLanguage): string {
  const mb = (size / 1_000_000).toFixed(1)
  return language === 'fr' ? `${mb.replace('.', ',')} Mo` : `${mb} MB`
}

/** The text message posted before the file: what it is and how to open it. */
export function announcementText(facts: ArchiveFacts, language: HistoryLanguage): string {
  const period = facts.firstDay === null ? '' : language === 'fr' ? ` du ${facts.firstDay} au ${facts.lastDay ?? facts.firstDay}` : ` from ${facts.firstDay} to ${facts.lastDay ?? facts.firstDay}`
  if (language === 'fr') {
    return (
      `📦 L’historique de « ${facts.title} » : ${facts.messages} messages${period}, avec les photos (${megabytes(facts.size, 'fr')}).\n` +
      'Téléchargez le fichier ci-dessous, décompressez-le et ouvrez index.html : tout se lit sans connexion.\n' +
      'Le lien peut expirer : gardez une copie du fichier.'
    )
  }
  return (
    `📦 The history of "${facts.title}": ${facts.messages} messages${period}, with the photos (${megabytes(facts.size, 'en')}).\n` +
    'Download the file below, unzip it and open index.html: it all works offline.\n' +
    'The link may expire: keep a copy of the file.'
  )
}

/** The file's description (XEP-0066 `<desc/>`). */
export function fileDescription(title: string, language: HistoryLanguage): string {
  return language === 'fr' ? `Historique de « ${title} »` : `History of "${title}"`
}

/** A name for the zip: ASCII letters and digits from the title, e.g. `historique-famille-dupont.zip`. */
export function archiveFileName(title: string, chatId: number, language: HistoryLanguage): string {
  const slug = asciiSlug(title)
  return `${language === 'fr' ? 'historique' : 'history'}-${slug === '' ? `chat-${chatId}` : slug}.zip`
}
