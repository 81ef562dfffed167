/**
 * The words of the invitation kit, from the message catalogue (`kit.*` in locales/). Written for
 * people who never installed an XMPP app: short sentences, no jargon beyond the app names; in
 * French, "tu" or "vous" as the organizer said for this person.
 */
import {personLanguage, personTone} from '../contacts/language.js'
import type {ContactTone} from '../contacts/types.js'
import {formatList, formatZonedDateTime, tr, type Lang, type MessageValues} from '../i18n/index.js'
import type {WayIn} from './types.js'

/** What the words of step 2 need: who invites, where the account is made, the name to type. */
export interface WayInWords {
  inviter: string
  server: string | null
  username: string | null
  registrationUrl: string | null
}

/** Where to get the apps (the stores people know). */
export const APP_STORES = {
  conversationsFdroid: 'https://f-droid.org/packages/eu.siacs.conversations/',
  conversationsPlay: 'https://play.google.com/store/apps/details?id=eu.siacs.conversations',
  monal: 'https://apps.apple.com/app/id317711500',
} as const

/** The sentences of one language; functions take plain text (the renderer escapes). */
export interface KitTexts {
  /** `<html lang>`. */
  lang: Lang
  title: (name: string) => string
  greeting: (name: string) => string
  invitedBy: (inviter: string) => string
  groupsIntro: string
  noGroups: string
  stepsTitle: string
  step1Title: string
  step1Android: string
  step1Iphone: string
  step1Computer: string
  step2Title: string
  /** Step 2 for each way in: what exactly happens for this person. */
  way: (way: WayIn, words: WayInWords) => string
  /** The big button of step 2 (it opens the app on the phone reading the page). */
  openButton: string
  /** Under the QR code: it is for another screen or paper. */
  qrHint: string
  /** Where to get the app, per platform. */
  storeLabels: {fdroid: string; play: string; appStore: string}
  /** Public providers (account-elsewhere): the heading. */
  providersTitle: string
  step3Title: string
  step3Body: string
  linkLabel: string
  thenAddLabel: (inviter: string) => string
  roomLinksLabel: string
  /** A room's name before its link: "Famille :". */
  roomLink: (room: string) => string
  webLabel: string
  failTitle: string
  failBody: (inviter: string) => string[]
  expires: (date: string) => string
  noExpiry: string
  message: (name: string, inviter: string, groups: string[], link: string, expires: string | null, thenAdd: string | null, way: string) => string
  indexTitle: string
  /** The index page's heading: "Invitations — Claire". */
  indexHeading: (inviter: string) => string
  columns: {name: string; status: string; link: string; expires: string; page: string}
  /** A short line per way in, for the index and the console. */
  wayShort: Record<WayIn, string>
  formatDate: (iso: string) => string
}

/** The catalogue key of each way in (see WayIn). */
const WAY_KEYS: Record<WayIn, string> = {
  'has-account': 'hasAccount',
  'link-creates-account': 'linkCreatesAccount',
  'register-in-app': 'registerInApp',
  'register-on-web': 'registerOnWeb',
  'account-elsewhere': 'accountElsewhere',
}

/**
 * An expiry in the reader's language and the local time zone, the zone named ("3 décembre 2026 à
 * 17:33 UTC+1"): the kit is read where it was made, by people who think in local time.
 */
export function kitDate(language: Lang, iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : formatZonedDateTime(language, d)
}

/**
 * The texts of `language` (catalogue keys `kit.*`), addressing the person with `tone` in French
 * ("tu" unless told "vous": families and friends).
 */
export function kitTexts(language: Lang, tone: ContactTone | null = null): KitTexts {
  const v = {tone: personTone(tone)}
  const k = (key: string, values: MessageValues = {}): string => tr(language, key, {...v, ...values})
  const wayShort = Object.fromEntries(Object.entries(WAY_KEYS).map(([way, key]) => [way, k(`kit.wayShort.${key}`)])) as Record<WayIn, string>
  return {
    lang: language,
    title: (name) => k('kit.title', {name}),
    greeting: (name) => k('kit.greeting', {name}),
    invitedBy: (inviter) => k('kit.invitedBy', {inviter}),
    groupsIntro: k('kit.groupsIntro'),
    noGroups: k('kit.noGroups'),
    stepsTitle: k('kit.stepsTitle'),
    step1Title: k('kit.step1Title'),
    step1Android: k('kit.step1Android'),
    step1Iphone: k('kit.step1Iphone'),
    step1Computer: k('kit.step1Computer'),
    step2Title: k('kit.step2Title'),
    way: (way, w) =>
      k(`kit.way.${WAY_KEYS[way]}`, {inviter: w.inviter, server: w.server ?? '', url: w.registrationUrl ?? '', named: w.username ? 'yes' : 'no', username: w.username ?? ''}),
    openButton: k('kit.openButton'),
    qrHint: k('kit.qrHint'),
    storeLabels: {fdroid: k('kit.store.fdroid'), play: k('kit.store.play'), appStore: k('kit.store.appStore')},
    providersTitle: k('kit.providersTitle'),
    step3Title: k('kit.step3Title'),
    step3Body: k('kit.step3Body'),
    linkLabel: k('kit.linkLabel'),
    thenAddLabel: (inviter) => k('kit.thenAddLabel', {inviter}),
    roomLinksLabel: k('kit.roomLinksLabel'),
    roomLink: (room) => k('kit.roomLink', {room}),
    webLabel: k('kit.webLabel'),
    failTitle: k('kit.failTitle'),
    failBody: (inviter) => [k('kit.fail.reinstall'), k('kit.fail.expired'), k('kit.fail.call', {inviter})],
    expires: (date) => k('kit.expires', {date}),
    noExpiry: k('kit.noExpiry'),
    message: (name, inviter, groups, link, expires, thenAdd, way) =>
      [
        k('kit.message.hello', {name, inviter}),
        k('kit.message.leaving', {count: groups.length, groups: formatList(language, groups)}),
        k('kit.message.install'),
        way,
        link,
        ...(expires ? [k('kit.message.validUntil', {date: expires})] : []),
        ...(thenAdd ? [k('kit.message.thenAdd'), thenAdd] : []),
      ].join('\n'),
    indexTitle: k('kit.index.title'),
    indexHeading: (inviter) => k('kit.index.heading', {inviter}),
    columns: {name: k('kit.index.name'), status: k('kit.index.status'), link: k('kit.index.link'), expires: k('kit.index.expires'), page: k('kit.index.page')},
    wayShort,
    formatDate: (iso) => kitDate(language, iso),
  }
}

/**
 * The language for one contact: theirs, else `--lang` of `invite`, else the workspace's, else the
 * organizer's console language.
 */
export function kitLanguage(contact: Lang | null, flag: Lang | undefined, workspace: Lang | null): Lang {
  return personLanguage(contact, flag ?? workspace)
}
