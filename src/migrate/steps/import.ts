/**
 * 1. Import: the exports given (a rerun adds only what is new), or what was imported before.
 */
import {existsSync} from 'node:fs'

import {importExports, refreshContactBook} from '../../services/import-service.js'
import {Store} from '../../store/index.js'
import {noExports, type Flow, type FlowStep} from '../flow.js'
import {readStatus} from '../status.js'

async function run(flow: Flow): Promise<void> {
  if (flow.request.exports.length > 0) {
    const summary = await importExports(flow.workspace.ensure(), flow.request.exports, flow.request.importOptions ?? {}).finally(() => flow.request.onImportDone?.())
    const book = refreshContactBook(flow.workspace)
    for (const w of book.warnings) flow.request.note(`  ! ${w}`)
    const t = summary.total
    const fresh = t.messagesNew > 0
    const detail = fresh ? flow.m.imported(summary.files.length, t.chats.length, t.messagesNew, t.messagesKnown) : flow.m.importedBefore(summary.files.length, t.chats.length)
    flow.log(detail)
    flow.report('import', fresh ? 'done' : 'already-done', detail)
  } else if (existsSync(flow.workspace.storePath)) {
    const status = readStatus(flow.workspace)
    if (status.sources.length === 0) throw noExports()
    const detail = flow.m.importedBefore(status.sources.length, status.chats.total)
    flow.log(detail)
    flow.report('import', 'already-done', detail)
  } else {
    throw noExports()
  }
  const store = Store.open(flow.workspace.storePath)
  for (const chat of store.listChats()) {
    flow.plan.chats.push({id: chat.id, title: chat.title, kind: chat.kind, messages: chat.messageCount})
    flow.log(flow.m.chatLine(chat.id, chat.title, chat.kind, chat.messageCount))
  }
  flow.store = store
}

/** 1. Import: the exports given (a rerun adds only what is new), or what was imported before. */
export const importStep: FlowStep = {name: 'import', run}
