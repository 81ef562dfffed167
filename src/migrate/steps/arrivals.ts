/**
 * 7. Arrivals (issue 20): the people who came through their invitations are identified (on
 * certain evidence; the others are asked about, or listed with the command that assigns them)
 * and seated in their rooms. Runs again on every rerun: the migration is done when everyone is
 * in their rooms, not when the invitations are written.
 */
import {checkArrivals, type WhoIsQuestion} from '../../arrivals/index.js'
import {listContacts} from '../../contacts/index.js'
import type {Flow, FlowStep} from '../flow.js'
import {skipIfHeld} from '../holds.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'

async function run(flow: Flow): Promise<void> {
  if (skipIfHeld(flow, 'arrivals')) return // issue 16: the rooms were declined or contacts are unanswered
  const m = flow.m
  const invitees = flow.plan.contacts.filter((c) => c.outcome === 'invite')
  const answers = flow.request.answers.arrivals ?? new Map<string, string>()
  if (flow.request.dryRun || flow.plan.account === null) {
    const detail = invitees.length === 0 ? m.arrivalsNone : m.arrivalsWould(invitees.length)
    flow.log(detail)
    flow.report('arrivals', invitees.length === 0 ? 'skipped' : 'planned', detail)
    return
  }
  // Nobody was ever invited (everyone had an address): nothing to wait for. Once someone was,
  // the step runs on every rerun: its available presence also makes the server resend our own
  // pending subscription requests, which completes both subscriptions of people seated earlier.
  const everInvited = listContacts(flow.store).some((c) => c.invite && !c.isMe)
  if (!everInvited && answers.size === 0 && invitees.length === 0) {
    flow.log(m.arrivalsNone)
    flow.report('arrivals', 'skipped', m.arrivalsNone)
    return
  }
  const interactive = !(flow.request.asker instanceof NonInteractiveAsker)
  const ask = interactive
    ? async (q: WhoIsQuestion): Promise<number | null> =>
        flow.request.asker.select<number | null>({message: m.whoIs(q.jid, q.nick), flag: m.t('flow.flags.arrival'), choices: [...q.candidates.map((c) => ({name: c.name, value: c.contactId as number | null})), {name: m.someoneElse, value: null}]})
    : undefined
  const connect = flow.connect
  const report = await checkArrivals(flow.workspace, {
    connection: flow.request.timeoutSeconds !== undefined ? {timeout: flow.request.timeoutSeconds} : {},
    answers,
    ...(ask ? {ask} : {}),
    ...(connect ? {connect} : {}),
    onProgress: (line) => flow.request.note(`  ${line}`),
  })
  for (const s of report.seated) flow.log(m.arrivalsSeated(s.name, s.jid, s.rooms.length))
  for (const f of report.failed) flow.log(m.roomFailed(f.name ?? f.jid, f.message))
  for (const u of report.unidentified) flow.log(m.arrivalsUnidentified(u.jid, m.command(u.assign.replace(/^xmpp-migrate /, ''))))
  if (report.waiting.length > 0) {
    flow.log(m.arrivalsWaiting(report.waiting.map((w) => w.name).join(', ')))
    flow.log(m.arrivalsWaitingHint)
  }
  if (report.complete) flow.log(m.arrivalsComplete)
  const detail = m.arrivalsSummary(report.seated.length + report.alreadySeated.length, report.waiting.length, report.unidentified.length)
  if (report.failed.length > 0) flow.failed = true
  flow.report('arrivals', report.failed.length > 0 ? 'failed' : report.complete ? (report.seated.length > 0 ? 'done' : 'already-done') : 'planned', detail)
}

/** 7. Arrivals: the people who used their invitation, seated in their rooms. */
export const arrivalsStep: FlowStep = {name: 'arrivals', run}
