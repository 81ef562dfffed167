/**
 * 8. History: where people look (PDF documents in each room and to the person of each one-to-one
 * chat: issue 15), a browsable archive, or nothing.
 */
import {existsSync} from 'node:fs'

import {exportHistory} from '../../history/index.js'
import {planHistoryShares, shareHistories} from '../../history/share-service.js'
import {Store} from '../../store/index.js'
import {Unanswered, type Flow, type FlowStep} from '../flow.js'
import {skipIfHeld} from '../holds.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'
import {readRecords, recordHistoryDir, recordHistoryShared} from '../records.js'

async function run(flow: Flow): Promise<void> {
  const store = Store.open(flow.workspace.storePath)
  let done: string | null
  let sharedBefore: boolean
  try {
    const records = readRecords(store)
    done = records.historyDir
    sharedBefore = records.historySharedAt !== null
  } finally {
    store.close()
  }
  // Shared before: share again (only what is missing goes: a newly arrived person's chat, a new import).
  if (sharedBefore && flow.request.answers.history !== 'html' && flow.request.answers.history !== 'none') return share(flow, true)
  if (done !== null && existsSync(done)) {
    flow.plan.history = {format: 'html', dir: done}
    const detail = `${flow.m.alreadyDone} — ${done}`
    flow.log(detail)
    flow.report('history', 'already-done', detail)
    return
  }
  const flag = flow.m.t('flow.flags.history')
  let format: 'share' | 'html' | 'none' | Unanswered | undefined = flow.request.answers.history
  const canShare = planHistoryShares(flow.workspace).upload !== null
  if (format === undefined) {
    format = await flow.ask(flag, () =>
      flow.request.asker.select<'share' | 'html' | 'none'>({
        message: flow.m.historyAsk,
        flag,
        choices: [...(canShare ? [{name: flow.m.historyShare, value: 'share' as const}] : []), {name: flow.m.historyHtml, value: 'html'}, {name: flow.m.historyNone, value: 'none'}],
        default: canShare ? 'share' : 'html',
      }),
    )
  }
  if (format === 'share') return share(flow, false)
  if (format instanceof Unanswered) {
    flow.report('history', 'planned', `${flow.m.historyHtml} / ${flow.m.historyNone}`)
    flow.log(flow.m.t('flow.historyChoices', {html: flow.m.historyHtml, none: flow.m.historyNone}))
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

/** Shares the history (see the module comment); `again` on a rerun after a first share. */
async function share(flow: Flow, again: boolean): Promise<void> {
  if (skipIfHeld(flow, 'history')) return // issue 16: no rooms to share into in this run
  const m = flow.m
  flow.plan.history = {format: 'share'}
  const plan = planHistoryShares(flow.workspace, flow.request.answers.lang ? {language: flow.request.answers.lang} : {})
  const toSend = plan.entries.filter((e) => e.target !== null && !e.done)
  flow.log(m.historySharePlan(toSend.reduce((n, e) => n + e.documents, 0), (plan.estimatedBytes / 1e6).toFixed(1), plan.retention?.days ?? null))
  if (flow.request.dryRun || flow.plan.account === null) {
    for (const e of plan.entries) if (e.blocked) flow.log(m.historyBlocked(e.title, e.blocked.message))
    flow.report('history', 'planned', m.historyShare)
    return
  }
  const connect = flow.connect
  const result = await shareHistories(flow.workspace, {
    connection: flow.request.timeoutSeconds !== undefined ? {timeout: flow.request.timeoutSeconds} : {},
    ...(connect ? {connect} : {}),
    ...(flow.request.answers.lang ? {language: flow.request.answers.lang} : {}),
    onProgress: (e) => {
      if (e.step !== 'render') flow.request.note(`  ${e.step === 'upload' ? '↑' : '→'} ${e.document}/${e.documents}`)
    },
  })
  for (const r of result.shared) flow.log(m.historyShared(r.title, r.to, r.documents.length, r.alreadyDone))
  for (const b of result.blocked) flow.log(m.historyBlocked(b.title, b.blocked?.message ?? ''))
  for (const f of result.failed) flow.log(m.historyShareFailed(f.title, f.error.message))
  const recordStore = Store.open(flow.workspace.storePath)
  try {
    if (result.shared.length > 0) recordHistoryShared(recordStore)
  } finally {
    recordStore.close()
  }
  if (result.failed.length > 0) flow.failed = true
  const sent = result.shared.filter((r) => !r.alreadyDone).length
  const state = result.failed.length > 0 ? 'failed' : sent > 0 ? 'done' : again ? 'already-done' : result.shared.length > 0 ? 'already-done' : 'planned'
  flow.report('history', state, m.historyShare)
}

/** 8. History: where people look, a browsable archive, or nothing. */
export const historyStep: FlowStep = {name: 'history', run}
