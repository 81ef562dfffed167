import {tr, type MessageValues} from '../i18n/index.js'

import {commandLine} from './hint-flags.js'
import type {MigrateLanguage} from './language.js'

/** Every sentence the guided flow writes, in one language (catalogue namespace `flow`). Names, addresses and paths are inserted as is. */
export interface MigrateMessages {
  /** The flow's language. */
  lang: MigrateLanguage
  /** A command to run next, keeping the flags the person gave (`-w`, `--host`, `--port`, `--ca`). */
  command: (args: string) => string
  /** Any sentence of the `flow` namespace (keys of this module's callers: `flow.<key>`). */
  t: (key: string, values?: MessageValues) => string
  step: (n: number, total: number, title: string) => string
  titles: {import: string; me: string; account: string; contacts: string; rooms: string; invitations: string; arrivals: string; history: string; summary: string}
  arrivalsWould: (n: number) => string
  arrivalsNone: string
  arrivalsSeated: (name: string, jid: string, rooms: number) => string
  arrivalsUnidentified: (jid: string, command: string) => string
  arrivalsWaiting: (names: string) => string
  arrivalsWaitingHint: string
  arrivalsComplete: string
  arrivalsSummary: (seated: number, waiting: number, unidentified: number) => string
  whoIs: (jid: string, nick: string | null) => string
  arrivalsAlready: (n: number) => string
  arrivalsWatching: string
  arrivalsReconnect: (seconds: number) => string
  someoneElse: string
  kitWay: (name: string, way: string, message: string) => string
  dryRunBanner: string
  alreadyDone: string
  imported: (exports: number, chats: number, messagesNew: number, messagesKnown: number) => string
  importedBefore: (exports: number, chats: number) => string
  noExports: string
  chatLine: (id: number, title: string, kind: string, messages: number) => string
  meIs: (name: string, how: string) => string
  askMe: string
  meHow: {set: string; sure: string; answered: string}
  accountStored: (jid: string) => string
  accountWould: (action: 'create' | 'login', jid: string) => string
  accountDone: (action: 'create' | 'login', jid: string) => string
  askAccountAction: string
  accountLogin: string
  accountCreate: string
  askJid: string
  serverAdvice: string
  providersIntro: string
  askServer: string
  otherServer: string
  askServerName: string
  askUsername: (domain: string) => string
  serverCannot: (domain: string) => string
  passwordGenerated: (file: string) => string
  askQr: string
  qrWarning: string
  qrHint: string
  contactsCount: (withJid: number, without: number, invite: number) => string
  contactWith: (name: string, jid: string) => string
  contactWithout: (name: string, what: string) => string
  contactWhat: {invite: string; skip: string; undecided: string; jid: (jid: string) => string}
  askContactsHow: (n: number) => string
  contactsOneByOne: string
  contactsCsv: string
  contactsInviteAll: string
  contactsSkipAll: string
  csvWritten: (file: string) => string
  csvAskDone: string
  askContact: (name: string, chats: string) => string
  contactGiveJid: string
  contactInvite: string
  contactSkip: string
  askContactJid: (name: string) => string
  badJid: string
  roomsPlanned: (n: number, service: string) => string
  roomLine: (action: string, address: string, name: string, isPublic: boolean) => string
  roomMembers: (list: string) => string
  roomPending: (list: string) => string
  noGroups: string
  askPublic: string
  askCreateRooms: string
  roomsNotConfirmed: string
  roomsResult: (created: number, updated: number, unchanged: number, failed: number) => string
  roomFailed: (address: string, message: string) => string
  addressesAssumed: string
  invitationsWho: (list: string) => string
  invitationsNone: string
  kitWould: (dir: string, n: number) => string
  kitWritten: (dir: string) => string
  kitRefresh: string
  historyAsk: string
  historyShare: string
  historySharePlan: (documents: number, megabytes: string, days: number | null) => string
  historyShared: (title: string, to: string, documents: number, already: boolean) => string
  historyBlocked: (title: string, message: string) => string
  historyShareFailed: (title: string, message: string) => string
  historyHtml: string
  historyNone: string
  historyAskDir: string
  historyWould: (dir: string) => string
  historyWritten: (dir: string, open: string) => string
  historySkipped: string
  missing: string
  nextStep: (step: string) => string
  placeholderService: string
  summaryLine: (label: string, value: string) => string
  labels: {sources: string; contacts: string; rooms: string; invitations: string; history: string; account: string; none: string}
}

