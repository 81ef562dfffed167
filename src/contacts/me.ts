/**
 * Who the person migrating is, among the contacts. Pure: works on what derive.ts collects.
 *
 * - Signal marks the account owner's messages (their source id starts with `self:`), so a Signal
 *   import names the owner for sure. So does a Telegram import: its owner's participant source
 *   id starts with `self:` (from `personal_information`, or the other side of a 1:1 chat).
 * - A WhatsApp export holds only chats the exporting person is in, and names them as the author
 *   of their messages: the exporter is the participant present in every exported chat. A direct
 *   chat is titled after the other person, which rules that one out. With a single chat, or
 *   several people in every chat, it cannot be told: the candidates are reported as `unsure`
 *   and `contacts me` decides. (The "You …"/"Vous …" events of an export never name the
 *   exporter, so they do not help here.)
 */
import {t} from '../i18n/index.js'
import type {MeCandidate, MeDetection} from './types.js'

/** One WhatsApp chat as the detection sees it. */
export interface MeChat {
  /** Direct or group. */
  kind: 'direct' | 'group'
  /** nameKey of the title (for a direct chat, the other person). */
  titleKey: string
  /** The chat's participants: their contact and the nameKey of the label they had there. */
  members: {contactId: number; nameKey: string}[]
}

/** What the detection works on. */
export interface MeEvidence {
  /** WhatsApp chats (with at least one participant). */
  whatsappChats: MeChat[]
  /** Contacts of the names Signal marks as the owner's. */
  signalSelf: number[]
  /** Contacts of the participants a Telegram export marks as the owner (`self:` source ids). */
  telegramSelf?: number[]
  /** The contact the person set with `contacts me`, if any (and still existing). */
  manual: number | null
  /** Name and number of chats of every contact (for candidates). */
  contacts: Map<number, {name: string; chats: number}>
}

/** Decides who "me" is from the evidence. */
export function decideMe(evidence: MeEvidence): MeDetection {
  const candidate = (id: number): MeCandidate => ({id, name: evidence.contacts.get(id)?.name ?? '?', chats: evidence.contacts.get(id)?.chats ?? 0})
  if (evidence.manual !== null) return {status: 'set', contactId: evidence.manual, candidates: [candidate(evidence.manual)], reason: t('contacts.me.reason.set')}

  const whatsapp = detectWhatsApp(evidence.whatsappChats)
  // Signal and Telegram both say who the account owner is.
  const signal = [...new Set([...evidence.signalSelf, ...(evidence.telegramSelf ?? [])])]
  const app = evidence.signalSelf.length > 0 ? 'Signal' : 'Telegram'
  if (signal.length === 1) {
    const [self] = signal as [number]
    if (whatsapp.sure !== null && whatsapp.sure !== self) {
      return {
        status: 'unsure',
        contactId: null,
        candidates: [candidate(self), candidate(whatsapp.sure)],
        reason: t('contacts.me.reason.appsDisagree', {app}),
      }
    }
    return {status: 'sure', contactId: self, candidates: [candidate(self)], reason: t('contacts.me.reason.appMarksOwner', {app})}
  }
  if (signal.length > 1) {
    return {status: 'unsure', contactId: null, candidates: signal.map(candidate), reason: evidence.telegramSelf?.length ? t('contacts.me.reason.signalTelegramSeveral') : t('contacts.me.reason.signalSeveral')}
  }
  if (whatsapp.sure !== null) {
    return {status: 'sure', contactId: whatsapp.sure, candidates: [candidate(whatsapp.sure)], reason: t('contacts.me.reason.onlyInEvery')}
  }
  if (whatsapp.candidates.length === 0) return {status: 'none', contactId: null, candidates: [], reason: t('contacts.me.reason.noChat')}
  const ranked = whatsapp.candidates.map(candidate).sort((a, b) => b.chats - a.chats || a.id - b.id).slice(0, 5)
  return {status: 'unsure', contactId: null, candidates: ranked, reason: whatsapp.reason}
}

function detectWhatsApp(chats: readonly MeChat[]): {sure: number | null; candidates: number[]; reason: string} {
  if (chats.length === 0) return {sure: null, candidates: [], reason: ''}
  const sets = chats.map((chat) => new Set(chat.members.filter((m) => chat.kind === 'group' || m.nameKey !== chat.titleKey).map((m) => m.contactId)))
  const inEvery = [...(sets[0] ?? [])].filter((id) => sets.every((set) => set.has(id)))
  if (inEvery.length === 1 && chats.length >= 2) return {sure: inEvery[0] ?? null, candidates: inEvery, reason: ''}
  if (inEvery.length >= 1) {
    return {
      sure: null,
      candidates: inEvery,
      reason: chats.length === 1 ? t('contacts.me.reason.oneChat') : t('contacts.me.reason.severalInEvery'),
    }
  }
  // Nobody is in every chat (the exporter never wrote in one of them): propose everyone seen.
  const all = [...new Set(chats.flatMap((c) => c.members.filter((m) => c.kind === 'group' || m.nameKey !== c.titleKey).map((m) => m.contactId)))]
  return {sure: null, candidates: all, reason: t('contacts.me.reason.nobodyInEvery')}
}
