/** The interface languages of the exported archive. */
export type HistoryLanguage = 'fr' | 'en'

/** Every text of the archive's interface, in one language. */
export interface HistoryLabels {
  /** `<html lang>`. */
  lang: HistoryLanguage
  /** Title of index.html. */
  archiveTitle: string
  /** Sentence under the title: private, offline. */
  archiveNote: string
  /** Placeholder of the search box. */
  searchPlaceholder: string
  /** Label of the search button. */
  searchButton: string
  /** Shown while the search index loads. */
  searching: string
  /** "{n} results" (n replaced in the page script). */
  results: string
  /** No result. */
  noResult: string
  /** Column titles of the chat list. */
  chat: string
  messages: string
  period: string
  /** Kinds of chats. */
  group: string
  direct: string
  /** Navigation. */
  previous: string
  next: string
  allChats: string
  page: string
  /** Media shown as links or placeholders. */
  mediaOmitted: string
  fileMissing: string
  openFile: string
  /** Message kinds written in place of a body. */
  deleted: string
  edited: string
  poll: string
  location: string
  liveLocation: string
  call: string
  missedCall: string
  viewOnce: string
  contact: string
  /** "In reply to". */
  replyTo: string
  /** Someone whose name the source did not give. */
  unknownAuthor: string
  /** Link text of a location: the place on OpenStreetMap. */
  openMap: string
  /** Marks one's own messages (screen readers, plain text). */
  you: string
  /** Document (pdf) texts: "Part {i} of {n}", the period line, the note under the title. */
  partOf: string
  documentNote: string
  /** A photo the document cannot embed (HEIC, WebP, too big): listed by name. */
  photoNotShown: string
}

const FR: HistoryLabels = {
  lang: 'fr',
  archiveTitle: 'Archives des conversations',
  archiveNote: 'Copie privée de vos conversations, lisible sans connexion. Ne la partagez qu’avec les personnes concernées.',
  searchPlaceholder: 'Rechercher dans les messages…',
  searchButton: 'Rechercher',
  searching: 'Recherche…',
  results: '{n} résultat(s)',
  noResult: 'Aucun résultat.',
  chat: 'Conversation',
  messages: 'Messages',
  period: 'Période',
  group: 'groupe',
  direct: 'conversation privée',
  previous: '← Précédent',
  next: 'Suivant →',
  allChats: 'Toutes les conversations',
  page: 'Page',
  mediaOmitted: 'Média non inclus dans l’export',
  fileMissing: 'Fichier absent de l’export',
  openFile: 'Ouvrir',
  deleted: 'Message supprimé',
  edited: 'modifié',
  poll: 'Sondage',
  location: 'Position',
  liveLocation: 'Position en direct',
  call: 'Appel',
  missedCall: 'Appel manqué',
  viewOnce: 'Média à vue unique',
  contact: 'Contact partagé',
  replyTo: 'En réponse à',
  unknownAuthor: 'Inconnu',
  openMap: 'Voir sur la carte',
  you: 'vous',
  partOf: 'Partie {i} sur {n}',
  documentNote: 'Copie privée de la conversation, faite par xmpp-migrate. Vos messages sont à droite, en vert.',
  photoNotShown: 'Photo non affichable ici',
}

const EN: HistoryLabels = {
  lang: 'en',
  archiveTitle: 'Conversation archive',
  archiveNote: 'A private copy of your conversations that works offline. Share it only with the people in them.',
  searchPlaceholder: 'Search the messages…',
  searchButton: 'Search',
  searching: 'Searching…',
  results: '{n} result(s)',
  noResult: 'No result.',
  chat: 'Chat',
  messages: 'Messages',
  period: 'Period',
  group: 'group',
  direct: 'private chat',
  previous: '← Previous',
  next: 'Next →',
  allChats: 'All chats',
  page: 'Page',
  mediaOmitted: 'Media not included in the export',
  fileMissing: 'File missing from the export',
  openFile: 'Open',
  deleted: 'Message deleted',
  edited: 'edited',
  poll: 'Poll',
  location: 'Location',
  liveLocation: 'Live location',
  call: 'Call',
  missedCall: 'Missed call',
  viewOnce: 'View-once media',
  contact: 'Shared contact',
  replyTo: 'Replying to',
  unknownAuthor: 'Unknown',
  openMap: 'See it on the map',
  you: 'you',
  partOf: 'Part {i} of {n}',
  documentNote: 'A private copy of the conversation, made by xmpp-migrate. Your messages are on the right, in green.',
  photoNotShown: 'Photo that cannot be shown here',
}

/** The interface texts of one language. */
export function labelsFor(language: HistoryLanguage): HistoryLabels {
  return language === 'fr' ? FR : EN
}

/**
 * The language of the system, from the POSIX locale variables in their order of precedence
 * (LC_ALL, LC_MESSAGES, LANG; https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap08.html)
 * then Intl's default locale: French when it is French, English otherwise.
 */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env, intlLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): HistoryLanguage {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name]
    if (value !== undefined && value !== '' && value !== 'C' && value !== 'POSIX' && !value.startsWith('C.')) return /^fr\b|^fr_/i.test(value) ? 'fr' : 'en'
  }
  return /^fr\b/i.test(intlLocale) ? 'fr' : 'en'
}
