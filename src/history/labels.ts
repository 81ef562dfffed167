import {tr, type Lang} from '../i18n/index.js'

/** The interface languages of the exported archive (one of the catalogue's). */
export type HistoryLanguage = Lang

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
  /** "{n} result" / "{n} results": the page script puts the number in place of `{n}` and picks the form. */
  resultsOne: string
  resultsOther: string
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
  /** After a quoted author: ": text" (French: " : text"). */
  quotedText: (text: string) => string
  /** "File missing from the export: photo.jpg". */
  fileMissingNamed: (name: string) => string
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
  /** Document (pdf) texts: "Part 2 of 3", "1 200 messages", the note under the title. */
  partOf: (index: number, count: number) => string
  messageCount: (count: number) => string
  documentNote: string
  /** A photo the document cannot embed (HEIC, WebP, too big): listed by name. */
  photoNotShown: string
}

/** The interface texts of one language (catalogue keys `archive.labels.*`). */
export function labelsFor(language: HistoryLanguage): HistoryLabels {
  return {
    lang: language,
    archiveTitle: tr(language, 'archive.labels.archiveTitle'),
    archiveNote: tr(language, 'archive.labels.archiveNote'),
    searchPlaceholder: tr(language, 'archive.labels.searchPlaceholder'),
    searchButton: tr(language, 'archive.labels.searchButton'),
    searching: tr(language, 'archive.labels.searching'),
    noResult: tr(language, 'archive.labels.noResult'),
    chat: tr(language, 'archive.labels.chat'),
    messages: tr(language, 'archive.labels.messages'),
    period: tr(language, 'archive.labels.period'),
    group: tr(language, 'archive.labels.group'),
    direct: tr(language, 'archive.labels.direct'),
    previous: tr(language, 'archive.labels.previous'),
    next: tr(language, 'archive.labels.next'),
    allChats: tr(language, 'archive.labels.allChats'),
    page: tr(language, 'archive.labels.page'),
    mediaOmitted: tr(language, 'archive.labels.mediaOmitted'),
    fileMissing: tr(language, 'archive.labels.fileMissing'),
    openFile: tr(language, 'archive.labels.openFile'),
    deleted: tr(language, 'archive.labels.deleted'),
    edited: tr(language, 'archive.labels.edited'),
    poll: tr(language, 'archive.labels.poll'),
    location: tr(language, 'archive.labels.location'),
    liveLocation: tr(language, 'archive.labels.liveLocation'),
    call: tr(language, 'archive.labels.call'),
    missedCall: tr(language, 'archive.labels.missedCall'),
    viewOnce: tr(language, 'archive.labels.viewOnce'),
    contact: tr(language, 'archive.labels.contact'),
    replyTo: tr(language, 'archive.labels.replyTo'),
    unknownAuthor: tr(language, 'archive.labels.unknownAuthor'),
    openMap: tr(language, 'archive.labels.openMap'),
    you: tr(language, 'archive.labels.you'),
    documentNote: tr(language, 'archive.labels.documentNote'),
    photoNotShown: tr(language, 'archive.labels.photoNotShown'),
    // The page script puts the number in place of {n} and picks the plural form (Intl.PluralRules).
    resultsOne: tr(language, 'archive.labels.resultsOne', {n: '{n}'}),
    resultsOther: tr(language, 'archive.labels.resultsOther', {n: '{n}'}),
    partOf: (index, count) => tr(language, 'archive.labels.partOf', {index, count}),
    quotedText: (text) => tr(language, 'archive.labels.quotedText', {text}),
    fileMissingNamed: (name) => tr(language, 'archive.labels.fileMissingNamed', {name}),
    messageCount: (count) => tr(language, 'archive.labels.messageCount', {count}),
  }
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