/** The flow's sentences in `language`, from the message catalogue (`locales/<lang>.json`, namespace `flow`). */
export function migrateMessages(language: MigrateLanguage, hintFlags: readonly string[] = []): MigrateMessages {
  const m = (key: string, values?: MessageValues): string => tr(language, `flow.${key}`, values)
  const command = (args: string): string => commandLine(args, hintFlags)
  const watch = command('arrivals --watch')
  const migrate = command('migrate')
  return {
    lang: language,
    command,
    t: (key, values) => tr(language, key, values),
    step: (n, total, title) => m('step', {n, total, title}),
    titles: {import: m('titles.import'), me: m('titles.me'), account: m('titles.account'), contacts: m('titles.contacts'), rooms: m('titles.rooms'), invitations: m('titles.invitations'), arrivals: m('titles.arrivals'), history: m('titles.history'), summary: m('titles.summary')},
    arrivalsWould: (n) => m('arrivalsWould', {n, watch}),
    arrivalsNone: m('arrivalsNone'),
    arrivalsSeated: (name, jid, rooms) => m('arrivalsSeated', {name, jid, rooms}),
    arrivalsUnidentified: (jid, command) => m('arrivalsUnidentified', {jid, command}),
    arrivalsWaiting: (names) => m('arrivalsWaiting', {names}),
    arrivalsWaitingHint: m('arrivalsWaitingHint', {migrate, watch}),
    arrivalsComplete: m('arrivalsComplete'),
    arrivalsSummary: (seated, waiting, unidentified) => m('arrivalsSummary', {seated, waiting, unidentified}),
    whoIs: (jid, nick) => m('whoIs', {jid, nick: nick ? m('whoIsNick', {nick}) : ''}),
    someoneElse: m('someoneElse'),
    arrivalsAlready: (n) => m('arrivalsAlready', {n}),
    arrivalsWatching: m('arrivalsWatching'),
    arrivalsReconnect: (seconds) => m('arrivalsReconnect', {seconds}),
    kitWay: (name, way, message) => m('kitWay', {name, way, message}),
    dryRunBanner: m('dryRunBanner'),
    alreadyDone: m('alreadyDone'),
    imported: (exports, chats, messagesNew, messagesKnown) => m('imported', {exports, chats, messagesNew, messagesKnown}),
    importedBefore: (exports, chats) => m('importedBefore', {exports, chats}),
    noExports: m('noExports'),
    chatLine: (id, title, kind, messages) => m('chatLine', {id, title, kind, messages}),
    meIs: (name, how) => m('meIs', {name, how}),
    askMe: m('askMe'),
    meHow: {set: m('meHow.set'), sure: m('meHow.sure'), answered: m('meHow.answered')},
    accountStored: (jid) => m('accountStored', {jid}),
    accountWould: (action, jid) => m('accountWould', {action, jid}),
    accountDone: (action, jid) => m('accountDone', {action, jid}),
    askAccountAction: m('askAccountAction'),
    accountLogin: m('accountLogin'),
    accountCreate: m('accountCreate'),
    askJid: m('askJid'),
    serverAdvice: m('serverAdvice'),
    providersIntro: m('providersIntro'),
    askServer: m('askServer'),
    otherServer: m('otherServer'),
    askServerName: m('askServerName'),
    askUsername: (domain) => m('askUsername', {domain}),
    serverCannot: (domain) => m('serverCannot', {domain}),
    passwordGenerated: (file) => m('passwordGenerated', {file}),
    askQr: m('askQr'),
    qrWarning: m('qrWarning'),
    qrHint: m('qrHint', {qr: command('account qr')}), // i18n-ignore: command arguments
    contactsCount: (withJid, without, invite) => m('contactsCount', {withJid, without, invite}),
    contactWith: (name, jid) => m('contactWith', {name, jid}),
    contactWithout: (name, what) => m('contactWithout', {name, what}),
    contactWhat: {invite: m('contactWhat.invite'), skip: m('contactWhat.skip'), undecided: m('contactWhat.undecided'), jid: (jid) => m('contactWhat.jid', {jid})},
    askContactsHow: (n) => m('askContactsHow', {n}),
    contactsOneByOne: m('contactsOneByOne'),
    contactsCsv: m('contactsCsv'),
    contactsInviteAll: m('contactsInviteAll'),
    contactsSkipAll: m('contactsSkipAll'),
    csvWritten: (file) => m('csvWritten', {file}),
    csvAskDone: m('csvAskDone'),
    askContact: (name, chats) => m('askContact', {name, chats}),
    contactGiveJid: m('contactGiveJid'),
    contactInvite: m('contactInvite'),
    contactSkip: m('contactSkip'),
    askContactJid: (name) => m('askContactJid', {name}),
    badJid: m('badJid'),
    roomsPlanned: (n, service) => m('roomsPlanned', {n, service}),
    roomLine: (action, address, name, isPublic) => m('roomLine', {action, address, name, isPublic: String(isPublic)}),
    roomMembers: (list) => m('roomMembers', {list}),
    roomPending: (list) => m('roomPending', {list}),
    noGroups: m('noGroups'),
    askPublic: m('askPublic'),
    askCreateRooms: m('askCreateRooms'),
    roomsNotConfirmed: m('roomsNotConfirmed', {migrate}),
    roomsResult: (created, updated, unchanged, failed) => m('roomsResult', {created, updated, unchanged, failed}),
    roomFailed: (address, message) => m('roomFailed', {address, message}),
    addressesAssumed: m('addressesAssumed'),
    invitationsWho: (list) => m('invitationsWho', {list}),
    invitationsNone: m('invitationsNone'),
    kitWould: (dir, n) => m('kitWould', {dir, n}),
    kitWritten: (dir) => m('kitWritten', {dir}),
    kitRefresh: m('kitRefresh', {invite: command('invite')}),
    historyAsk: m('historyAsk'),
    historyShare: m('historyShare'),
    historySharePlan: (documents, megabytes, days) => m('historySharePlan', {documents, megabytes, keeps: String(days !== null), days: days ?? 0}),
    historyShared: (title, to, documents, already) => m('historyShared', {title, to, documents, already: String(already)}),
    historyBlocked: (title, message) => m('historyBlocked', {title, message}),
    historyShareFailed: (title, message) => m('historyShareFailed', {title, message}),
    historyHtml: m('historyHtml'),
    historyNone: m('historyNone'),
    historyAskDir: m('historyAskDir'),
    historyWould: (dir) => m('historyWould', {dir}),
    historyWritten: (dir, open) => m('historyWritten', {dir, open}),
    historySkipped: m('historySkipped', {historyExport: command('history export')}), // i18n-ignore: command arguments
    missing: m('missing'),
    nextStep: (step) => m('nextStep', {step}),
    placeholderService: m('placeholderService'),
    summaryLine: (label, value) => m('summaryLine', {label, value}),
    labels: {sources: m('labels.sources'), contacts: m('labels.contacts'), rooms: m('labels.rooms'), invitations: m('labels.invitations'), history: m('labels.history'), account: m('labels.account'), none: m('labels.none')},
  }
}
