import {formatList} from '../i18n/index.js'
import {fixLine} from './check-addresses.js'
import type {MigrateMessages} from './messages.js'
import type {MigrateStep, MigrationStatus} from './status.js'

/** What to run for the next step (with the flags the person gave), and the other way to do it. */
function nextCommand(step: Exclude<MigrateStep, 'done'>, m: MigrateMessages): string {
  const c = m.command
  const commands: Record<Exclude<MigrateStep, 'done'>, {run: string; or?: string}> = {
    import: {run: c(m.t('flow.status.exportsArg'))}, // i18n-ignore: command arguments
    me: {run: c(`migrate --me ${m.t('flow.status.idOrName')}`), or: c('contacts me …')}, // i18n-ignore: command arguments
    account: {run: c(`migrate --jid ${m.t('flow.status.nameAtServer')} --account create|login`)}, // i18n-ignore: command arguments
    contacts: {run: c('migrate --other-contacts invite|skip'), or: c('contacts set …')}, // i18n-ignore: command arguments
    rooms: {run: c('migrate'), or: c('rooms create')}, // i18n-ignore: command arguments
    invitations: {run: c('migrate'), or: c('invite')}, // i18n-ignore: command arguments
    arrivals: {run: c('arrivals --watch'), or: c('migrate')}, // i18n-ignore: command arguments
    history: {run: c('migrate --history html'), or: c('history export')}, // i18n-ignore: command arguments
  }
  const {run, or} = commands[step]
  return or === undefined ? run : m.t('flow.status.commandOr', {run, or})
}

/** The lines `status` and the flow's summary print (pure). */
export function statusLines(status: MigrationStatus, m: MigrateMessages): string[] {
  const l = m.labels
  const c = status.contacts
  const list = (items: string[]): string => formatList(m.lang, items)
  return [
    m.summaryLine(l.sources, status.sources.length === 0 ? l.none : list(status.sources.map((s) => `${s.path} (${s.source ?? '?'})`))),
    m.summaryLine(l.account, status.account ?? l.none),
    m.summaryLine(l.contacts, m.t('flow.status.contacts', {total: c.total, me: c.me ?? '', hasMe: String(c.me !== null), withJid: c.withJid, toInvite: c.toInvite, skipped: c.skipped, undecided: c.undecided})),
    m.summaryLine(l.rooms, m.t('flow.status.rooms', {planned: status.rooms.planned, created: status.rooms.created, complete: status.rooms.reconciled})),
    m.summaryLine(l.invitations, m.t('flow.status.invitations', {sent: status.invitations.roomInvitations, kit: status.invitations.kitDir ?? l.none})),
    ...status.roomPeople.map((r) =>
      m.summaryLine(
        `  ${r.name}`,
        m.t('flow.status.roomPeople', {hasIn: String(r.in.length > 0), in: list(r.in), hasWaiting: String(r.waiting.length > 0), waiting: list(r.waiting), hasLeftOut: String(r.leftOut.length > 0), leftOut: list(r.leftOut)}),
      ),
    ),
    ...status.arrivals.unidentified.map((u) => m.summaryLine(m.t('flow.status.toIdentify'), `${u.jid} — ${m.command(u.assign.replace(/^xmpp-migrate /, ''))}`)),
    ...status.addressProblems.flatMap((p) => [
      m.t('flow.status.addressProblem', {name: p.name, jid: p.jid, problem: p.problem, suggestion: p.suggestion ?? ''}),
      `      ${fixLine({m}, p.name, p.suggestion)}`,
    ]),
    ...status.undo.map((u) => m.t(u.what === 'rooms' ? 'flow.undo.rooms' : 'flow.undo.invitations', {count: u.count, command: u.command, one: u.one})),
    m.summaryLine(l.history, status.historyDir ?? (status.historyShared ? m.t('flow.status.historyShared') : l.none)),
    m.nextStep(status.next === 'done' ? m.t('flow.status.done') : m.t('flow.status.next', {step: m.titles[status.next], command: nextCommand(status.next, m)})),
  ]
}
