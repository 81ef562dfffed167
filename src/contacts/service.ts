/**
 * What the `contacts` commands do, on a workspace. Each opens the store, re-derives the contact
 * book from the imported chats (so it is always current), acts, and closes.
 */
import {existsSync, readFileSync} from 'node:fs'
import {extname} from 'node:path'

import type {CountryCode} from 'libphonenumber-js'

import {UserError} from '../errors/index.js'
import {consoleLanguage, formatList, t} from '../i18n/index.js'
import {nearest} from '../errors/near.js'
import {resolveRegion, saveLanguage, SETTING, storedLanguage, type RegionChoice} from '../settings/index.js'
import {ContactRepository, Store} from '../store/index.js'
import {writePrivateFile, type Workspace} from '../workspace.js'
import {applyCsv, applyVCards, suggestVCards, type ApplyResult, type CardSuggestion} from './apply.js'
import {detectMeWith, listWith, refreshWith} from './book.js'
import {contactsToCsv, parseContactsCsv} from './csv.js'
import {checkContactJid} from './jid.js'
import {parseLanguage, parseTone} from './language.js'
import {cleanLabel, nameKey} from './names.js'
import type {ContactLanguage, ContactRow, MeDetection, RefreshSummary} from './types.js'
import {looksLikeVCard, parseVCards} from './vcard.js'

/** Options every contacts command shares. */
export interface BookOptions {
  /** `--region`: country code for phone numbers written without one (stored the first time). */
  region?: string
  /** `--default-language`: fr or en, stored as the workspace language (texts for contacts without their own). */
  defaultLanguage?: string
}

/** The region used and what the derivation did, in every command's result. */
export interface BookContext {
  /** The region numbers were read with (ISO 3166-1 alpha-2), or null. */
  region: CountryCode | null
  /** True when this run stored `--region` as the workspace default. */
  regionSaved: boolean
  /** The workspace language (for contacts without their own), or null when never set. */
  language: ContactLanguage | null
  /** What re-deriving the book from the chats did. */
  refresh: RefreshSummary
}

/** `contacts` result. */
export interface ContactsListResult extends BookContext {
  /** Every contact, by id. */
  contacts: ContactRow[]
  /** Who "me" is. */
  me: MeDetection
}

/** `contacts export` result. */
export interface ContactsExportResult extends BookContext {
  /** The file written. */
  file: string
  /** Contacts written. */
  contacts: number
}

/** `contacts import` result (per file). */
export interface ContactsImportResult extends BookContext, ApplyResult {
  /** The file read. */
  file: string
  /** How it was read. */
  format: 'csv' | 'vcard'
}

/** `contacts set` / `contacts me` result. */
export interface ContactSetResult extends BookContext {
  /** The contact after the change. */
  contact: ContactRow
  /** Field names that changed. */
  changed: string[]
  /** Who "me" is now. */
  me: MeDetection
}

/** What `contacts set` can change. */
export interface ContactChanges {
  /** XMPP address; empty text removes it. */
  jid?: string
  /** fr or en; empty text removes it. */
  language?: string
  /** tu or vous: how French texts to them address them; empty text removes it (then "tu"). */
  tone?: string
  /** Display name. */
  name?: string
  /** E-mail; empty text removes it. */
  email?: string
  /** Invite this contact (true) or not (false). */
  invite?: boolean
}

function noStore(workspace: Workspace): UserError {
  return new UserError('CONTACTS_NOTHING_IMPORTED', t('errors.contacts.nothingImported', {dir: workspace.dir}), {
    suggestions: [t('errors.contacts.importFirst'), t('errors.store.checkWorkspace')],
  })
}

