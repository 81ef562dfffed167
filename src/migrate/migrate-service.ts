/**
 * The guided migration (issues 9 and 20): the list of its steps. Each step is a module of
 * src/migrate/steps/ with one small interface (FlowStep): it reads from the store and the
 * workspace what is already done, shows it as done, and records what it does (each service
 * commits its own transactions) before the next starts, so a rerun after a crash or Ctrl-C picks
 * up where the last one stopped. With `dryRun`, only the import (local) is done; the rest is
 * planned and shown, nothing goes on the network.
 *
 * Fails with MIGRATE_MISSING_ANSWER (non-interactive, naming the flag), MIGRATE_NO_EXPORTS,
 * and the UserErrors of the services it calls (import, contacts, account, rooms, invitations,
 * arrivals, history).
 */
import {checkContactAddresses} from './check-addresses.js'
import {Flow, type FlowStep, type MigrateRequest, type MigrateResult} from './flow.js'
import {hintFlags} from './hint-flags.js'
import {migrateMessages} from './messages.js'
import {readStatus} from './status.js'
import {statusLines} from './status-lines.js'
import {accountStep} from './steps/account.js'
import {arrivalsStep} from './steps/arrivals.js'
import {contactsStep} from './steps/contacts.js'
import {historyStep} from './steps/history.js'
import {importStep} from './steps/import.js'
import {invitationsStep} from './steps/invitations.js'
import {meStep} from './steps/me.js'
import {roomsStep} from './steps/rooms.js'

export type {MigratePlan, MigrateRequest, MigrateResult, StepReport, StepState} from './flow.js'
export {statusLines} from './status-lines.js'

/** The steps, in order. */
export const STEPS: readonly FlowStep[] = [importStep, meStep, accountStep, contactsStep, roomsStep, invitationsStep, arrivalsStep, historyStep]

/** Runs the guided migration (see the module comment). */
export async function runMigration(workspace: Flow['workspace'], request: MigrateRequest): Promise<MigrateResult> {
  // The hints keep the workspace (from the command) and how the server was reached (flags or config).
  const account = request.answers.account
  const connection = hintFlags({...(account?.host !== undefined ? {host: account.host} : {}), ...(account?.port !== undefined ? {port: account.port} : {}), ...(account?.directTls ? {'direct-tls': true} : {}), ...(account?.ca !== undefined ? {ca: account.ca} : {})})
  const m = migrateMessages(request.lang, [...(request.hintFlags ?? []), ...connection])
  const flow = new Flow(workspace, request, m)
  if (request.dryRun) flow.log(m.dryRunBanner)
  try {
    for (const step of STEPS) {
      flow.log(m.step(STEPS.indexOf(step) + 1, STEPS.length + 1, m.titles[step.name]))
      await step.run(flow)
      // Addresses are checked once given, before rooms and invitations are built on them.
      if (step.name === 'contacts') await checkContactAddresses(flow)
    }
  } finally {
    flow.closeStore()
  }
  const status = readStatus(workspace)
  flow.log(m.step(STEPS.length + 1, STEPS.length + 1, m.titles.summary))
  for (const line of statusLines(status, m)) flow.log(line)
  // Every step that failed, with what to do (the details were printed by the step).
  const failed = flow.steps.filter((st) => st.state === 'failed')
  for (const st of failed) flow.log(m.t('flow.summary.failed', {step: m.titles[st.step], detail: st.detail}))
  if (failed.length > 0) flow.log(m.t('flow.summary.failedHint', {command: m.command('migrate')}))
  if (flow.plan.missing.length > 0) {
    flow.log(m.missing)
    for (const flag of flow.plan.missing) flow.log(`  ${flag}`)
  }
  return {dryRun: request.dryRun, lang: request.lang, steps: flow.steps, plan: flow.plan, status, failed: flow.failed}
}
