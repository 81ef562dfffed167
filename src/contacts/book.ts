/**
 * The contact book: derived from the participants of every imported chat, completed by the
 * person. These functions work on an open ContactRepository; index.ts wraps them for a Store.
 *
 * Derivation (refreshWith) runs when:
 * - a `contacts` command starts (it refreshes, then acts), and
 * - the import/migrate flow calls refreshContacts(store) after an import.
 * chatMembers also refreshes first when it meets a participant not linked yet.
 * It is idempotent (a rerun changes nothing) and incremental (a new import adds and merges), and
 * never writes what the person set: jid, language, email, invite, a manual name or phone, me.
 */
import type {CountryCode} from 'libphonenumber-js'

import {BugError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import {SETTING, storedRegion} from '../settings/index.js'
import type {ContactRecord, ContactRepository, ContactUpdate} from '../store/index.js'
import {decideMe, type MeChat} from './me.js'
import {cleanLabel, displayName, nameKey} from './names.js'
import {phoneKey, readPhone, type PhoneReading} from './phone.js'
import type {ChatMember, ContactRow, ContactWarning, MeDetection, RefreshSummary} from './types.js'

/** True when a label is a phone number (with or without country code). */
export function isPhoneLabel(label: string): boolean {
  return readPhone(label, null) !== null
}

/** The matching keys of a person seen somewhere: source id, phone, name (not for a phone label). */
export function keysOf(person: {label: string; phone: PhoneReading | null; source?: string; sourceId?: string | null}): string[] {
  const keys: string[] = []
  if (person.sourceId && person.source) keys.push(`source:${person.source}:${person.sourceId}`)
  if (person.phone !== null) keys.push(phoneKey(person.phone))
  const key = nameKey(person.label)
  if (key !== '' && !isPhoneLabel(person.label)) keys.push(`name:${key}`)
  return keys
}

/**
 * Re-derives the contact book in one transaction. `region` reads local numbers (default: the
 * workspace's). See the module comment for what it keeps.
 */
export function refreshWith(repo: ContactRepository, region: CountryCode | null = storedRegion(repo)): RefreshSummary {
  return repo.transaction(() => {
    const warnings: ContactWarning[] = []
    let created = 0
    let merged = 0
    let linked = 0
    const localNumbers = new Set<string>()

    /** The contact for these keys: found (merging several into the lowest id) or created. */
    const contactFor = (keys: string[], known: number | null, label: string, phone: PhoneReading | null): number => {
      const ids = new Set(repo.contactsWithKeys(keys))
      if (known !== null) ids.add(known)
      const sorted = [...ids].sort((a, b) => a - b)
      let id = sorted[0]
      if (id === undefined) {
        id = repo.createContact(cleanLabel(label) || label, phone?.value ?? null)
        created++
      }
      for (const other of sorted.slice(1)) {
        mergeContacts(repo, id, other, warnings)
        merged++
      }
      for (const key of keys) repo.addKey(id, key)
      repo.addAlias(id, label)
      return id
    }

    for (const p of repo.participants()) {
      const phone: PhoneReading | null = p.phone !== null ? {kind: 'e164', value: p.phone} : readPhone(p.name, region)
      if (phone?.kind === 'local') localNumbers.add(phone.value)
      const id = contactFor(keysOf({label: p.name, phone, source: p.source, sourceId: p.sourceId}), p.contactId, p.name, phone)
      if (repo.linkParticipant(p.participantId, id)) linked++
      if (phone !== null) fillPhone(repo, id, phone)
    }

    // The Signal owner is not a participant of their own chats; give them a contact by name.
    for (const name of repo.signalSelfAuthors()) contactFor(keysOf({label: name, phone: null}), null, name, null)

    const aliases = repo.aliases()
    for (const contact of repo.contacts()) {
      const update: ContactUpdate = {}
      if (!contact.nameManual) {
        const labels = aliases.get(contact.id) ?? []
        if (labels.length > 0) update.name = displayName(labels, isPhoneLabel)
      }
      // A number kept as written becomes E.164 once a region is known.
      if (region !== null && contact.phone !== null && !contact.phone.startsWith('+')) {
        const reading = readPhone(contact.phone, region)
        if (reading?.kind === 'e164') {
          update.phone = reading.value
          repo.addKey(contact.id, phoneKey(reading))
        }
      }
      repo.updateContact(contact.id, update)
    }

    if (localNumbers.size > 0) {
      warnings.push({
        code: 'CONTACTS_NO_REGION',
        message: t('contacts.warnings.noRegion', {count: localNumbers.size, example: [...localNumbers][0]}),
      })
    }
    return {contacts: repo.contacts().length, created, merged, linked, me: detectMeWith(repo), warnings}
  })
}

/** Sets a derived phone on a contact that has none (or only a local one), unless the person set it. */
function fillPhone(repo: ContactRepository, id: number, phone: PhoneReading): void {
  const contact = repo.contact(id)
  if (contact === undefined || contact.phoneManual) return
  if (contact.phone === null || (phone.kind === 'e164' && !contact.phone.startsWith('+'))) repo.updateContact(id, {phone: phone.value})
}

/**
 * Merges contact `drop` into `keep` (the lower id): keys, aliases and chats move; fields the
 * person set on either are kept (`keep`'s win when both have one, with a warning); "me" follows.
 */
export function mergeContacts(repo: ContactRepository, keep: number, drop: number, warnings: ContactWarning[]): void {
  const a = repo.contact(keep)
  const b = repo.contact(drop)
  if (a === undefined || b === undefined) throw new BugError(`Cannot merge contacts ${keep} and ${drop}: one is missing.`)
  const update: ContactUpdate = {invite: a.invite || b.invite}
  for (const field of ['jid', 'language', 'tone', 'email'] as const) {
    if (a[field] === null && b[field] !== null) Object.assign(update, {[field]: b[field]})
    else if (a[field] !== null && b[field] !== null && a[field] !== b[field]) {
      warnings.push({
        code: 'CONTACTS_MERGE_CONFLICT',
        message: t('contacts.warnings.mergeConflict', {keepName: a.name, keep, dropName: b.name, drop, field, kept: a[field], dropped: b[field]}),
      })
    }
  }
  if (!a.nameManual && b.nameManual) Object.assign(update, {name: b.name, nameManual: true})
  if (!a.phoneManual && b.phoneManual) Object.assign(update, {phone: b.phone, phoneManual: true})
  else if (a.phone === null && b.phone !== null) update.phone = b.phone
  if (repo.setting(SETTING.me) === String(drop)) repo.setSetting(SETTING.me, String(keep))
  repo.absorb(keep, drop)
  repo.updateContact(keep, update)
}

/** Who "me" is, from the store (read only). */
export function detectMeWith(repo: ContactRepository): MeDetection {
  const manualText = repo.setting(SETTING.me)
  const manualContact = manualText === undefined || !/^\d+$/.test(manualText) ? undefined : repo.contact(Number(manualText))
  // Said by the person: nothing to detect (and no need to read every chat).
  if (manualContact !== undefined) {
    const chats = repo.chatsOfContacts().get(manualContact.id)?.length ?? 0
    return decideMe({whatsappChats: [], signalSelf: [], manual: manualContact.id, contacts: new Map([[manualContact.id, {name: manualContact.name, chats}]])})
  }
  const contacts = repo.contacts()
  const chatsOf = repo.chatsOfContacts()
  const manual = null

  const chats = new Map<number, MeChat>()
  const info = new Map(repo.chats().map((c) => [c.id, c]))
  const telegramSelf: number[] = []
  for (const p of repo.participants()) {
    if (p.source === 'telegram' && p.sourceId?.startsWith('self:') && p.contactId !== null) telegramSelf.push(p.contactId)
    const chat = info.get(p.chatId)
    if (chat === undefined || chat.source !== 'whatsapp' || p.contactId === null) continue
    let entry = chats.get(p.chatId)
    if (entry === undefined) chats.set(p.chatId, (entry = {kind: chat.kind, titleKey: nameKey(chat.title), members: []}))
    entry.members.push({contactId: p.contactId, nameKey: nameKey(p.name)})
  }
  const signalSelf = repo
    .signalSelfAuthors()
    .map((name) => repo.contactsWithKeys([`name:${nameKey(name)}`])[0])
    .filter((id): id is number => id !== undefined)
  return decideMe({
    whatsappChats: [...chats.values()],
    signalSelf,
    telegramSelf,
    manual,
    contacts: new Map(contacts.map((c) => [c.id, {name: c.name, chats: chatsOf.get(c.id)?.length ?? 0}])),
  })
}

/** Every contact with its aliases, chats and status, by id. */
export function listWith(repo: ContactRepository, me: MeDetection = detectMeWith(repo)): ContactRow[] {
  const aliases = repo.aliases()
  const chats = repo.chatsOfContacts()
  return repo.contacts().map((c) => toRow(c, aliases.get(c.id) ?? [], chats.get(c.id) ?? [], c.id === me.contactId))
}

function toRow(c: ContactRecord, aliases: string[], chats: ContactRow['chats'], isMe: boolean): ContactRow {
  return {
    id: c.id,
    name: c.name,
    aliases,
    phone: c.phone,
    jid: c.jid,
    language: c.language,
    tone: c.tone,
    email: c.email,
    invite: c.invite,
    isMe,
    chats,
    status: isMe ? 'me' : c.jid !== null ? 'has-jid' : c.invite ? 'invite' : 'no-jid',
  }
}

/** The contact of "me" when set or sure, else null. */
export function meWith(repo: ContactRepository): ContactRow | null {
  const me = detectMeWith(repo)
  if (me.contactId === null) return null
  return listWith(repo, me).find((c) => c.id === me.contactId) ?? null
}

/** Members of one chat as contacts, in order of first appearance; "me" included (flagged). */
export function membersWith(repo: ContactRepository, chatId: number): ChatMember[] {
  if (repo.participants(chatId).some((p) => p.contactId === null)) refreshWith(repo)
  const me = detectMeWith(repo)
  const ids: number[] = []
  for (const p of repo.participants(chatId)) if (p.contactId !== null && !ids.includes(p.contactId)) ids.push(p.contactId)
  if (me.contactId !== null && !ids.includes(me.contactId) && repo.chats().some((c) => c.id === chatId)) ids.push(me.contactId)
  return ids.flatMap((id) => {
    const c = repo.contact(id)
    if (c === undefined) return []
    const isMe = id === me.contactId
    return [{contactId: id, name: c.name, jid: c.jid, language: c.language, tone: c.tone, isMe, invite: c.invite && !isMe, phone: c.phone}]
  })
}
