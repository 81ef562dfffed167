/** Human output of the contacts commands (the `--json` output is the typed results), in the console's language. */
import {t} from '../i18n/index.js'
import type {ApplyResult, CardSuggestion} from './apply.js'
import type {BookContext} from './service.js'
import type {ContactRow, ContactStatus, MeDetection} from './types.js'

function statusText(status: ContactStatus): string {
  switch (status) {
    case 'me':
      return t('contacts.status.me')
    case 'has-jid':
      return t('contacts.status.hasJid')
    case 'invite':
      return t('contacts.status.invite')
    case 'no-jid':
      return t('contacts.status.noJid')
  }
}

/** A plain aligned table (width counted in code points). */
export function formatTable(head: string[], rows: string[][]): string {
  const width = (s: string) => [...s].length
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd()
  return [line(head), ...rows.map(line)].join('\n')
}

/** The contacts as a table. */
export function formatContacts(contacts: readonly ContactRow[]): string {
  return formatTable(
    [t('contacts.table.id'), t('contacts.table.name'), t('contacts.table.phone'), t('contacts.table.jid'), t('contacts.table.lang'), t('contacts.table.chats'), t('contacts.table.status')],
    contacts.map((c) => [String(c.id), c.name, c.phone ?? '-', c.jid ?? '-', c.language ?? '-', c.chats.map((chat) => chat.title).join(', ') || '-', statusText(c.status)]),
  )
}

/** One sentence about "me". */
export function formatMe(me: MeDetection): string {
  switch (me.status) {
    case 'set':
    case 'sure':
      return t('contacts.me.youAre', {name: me.candidates[0]?.name ?? '?', id: me.contactId ?? '?', reason: me.reason})
    case 'unsure':
      return t('contacts.me.unsure', {reason: me.reason, candidates: me.candidates.map((c) => `${c.id} ${c.name}`).join(', ')})
    case 'none':
      return t('contacts.me.none')
  }
}

/** Notes for stderr: region saved, derivation warnings. */
export function contextNotes(context: BookContext): string[] {
  const notes: string[] = []
  if (context.regionSaved) notes.push(t('contacts.regionSaved', {region: context.region ?? ''}))
  for (const warning of context.refresh.warnings) notes.push(t('contacts.warningLine', {message: warning.message}))
  return notes
}

/** A summary of an import, and one line per row not applied. */
export function formatApply(result: ApplyResult & {file: string; format: string}): string[] {
  const lines = [
    t('contacts.apply.summary', {
      file: result.file,
      format: result.format,
      rows: result.rows,
      updated: result.updated.length,
      created: result.created.length,
      unchanged: result.unchanged,
      unmatched: result.unmatched.length,
      failed: result.errors.length,
    }),
  ]
  for (const error of result.errors) lines.push(t('contacts.apply.errorLine', {line: error.line, message: error.message, code: error.code}))
  for (const warning of result.warnings) lines.push(t('contacts.apply.noteLine', {message: warning.message}))
  return lines
}

/**
 * Lines about the contact cards found in imported chats (issue 14): what each offers, that it was
 * not applied, and the command that would apply it.
 */
export function formatCardSuggestions(cards: readonly CardSuggestion[]): string[] {
  if (cards.length === 0) return []
  const lines = [t('contacts.cards.intro', {count: cards.length})]
  for (const card of cards) {
    const name = card.name ?? '?'
    const what = card.sharedBy === null ? t('contacts.cards.what', {file: card.file, line: card.line, name}) : t('contacts.cards.whatSharedBy', {file: card.file, sharedBy: card.sharedBy, line: card.line, name})
    if (card.contactId !== null) {
      const known = {what, id: card.contactId, contact: card.contactName ?? '?'}
      lines.push(card.jid === null ? t('contacts.cards.matchNoJid', known) : t('contacts.cards.matchWithJid', {...known, jid: card.jid}))
    } else {
      lines.push(card.jid === null ? t('contacts.cards.noMatchNoJid', {what}) : t('contacts.cards.noMatchWithJid', {what, jid: card.jid}))
    }
  }
  lines.push(t('contacts.cards.applyHint'))
  return lines
}
