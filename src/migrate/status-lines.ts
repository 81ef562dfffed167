import {tr} from '../i18n/index.js'
import {migrateMessages, type MigrateMessages} from './messages.js'
import type {MigrateStep, MigrationStatus} from './status.js'

/** The command to run for each next step. */
const NEXT_COMMAND: Record<MigrateStep, string> = {
  import: 'xmpp-migrate migrate <exports…>',
  me: 'xmpp-migrate migrate --me "<id or name>"  (or: xmpp-migrate contacts me <id>)',
  account: 'xmpp-migrate migrate --jid NAME@SERVER --account create|login',
  contacts: 'xmpp-migrate migrate --other-contacts invite|skip  (or: xmpp-migrate contacts set …)',
  rooms: 'xmpp-migrate migrate  (or: xmpp-migrate rooms create)',
  invitations: 'xmpp-migrate migrate  (or: xmpp-migrate invite)',
  arrivals: 'xmpp-migrate arrivals --watch  (or, later: xmpp-migrate migrate)',
  history: 'xmpp-migrate migrate --history html  (or: xmpp-migrate history export)',
  done: '—',
}

/** The lines `status` and the flow's summary print (pure). */
export function statusLines(status: MigrationStatus, m: MigrateMessages): string[] {
  const l = m.labels
  const c = status.contacts
  const fr = m === migrateMessages('fr')
  return [
    m.summaryLine(l.sources, status.sources.length === 0 ? l.none : status.sources.map((s) => `${s.path} (${s.source ?? '?'})`).join(', ')),
    m.summaryLine(l.account, status.account ?? l.none),
    m.summaryLine(l.contacts, fr ? `${c.total} (moi : ${c.me ?? '?'}) — ${c.withJid} avec adresse, ${c.toInvite} à inviter, ${c.skipped} laissés de côté, ${c.undecided} sans réponse` : `${c.total} (me: ${c.me ?? '?'}) — ${c.withJid} with an address, ${c.toInvite} to invite, ${c.skipped} left out, ${c.undecided} undecided`),
    m.summaryLine(l.rooms, fr ? `${status.rooms.planned} prévus, ${status.rooms.created} créés, ${status.rooms.reconciled} complets` : `${status.rooms.planned} planned, ${status.rooms.created} created, ${status.rooms.reconciled} reconciled`),
    m.summaryLine(l.invitations, `${fr ? 'invitations aux salons envoyées : ' : 'room invitations sent: '}${status.invitations.roomInvitations}; kit${fr ? ' : ' : ': '}${status.invitations.kitDir ?? l.none}`),
    ...status.roomPeople.map((r) =>
      m.summaryLine(
        `  ${r.name}`,
        fr
          ? `${r.in.length > 0 ? `dedans : ${r.in.join(', ')}` : 'personne dedans'}${r.waiting.length > 0 ? ` ; pas encore arrivé·es : ${r.waiting.join(', ')}` : ''}${r.leftOut.length > 0 ? ` ; sans adresse ni invitation : ${r.leftOut.join(', ')}` : ''}`
          : `${r.in.length > 0 ? `in: ${r.in.join(', ')}` : 'nobody in yet'}${r.waiting.length > 0 ? `; not arrived yet: ${r.waiting.join(', ')}` : ''}${r.leftOut.length > 0 ? `; no address, not invited: ${r.leftOut.join(', ')}` : ''}`,
      ),
    ),
    ...status.arrivals.unidentified.map((u) => m.summaryLine(fr ? '  ? à identifier' : '  ? to identify', `${u.jid} — ${u.assign}`)),
    m.summaryLine(l.history, status.historyDir ?? l.none),
    ...status.undo.map((u) => tr(m.alreadyDone === migrateMessages('fr').alreadyDone ? 'fr' : 'en', u.what === 'rooms' ? 'flow.undo.rooms' : 'flow.undo.invitations', {count: u.count, command: u.command, one: u.one})),
    m.nextStep(status.next === 'done' ? (fr ? 'rien, tout le monde est dans ses salons : la migration est faite' : 'none, everyone is in their rooms: the migration is done') : `${status.next} — ${NEXT_COMMAND[status.next]}`),
  ]
}