/** Opens the book, resolves the region, re-derives, runs `work`, closes. */
function withBook<T>(workspace: Workspace, options: BookOptions, work: (repo: ContactRepository, context: BookContext) => T): T {
  if (!existsSync(workspace.storePath)) throw noStore(workspace)
  const store = Store.open(workspace.storePath)
  try {
    const repo = ContactRepository.open(store)
    try {
      const choice: RegionChoice = repo.transaction(() => resolveRegion(repo, options.region))
      if (options.defaultLanguage !== undefined) {
        const language = parseLanguage(options.defaultLanguage)
        if (language === null || language === undefined) {
          throw new UserError('CONTACTS_BAD_LANGUAGE', t('errors.contacts.badLanguage', {value: options.defaultLanguage}), {suggestions: [t('errors.contacts.badDefaultLanguageFix')]})
        }
        repo.transaction(() => saveLanguage(repo, language))
      }
      const refresh = refreshWith(repo, choice.region)
      return work(repo, {region: choice.region, regionSaved: choice.saved, language: storedLanguage(repo), refresh})
    } finally {
      repo.close()
    }
  } finally {
    store.close()
  }
}

/** The contact book, re-derived. An empty book (not an error) when nothing was imported. */
export function showContacts(workspace: Workspace, options: BookOptions = {}): ContactsListResult {
  if (!existsSync(workspace.storePath)) {
    const me: MeDetection = {status: 'none', contactId: null, candidates: [], reason: t('contacts.me.reason.nothingImported')}
    return {contacts: [], me, region: null, regionSaved: false, language: null, refresh: {contacts: 0, created: 0, merged: 0, linked: 0, me, warnings: []}}
  }
  return withBook(workspace, options, (repo, context) => ({...context, contacts: listWith(repo, context.refresh.me), me: context.refresh.me}))
}

/** Writes the book as CSV (mode 0600: it holds phone numbers). */
export function exportContacts(workspace: Workspace, file: string, options: BookOptions = {}): ContactsExportResult {
  return withBook(workspace, options, (repo, context) => {
    const contacts = listWith(repo, context.refresh.me)
    // 0600 before any byte is written, also for an existing file; a full disk names the file.
    writePrivateFile(file, contactsToCsv(contacts), t('errors.file.doing.writeContacts'))
    return {...context, file, contacts: contacts.length}
  })
}

/** Reads a file as UTF-8, or as Windows-1252 when it is not valid UTF-8 (older Excel on Windows). */
function readText(file: string): string {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    throw new UserError('CONTACTS_FILE_UNREADABLE', t('errors.contacts.fileUnreadable', {file}), {cause: error, suggestions: [t('errors.contacts.fileUnreadableFix')]})
  }
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/**
 * Applies a CSV (as exported, or saved back by a spreadsheet) or a vCard file to the book. One
 * transaction per file: bad rows are listed with their line and left out, every other row is
 * applied. Fails with CONTACTS_FILE_UNREADABLE, or CONTACTS_BAD_FILE when the file is neither.
 */
export function importContactsFile(workspace: Workspace, file: string, options: BookOptions = {}): ContactsImportResult {
  const text = readText(file)
  const vcard = ['.vcf', '.vcard'].includes(extname(file).toLowerCase()) || looksLikeVCard(text)
  return withBook(workspace, options, (repo, context) => {
    if (vcard) {
      const {cards, problems} = parseVCards(text)
      const result = applyVCards(repo, cards, context.region)
      result.errors.unshift(...problems.map((p) => ({line: p.line, code: 'CONTACTS_FILE', message: p.message})))
      return {...context, ...result, file, format: 'vcard' as const}
    }
    const {records, problems, columns} = parseContactsCsv(text)
    if (columns.length === 0) {
      throw new UserError('CONTACTS_BAD_FILE', problems[0] === undefined ? t('errors.contacts.badFileNoColumns', {file}) : t('errors.contacts.badFile', {file, why: problems[0].message}), {
        suggestions: [t('errors.contacts.badFileExportFirst'), t('errors.contacts.badFileVcf')],
      })
    }
    const result = applyCsv(repo, records, context.region)
    result.errors.unshift(...problems.map((p) => ({line: p.line, code: 'CONTACTS_FILE', message: p.message})))
    return {...context, ...result, file, format: 'csv' as const}
  })
}

