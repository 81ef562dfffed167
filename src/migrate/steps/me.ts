/**
 * 2. Me: who the person is among the contacts (answered, detected, or asked).
 */
import {getMe, listContacts} from '../../contacts/index.js'
import {setMe, showMe} from '../../contacts/service.js'
import {Unanswered, type Flow, type FlowStep, type StepState} from '../flow.js'
import {isFirstImport} from './import.js'

async function run(flow: Flow): Promise<void> {
  const store = flow.store
  const answer = flow.request.answers.me
  const current = getMe(store)
  if (answer !== undefined) {
    const chosen = flow.resolveContact(store, answer)
    if (current?.id === chosen.id) return meDone(flow, current.name, flow.m.meHow.set, !isFirstImport(flow))
    if (flow.request.dryRun) {
      flow.dryMe = chosen.id
      return meDone(flow, chosen.name, flow.m.meHow.answered, false, 'planned')
    }
    setMe(flow.workspace, String(chosen.id))
    return meDone(flow, chosen.name, flow.m.meHow.answered, false)
  }
  if (current !== null) {
    const detection = showMe(flow.workspace).me
    // Detected in the exports imported by this very run (a new workspace) is done now, not "already done" (issue 16).
    return meDone(flow, current.name, detection.status === 'set' ? flow.m.meHow.set : flow.m.meHow.sure, !isFirstImport(flow))
  }
  const detection = showMe(flow.workspace).me
  const rows = listContacts(store)
  const candidates = detection.candidates.length > 0 ? detection.candidates.map((c) => ({id: c.id, name: c.name})) : rows.map((c) => ({id: c.id, name: c.name}))
  const flag = flow.m.t('flow.flags.me')
  const picked = await flow.ask(flag, () =>
    flow.request.asker.select<number>({message: `${flow.m.askMe} ${detection.reason}`, flag, choices: candidates.map((c) => ({name: `${c.name} (#${c.id})`, value: c.id}))}),
  )
  if (picked instanceof Unanswered) {
    flow.report('me', 'planned', detection.reason)
    flow.log(detection.reason)
    return
  }
  if (!flow.request.dryRun) setMe(flow.workspace, String(picked))
  else flow.dryMe = picked
  const name = rows.find((r) => r.id === picked)?.name ?? String(picked)
  meDone(flow, name, flow.m.meHow.answered, false, flow.request.dryRun ? 'planned' : 'done')
}

function meDone(flow: Flow, name: string, how: string, already: boolean, state: StepState = already ? 'already-done' : 'done'): void {
  const detail = flow.m.meIs(name, how)
  flow.plan.me = name
  flow.log(already ? `${flow.m.alreadyDone} — ${detail}` : detail)
  flow.report('me', state, detail)
}


/** 2. Me: who the person is among the contacts (answered, detected, or asked). */
export const meStep: FlowStep = {name: 'me', run}
