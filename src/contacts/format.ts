/** Human output of the contacts commands (the `--json` output is the typed results). */
import type {ApplyResult, CardSuggestion} from './apply.js'
import type {BookContext} from './service.js'
import type {ContactRow, ContactStatus, MeDetection} from './types.js'

const STATUS: Record<ContactStatus, string> = {me: 'me', 'has-jid': 'has JID', invite: 'invite', 'no-jid': 'no JID'}

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
    ['ID', 'NAME', 'PHONE', 'JID', 'LANG', 'CHATS', 'STATUS'],
    contacts.map((c) => [String(c.id), c.name, c.phone ?? '-', c.jid ?? '-', c.language ?? '-', c.chats.map((chat) => chat.title).join(', ') || '-', STATUS[c.status]]),
  )
}

/** One sentence about "me". */
export function formatMe(me: MeDetection): string {
  switch (me.status) {
    case 'set':
    case 'sure':
      return `You are ${me.candidates[0]?.name ?? '?'} (contact ${me.contactId ?? '?'}). ${me.reason}`
    case 'unsure':
      return `Which contact is you is not certain (${me.reason}) Candidates: ${me.candidates.map((c) => `${c.id} ${c.name}`).join(', ')}. Say it with: xmpp-migrate contacts me <id>`
    case 'none':
      return 'Nobody is known as you yet; once chats are imported: xmpp-migrate contacts me <id>'
  }
}

/** Notes for stderr: region saved, derivation warnings. */
export function contextNotes(context: BookContext): string[] {
  const notes: string[] = []
  if (context.regionSaved) notes.push(`Region ${context.region ?? ''} saved as this workspace's default for phone numbers.`)
  for (const warning of context.refresh.warnings) notes.push(`warning: ${warning.message}`)
  return notes
}

/** A summary of an import, and one line per row not applied. */
export function formatApply(result: ApplyResult & {file: string; format: string}): string[] {
  const lines = [
    `${result.file} (${result.format}): ${result.rows} row(s); ${result.updated.length} contact(s) updated, ${result.created.length} added, ${result.unchanged} unchanged, ${result.unmatched.length} not in any chat (skipped), ${result.errors.length} not applied.`,
  ]
  for (const error of result.errors) lines.push(`  line ${error.line}: ${error.message} [${error.code}]`)
  for (const warning of result.warnings) lines.push(`  note: ${warning.message}`)
  return lines
}

/**
 * Lines about the contact cards found in imported chats (issue 14): what each offers, that it was
 * not applied, and the command that would apply it.
 */
export function formatCardSuggestions(cards: readonly CardSuggestion[]): string[] {
  if (cards.length === 0) return []
  const lines = [`${cards.length} contact card(s) were shared in the chats; none was applied (anyone in a chat can share a card with any name and address on it).`]
  for (const card of cards) {
    const what = `${card.file}${card.sharedBy === null ? '' : ` (shared by ${card.sharedBy})`}, line ${card.line}: "${card.name ?? '?'}"`
    const address = card.jid === null ? 'no XMPP address' : `the address ${card.jid}`
    if (card.contactId !== null) {
      const apply = card.jid === null ? '' : ` If you trust it: xmpp-migrate contacts set ${card.contactId} --jid ${card.jid}`
      lines.push(`  ${what} with ${address}, and the phone number of contact ${card.contactId} (${card.contactName ?? '?'}).${apply}`)
    } else {
      const apply = card.jid === null ? '' : ` If it is right: xmpp-migrate contacts set <id> --jid ${card.jid}`
      lines.push(`  ${what} with ${address}; its phone number is no contact's.${apply}`)
    }
  }
  lines.push('  To apply the cards whose phone number matches a contact: xmpp-migrate contacts import --from-chats')
  return lines
}