/**
 * Applies the contact cards (.vcf) shared in the imported chats (WhatsApp "contact" messages
 * whose file was stored in the workspace) to the book, like `contacts import` of each card, but
 * a card finds its contact by phone number only: anyone in a chat can share a card with any name
 * on it (issue 14). Only `contacts import --from-chats` calls this: the organizer's decision.
 * Errors name the stored file (relative to the workspace) and the line.
 */
export function applySharedCards(repo: ContactRepository, workspace: Workspace, region: CountryCode | null): ApplyResult {
  const total: ApplyResult = {rows: 0, updated: [], created: [], unchanged: 0, unmatched: [], errors: [], warnings: []}
  for (const path of repo.contactCardPaths()) {
    const full = workspace.path(path)
    if (!existsSync(full)) continue
    const {cards, problems} = parseVCards(readText(full))
    const result = applyVCards(repo, cards, region, {matchByName: false})
    total.rows += result.rows
    total.updated.push(...result.updated.filter((id) => !total.updated.includes(id)))
    total.unchanged += result.unchanged
    total.unmatched.push(...result.unmatched)
    total.errors.push(...problems.map((p) => ({line: p.line, code: 'CONTACTS_FILE', message: `${path}: ${p.message}`})), ...result.errors.map((e) => ({...e, message: `${path}: ${e.message}`})))
    total.warnings.push(...result.warnings)
  }
  return total
}

/**
 * The contact cards shared in the imported chats, as suggestions (see CardSuggestion): nothing is
 * changed. Unreadable or broken cards are left out.
 */
export function suggestSharedCards(repo: ContactRepository, workspace: Workspace, region: CountryCode | null): CardSuggestion[] {
  const suggestions: CardSuggestion[] = []
  for (const {storedPath, fileName, sharedBy} of repo.sharedContactCards()) {
    const full = workspace.path(storedPath)
    if (!existsSync(full)) continue
    let text: string
    try {
      text = readText(full)
    } catch {
      continue
    }
    suggestions.push(...suggestVCards(repo, parseVCards(text).cards, region, fileName ?? storedPath, sharedBy))
  }
  return suggestions
}

/** `contacts import --from-chats`: applySharedCards on the workspace, after re-deriving. */
export function importSharedCards(workspace: Workspace, options: BookOptions = {}): ContactsImportResult {
  return withBook(workspace, options, (repo, context) => ({...context, ...applySharedCards(repo, workspace, context.region), file: workspace.mediaDir, format: 'vcard' as const}))
}

/**
 * The contact a selector names: an id, or a name / alias (NFC, case-folded, `~ ` ignored).
 * Fails with CONTACT_NOT_FOUND or CONTACT_AMBIGUOUS (naming the candidates).
 */
export function findContact(repo: ContactRepository, selector: string, rows: ContactRow[] = listWith(repo)): ContactRow {
  const text = selector.trim()
  if (/^\d+$/.test(text)) {
    const byId = rows.find((c) => c.id === Number(text))
    if (byId !== undefined) return byId
  }
  const key = nameKey(text)
  const matches = rows.filter((c) => nameKey(c.name) === key || c.aliases.some((a) => nameKey(a) === key) || c.phone === text.replace(/[\s\u00A0]/g, ''))
  if (matches.length === 1 && matches[0] !== undefined) return matches[0]
  if (matches.length > 1) {
    throw new UserError('CONTACT_AMBIGUOUS', t('errors.contacts.ambiguous', {selector, matches: matches.map((c) => `${c.id} (${c.name})`).join(', ')}), {
      suggestions: [t('errors.contacts.ambiguousFix', {id: matches[0]?.id ?? 1})],
    })
  }
  // The nearest names of the book first: `contacts set Mamy` → "Did you mean « Maman » or « Mamie Jeanne »?" (issue 16).
  const near = nearest(selector, rows.flatMap((c) => [c.name, ...c.aliases]), {words: true}).map((name) => t('errors.contacts.quoted', {name}))
  throw new UserError('CONTACT_NOT_FOUND', t('errors.contacts.notFound', {selector}), {
    suggestions: [
      ...(near.length > 0 ? [t('errors.contacts.didYouMean', {names: formatList(consoleLanguage(), near, 'disjunction')})] : []),
      t('errors.contacts.notFoundList'),
      t('errors.contacts.notFoundGive'),
    ],
  })
}

