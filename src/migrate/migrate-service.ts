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
import {Flow, type FlowStep, type MigrateRequest, type MigrateResult} from './flow.js'
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
  const m = migrateMessages(request.lang)
  const flow = new Flow(workspace, request, m)
  if (request.dryRun) flow.log(m.dryRunBanner)
  try {
    for (const step of STEPS) {
      flow.log(m.step(STEPS.indexOf(step) + 1, STEPS.length + 1, m.titles[step.name]))
      await step.run(flow)
    }
  } finally {
    flow.closeStore()
  }
  const status = readStatus(workspace)
  flow.log(m.step(STEPS.length + 1, STEPS.length + 1, m.titles.summary))
  for (const line of statusLines(status, m)) flow.log(line)
  if (flow.plan.missing.length > 0) {
    flow.log(m.missing)
    for (const flag of flow.plan.missing) flow.log(`  ${flag}`)
  }
  return {dryRun: request.dryRun, lang: request.lang, steps: flow.steps, plan: flow.plan, status, failed: flow.failed}
}
