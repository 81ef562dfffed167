/**
 * What stops the rest of a run of the guided flow (issue 16): a "no" to "Create these rooms
 * now?", or contacts left without an answer (the CSV path). What depends on it (the rooms, the
 * invitations, the arrivals, sharing the history in the rooms) is then not done, the step says
 * why, and nothing is recorded: a rerun asks again. Kept per run, outside the store on purpose.
 */
import {tr} from '../i18n/index.js'
import type {Flow, FlowStep} from './flow.js'

/** Why the run holds. */
export interface Hold {
  /** The step that holds the rest. */
  step: 'contacts' | 'rooms'
  /** The sentence that says why (in the flow's language). */
  reason: string
}

const holds = new WeakMap<Flow, Hold>()

/** Notes that what depends on `hold.step` must not be done in this run (the first hold wins). */
export function holdRun(flow: Flow, hold: Hold): void {
  if (!holds.has(flow)) holds.set(flow, hold)
}

/** The hold of this run, if any. */
export function heldBy(flow: Flow): Hold | undefined {
  return holds.get(flow)
}

/**
 * When the run holds, says so for `step` (logged and reported as skipped) and returns true: the
 * step then does nothing. Returns false otherwise.
 */
export function skipIfHeld(flow: Flow, step: FlowStep['name']): boolean {
  const hold = holds.get(flow)
  if (hold === undefined) return false
  const detail = tr(flow.request.lang, 'flow.undo.held', {reason: hold.reason})
  flow.log(detail)
  flow.report(step, 'skipped', detail)
  return true
}
