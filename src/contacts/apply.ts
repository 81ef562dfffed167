/**
 * Applying a contacts file (CSV or vCard) to the contact book: one transaction per file, one
 * savepoint per row, so a bad row is reported (with its line) and undone alone while every other
 * row is kept.
 */
import type {CountryCode} from 'libphonenumber-js'

import {t} from '../i18n/index.js'
import type {ContactRepository, ContactUpdate} from '../store/index.js'
import type {CsvRecord} from './csv.js'
import {checkContactJid} from './jid.js'
import {parseLanguage} from './language.js'
import {cleanLabel, nameKey} from './names.js'
import {phoneKey, readPhone} from './phone.js'
import type {ContactLanguage, ContactWarning} from './types.js'
import type {VCard} from './vcard.js'

/** A row (or card) that was not applied. */
export interface RowError {
  /** 1-based line of the file. */
  line: number
  /** Stable code: CONTACTS_BAD_JID, CONTACTS_BAD_LANGUAGE, CONTACTS_BAD_EMAIL, CONTACTS_BAD_PHONE, CONTACTS_UNKNOWN_ID, CONTACTS_DUPLICATE_JID, CONTACTS_ROW_UNMATCHED, CONTACTS_FILE. */
  code: string
  /** What is wrong and what to do. */
  message: string
}

/** What applying one file did. */
export interface ApplyResult {
  /** Data rows (CSV) or cards (vCard) read. */
  rows: number
  /** Contacts changed (ids). */
  updated: number[]
  /** Contacts created by CSV rows naming someone new (ids). */
  created: number[]
  /** Rows that matched a contact and changed nothing. */
  unchanged: number
  /** Cards that match no contact (an address book holds many people who are in no chat): skipped. */
  unmatched: {line: number; name: string | null}[]
  /** Rows not applied. */
  errors: RowError[]
  /** Applied, with a remark. */
  warnings: ContactWarning[]
}

/**
 * A contact card found in an imported chat (issue 14): a suggestion only. Anyone in a chat can
 * share a card naming anybody, so it is never applied by `import` or `migrate`; the organizer
 * applies it with `contacts import --from-chats` (phone match only) or `contacts set`.
 */
export interface CardSuggestion {
  /** The card's file as named in the export (else its path in the workspace). */
  file: string
  /** Who shared it in the chat, as the export names them; null when unknown. */
  sharedBy: string | null
  /** 1-based line of the card in its file. */
  line: number
  /** The card's name (FN), or null. */
  name: string | null
  /** The card's XMPP address, when it has a valid one. */
  jid: string | null
  /** The contact whose phone number the card carries (never found by name alone), or null. */
  contactId: number | null
  /** That contact's name, or null. */
  contactName: string | null
}

/** Options of applyVCards. */
export interface VCardOptions {
  /**
   * Whether a card with no known phone number may find its contact by name (default true: the
   * organizer's own address book). False for cards found in chats, whose name anyone can choose.
   */
  matchByName?: boolean
}

class RowFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/u

function emptyResult(): ApplyResult {
  return {rows: 0, updated: [], created: [], unchanged: 0, unmatched: [], errors: [], warnings: []}
}

/** The contact a phone number belongs to, if any. */
function byPhone(repo: ContactRepository, text: string, region: CountryCode | null): number | undefined {
  const reading = readPhone(text, region)
  return reading === null ? undefined : repo.contactsWithKeys([phoneKey(reading)])[0]
}

/** The contact a name belongs to (an exported label, or the name shown), if any. */
function byName(repo: ContactRepository, name: string): number | undefined {
  const key = nameKey(name)
  if (key === '') return undefined
  return repo.contactsWithKeys([`name:${key}`])[0] ?? repo.contacts().find((c) => nameKey(c.name) === key)?.id
}

/** Runs one row in a savepoint; a RowFailure becomes a RowError and undoes the row. */
function applyRow(repo: ContactRepository, result: ApplyResult, line: number, work: () => void): void {
  try {
    repo.transaction(work)
  } catch (error) {
    if (error instanceof RowFailure) result.errors.push({line, code: error.code, message: error.message})
    else throw error
  }
}