/**
 * Changes one contact. Fails with CONTACT_NOT_FOUND / CONTACT_AMBIGUOUS, CONTACTS_BAD_JID,
 * CONTACTS_DUPLICATE_JID, CONTACTS_BAD_LANGUAGE, CONTACTS_BAD_EMAIL.
 */
export function setContact(workspace: Workspace, selector: string, changes: ContactChanges, options: BookOptions = {}): ContactSetResult {
  return withBook(workspace, options, (repo, context) => {
    const target = findContact(repo, selector)
    const update: Parameters<ContactRepository['updateContact']>[1] = {}
    if (changes.jid !== undefined) {
      if (changes.jid.trim() === '') update.jid = null
      else {
        const check = checkContactJid(changes.jid)
        if (!check.ok) throw new UserError('CONTACTS_BAD_JID', t('errors.contacts.badJid', {reason: check.reason}), {suggestions: [t('errors.contacts.badJidFix')]})
        const owner = repo.contactWithJid(check.jid)
        if (owner !== undefined && owner !== target.id) {
          throw new UserError('CONTACTS_DUPLICATE_JID', t('errors.contacts.duplicateJid', {jid: check.jid, owner}), {
            suggestions: [t('errors.contacts.duplicateJidFix', {owner})],
          })
        }
        update.jid = check.jid
      }
    }
    if (changes.language !== undefined) {
      const language = parseLanguage(changes.language)
      if (language === null) throw new UserError('CONTACTS_BAD_LANGUAGE', t('errors.contacts.badLanguage', {value: changes.language}), {suggestions: [t('errors.contacts.badLanguageFix')]})
      update.language = language ?? null
    }
    if (changes.tone !== undefined) {
      const tone = parseTone(changes.tone)
      if (tone === null) throw new UserError('CONTACTS_BAD_TONE', t('people.errors.badTone', {value: changes.tone}), {suggestions: [t('people.errors.badToneHint')]})
      update.tone = tone ?? null
    }
    if (changes.email !== undefined) {
      const email = changes.email.trim()
      if (email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(email)) throw new UserError('CONTACTS_BAD_EMAIL', t('errors.contacts.badEmail', {value: changes.email}))
      update.email = email === '' ? null : email
    }
    if (changes.name !== undefined && cleanLabel(changes.name) !== '') Object.assign(update, {name: cleanLabel(changes.name), nameManual: true})
    if (changes.invite !== undefined) update.invite = changes.invite
    const changed = (Object.keys(update) as (keyof typeof update)[]).filter((k) => k !== 'nameManual' && update[k] !== (target as unknown as Record<string, unknown>)[k])
    repo.transaction(() => repo.updateContact(target.id, update))
    const me = detectMeWith(repo)
    const contact = listWith(repo, me).find((c) => c.id === target.id) ?? target
    return {...context, contact, changed, me}
  })
}

/** Says which contact is the person themself (never invited). Fails like findContact. */
export function setMe(workspace: Workspace, selector: string, options: BookOptions = {}): ContactSetResult {
  return withBook(workspace, options, (repo, context) => {
    const target = findContact(repo, selector)
    const before = repo.setting(SETTING.me)
    repo.transaction(() => repo.setSetting(SETTING.me, String(target.id)))
    const me = detectMeWith(repo)
    const contact = listWith(repo, me).find((c) => c.id === target.id) ?? target
    return {...context, contact, changed: before === String(target.id) ? [] : ['me'], me}
  })
}

/** Who "me" is (after re-deriving). */
export function showMe(workspace: Workspace, options: BookOptions = {}): BookContext & {me: MeDetection; contact: ContactRow | null} {
  return withBook(workspace, options, (repo, context) => {
    const me = context.refresh.me
    return {...context, me, contact: me.contactId === null ? null : (listWith(repo, me).find((c) => c.id === me.contactId) ?? null)}
  })
}

