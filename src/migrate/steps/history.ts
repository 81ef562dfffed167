/**
 * 8. History: the browsable archive, or nothing.
 */
import {existsSync} from 'node:fs'

import {exportHistory} from '../../history/index.js'
import {Store} from '../../store/index.js'
import {Unanswered, type Flow, type FlowStep} from '../flow.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'
import {readRecords, recordHistoryDir} from '../records.js'

async function run(flow: Flow): Promise<void> {
  const store = Store.open(flow.workspace.storePath)
  let done: string | null
  try {
    done = readRecords(store).historyDir
  } finally {
    store.close()
  }
  if (done !== null && existsSync(done)) {
    flow.plan.history = {format: 'html', dir: done}
    const detail = `${flow.m.alreadyDone} — ${done}`
    flow.log(detail)
    flow.report('history', 'already-done', detail)
    return
  }
  const flag = '--history html|none [--history-dir DIR] (config: "history", "historyDir")'
  let format: 'html' | 'none' | Unanswered | undefined = flow.request.answers.history
  if (format === undefined) {
    format = await flow.ask(flag, () =>
      flow.request.asker.select<'html' | 'none'>({message: flow.m.historyAsk, flag, choices: [{name: flow.m.historyHtml, value: 'html'}, {name: flow.m.historyNone, value: 'none'}], default: 'html'}),
    )
  }
  if (format instanceof Unanswered) {
    flow.report('history', 'planned', `${flow.m.historyHtml} / ${flow.m.historyNone}`)
    flow.log(`${flow.m.historyHtml} (--history html) / ${flow.m.historyNone} (--history none)`)
    return
  }
  if (format === 'none') {
    flow.plan.history = {format: 'none'}
    flow.log(flow.m.historySkipped)
    flow.report('history', 'skipped', flow.m.historySkipped)
    return
  }
  const defaultDir = flow.workspace.path('history')
  let dir = flow.request.answers.historyDir
  if (dir === undefined && !(flow.request.asker instanceof NonInteractiveAsker)) dir = await flow.request.asker.input({message: flow.m.historyAskDir, flag, default: defaultDir})
  dir ??= defaultDir
  flow.plan.history = {format: 'html', dir}
  if (flow.request.dryRun) {
    const detail = flow.m.historyWould(dir)
    flow.log(detail)
    flow.report('history', 'planned', detail)
    return
  }
  flow.request.note(`${flow.m.historyHtml}…`)
  const result = exportHistory(flow.workspace, {format: 'html', out: dir, chatIds: [], language: flow.request.lang})
  const recordStore = Store.open(flow.workspace.storePath)
  try {
    recordHistoryDir(recordStore, result.out)
  } finally {
    recordStore.close()
  }
  const detail = flow.m.historyWritten(result.out, result.open ?? result.out)
  flow.log(detail)
  flow.report('history', 'done', detail)
}

/** 8. History: the browsable archive, or nothing. */
export const historyStep: FlowStep = {name: 'history', run}