function checkJidFree(repo: ContactRepository, jid: string, contactId: number): void {
  const owner = repo.contactWithJid(jid)
  if (owner !== undefined && owner !== contactId) {
    const name = repo.contact(owner)?.name ?? String(owner)
    throw new RowFailure('CONTACTS_DUPLICATE_JID', t('errors.contacts.rowDuplicateJid', {jid, owner, name}))
  }
}

function record(result: ApplyResult, id: number, changed: boolean): void {
  if (changed) {
    if (!result.updated.includes(id) && !result.created.includes(id)) result.updated.push(id)
  } else result.unchanged++
}

/**
 * Applies CSV rows: each row finds its contact by `id`, else by phone, else by name; a row naming
 * nobody known creates a contact (someone to invite who was in no chat). A column present with an
 * empty cell clears jid/language/email; an absent column changes nothing; an empty phone or name
 * keeps the current one. Values set here are the person's: a re-derivation keeps them.
 */
export function applyCsv(repo: ContactRepository, records: readonly CsvRecord[], region: CountryCode | null): ApplyResult {
  const result = emptyResult()
  repo.transaction(() => {
    for (const {line, cells} of records) {
      result.rows++
      applyRow(repo, result, line, () => {
        const jid = cells.jid === undefined ? undefined : cells.jid === '' ? null : validJid(cells.jid)
        const language = cells.language === undefined ? undefined : validLanguage(cells.language)
        const email = cells.email === undefined ? undefined : cells.email === '' ? null : validEmail(cells.email)
        const phone = cells.phone === undefined || cells.phone === '' ? undefined : readPhone(cells.phone, region)
        if (phone === null) throw new RowFailure('CONTACTS_BAD_PHONE', t('errors.contacts.rowBadPhone', {value: cells.phone}))
        let id: number | undefined
        if (cells.id !== undefined && cells.id !== '') {
          id = /^\d+$/.test(cells.id) && repo.contact(Number(cells.id)) !== undefined ? Number(cells.id) : undefined
          if (id === undefined) throw new RowFailure('CONTACTS_UNKNOWN_ID', t('errors.contacts.rowUnknownId', {id: cells.id}))
        }
        id ??= (cells.phone ? byPhone(repo, cells.phone, region) : undefined) ?? (cells.name ? byName(repo, cells.name) : undefined)
        let created = false
        if (id === undefined) {
          const name = cleanLabel(cells.name ?? '')
          if (name === '') throw new RowFailure('CONTACTS_ROW_UNMATCHED', t('errors.contacts.rowUnmatched'))
          id = repo.createContact(name, null)
          repo.updateContact(id, {nameManual: true})
          repo.addKey(id, `name:${nameKey(name)}`)
          result.created.push(id)
          created = true
        }
        const contact = repo.contact(id)
        if (contact === undefined) return
        const update: ContactUpdate = {}
        if (jid !== undefined) {
          if (jid !== null) checkJidFree(repo, jid, id)
          update.jid = jid
        }
        if (language !== undefined) update.language = language
        if (email !== undefined) update.email = email
        const name = cleanLabel(cells.name ?? '')
        if (name !== '' && name !== contact.name) Object.assign(update, {name, nameManual: true})
        if (phone !== undefined && phone.value !== contact.phone) {
          Object.assign(update, {phone: phone.value, phoneManual: true})
          repo.addKey(id, phoneKey(phone))
        }
        record(result, id, repo.updateContact(id, update) || created)
      })
    }
  })
  return result
}

/**
 * Applies vCards (an address book, or cards shared in chats): each card finds its contact by a
 * phone number, else by name; cards matching nobody are skipped (listed in `unmatched`). A card
 * gives its XMPP address (unless the contact has another one: kept, with a warning), its e-mail,
 * phone and language (vCard 4.0 LANG, fr or en) when the contact has none, and its name as an alias (so later exports using that
 * name find the contact).
 */
export function applyVCards(repo: ContactRepository, cards: readonly VCard[], region: CountryCode | null, options: VCardOptions = {}): ApplyResult {
  const matchByName = options.matchByName ?? true
  const result = emptyResult()
  repo.transaction(() => {
    for (const card of cards) {
      result.rows++
      applyRow(repo, result, card.line, () => {
        let id: number | undefined
        for (const phone of card.phones) id ??= byPhone(repo, phone.value, region)
        if (id === undefined && card.name !== null && matchByName) id = byName(repo, card.name)
        if (id === undefined) {
          result.unmatched.push({line: card.line, name: card.name})
          return
        }
        const contact = repo.contact(id)
        if (contact === undefined) return
        const update: ContactUpdate = {}
        const [xmpp] = card.xmpp
        if (xmpp !== undefined) {
          const check = checkContactJid(xmpp.value)
          if (!check.ok) throw new RowFailure('CONTACTS_BAD_JID', card.name === null ? t('errors.contacts.cardBadJidUnnamed', {reason: check.reason, line: xmpp.line}) : t('errors.contacts.cardBadJid', {reason: check.reason, name: card.name, line: xmpp.line}))
          if (contact.jid === null) {
            checkJidFree(repo, check.jid, id)
            update.jid = check.jid
          } else if (contact.jid !== check.jid) {
            result.warnings.push({
              code: 'CONTACTS_JID_KEPT',
              message: t('contacts.apply.jidKept', {line: xmpp.line, name: contact.name, jid: contact.jid, cardJid: check.jid, id}),
            })
          }
        }
        const language = card.languages.map((l) => parseLanguage(l.value)).find((l) => l === 'fr' || l === 'en')
        if (language !== undefined && contact.language === null) update.language = language
        const [email] = card.emails
        if (email !== undefined && contact.email === null && EMAIL.test(email.value)) update.email = email.value
        let changed = false
        for (const phone of card.phones) {
          const reading = readPhone(phone.value, region)
          if (reading === null) continue
          changed = repo.addKey(id, phoneKey(reading)) || changed
          if (contact.phone === null && update.phone === undefined) update.phone = reading.value
        }
        if (card.name !== null && cleanLabel(card.name) !== '') {
          changed = repo.addAlias(id, cleanLabel(card.name)) || changed
          repo.addKey(id, `name:${nameKey(card.name)}`)
        }
        record(result, id, repo.updateContact(id, update) || changed)
      })
    }
  })
  return result
}

/**
 * What the cards would do, without changing anything: each card with the contact its phone
 * number names (never a name alone) and its XMPP address. See CardSuggestion.
 */
export function suggestVCards(repo: ContactRepository, cards: readonly VCard[], region: CountryCode | null, file: string, sharedBy: string | null): CardSuggestion[] {
  return cards.map((card) => {
    let id: number | undefined
    for (const phone of card.phones) id ??= byPhone(repo, phone.value, region)
    const check = card.xmpp[0] === undefined ? undefined : checkContactJid(card.xmpp[0].value)
    return {
      file,
      sharedBy,
      line: card.line,
      name: card.name,
      jid: check?.ok ? check.jid : null,
      contactId: id ?? null,
      contactName: id === undefined ? null : (repo.contact(id)?.name ?? null),
    }
  })
}

function validJid(text: string): string {
  const check = checkContactJid(text)
  if (!check.ok) throw new RowFailure('CONTACTS_BAD_JID', t('errors.contacts.rowBadJid', {reason: check.reason}))
  return check.jid
}

function validLanguage(text: string): ContactLanguage | null {
  const language = parseLanguage(text)
  if (language === null) throw new RowFailure('CONTACTS_BAD_LANGUAGE', t('errors.contacts.rowBadLanguage', {value: text}))
  return language ?? null
}

function validEmail(text: string): string {
  if (!EMAIL.test(text)) throw new RowFailure('CONTACTS_BAD_EMAIL', t('errors.contacts.badEmail', {value: text}))
  return text
}
