/**
 * 6. Invitations: the kit (a link, a QR code, a page and a message per person).
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {inviteContacts} from '../../invitations/invite-service.js'
import {kitTexts} from '../../invitations/kit-texts.js'
import {Store} from '../../store/index.js'
import type {Flow, FlowStep} from '../flow.js'
import {skipIfHeld} from '../holds.js'
import {readRecords, recordKitDir} from '../records.js'

async function run(flow: Flow): Promise<void> {
  // Rooms declined, or contacts unanswered: invitations would name rooms that do not exist (issue 16).
  if (skipIfHeld(flow, 'invitations')) return
  flow.plan.invitations = flow.plan.contacts.filter((c) => c.outcome === 'invite').map((c) => ({id: c.id, name: c.name}))
  flow.log(flow.plan.invitations.length === 0 ? flow.m.invitationsNone : flow.m.invitationsWho(flow.plan.invitations.map((c) => c.name).join(', ')))
  // The kit covers everyone with an address (added to the account's contacts) or to be invited.
  const kitFor = flow.plan.contacts.filter((c) => c.outcome === 'has-jid' || c.outcome === 'set-jid' || c.outcome === 'invite')
  const kitDir = flow.request.answers.kitDir ?? flow.workspace.path('invitations')
  if (kitFor.length === 0) {
    flow.report('invitations', 'skipped', flow.m.invitationsNone)
    return
  }
  const store = Store.open(flow.workspace.storePath)
  let done: string | null
  try {
    done = readRecords(store).kitDir
  } finally {
    store.close()
  }
  if (done !== null && existsSync(done)) {
    const detail = `${flow.m.alreadyDone} — ${flow.m.kitWritten(done)}`
    flow.log(detail)
    flow.log(flow.m.kitRefresh)
    flow.report('invitations', 'already-done', detail)
    return
  }
  if (flow.request.dryRun || flow.plan.account === null) {
    const detail = flow.m.kitWould(kitDir, kitFor.length)
    flow.log(detail)
    flow.report('invitations', 'planned', detail)
    return
  }
  flow.request.note(`${flow.m.titles.invitations}…`)
  const kit = await inviteContacts(flow.workspace, {
    out: kitDir,
    selectors: [],
    ...(flow.request.answers.lang !== undefined ? {lang: flow.request.answers.lang} : {}),
    serverInvites: true,
    connection: flow.request.timeoutSeconds !== undefined ? {timeout: flow.request.timeoutSeconds} : {},
    ...(flow.connect !== undefined ? {connect: flow.connect} : {}),
  })
  const recordStore = Store.open(flow.workspace.storePath)
  try {
    recordKitDir(recordStore, kit.out)
  } finally {
    recordStore.close()
  }
  for (const w of kit.warnings) flow.request.note(`  ! ${w.message}`)
  // Where each person's message is: the links hold secret tokens, so they are not printed.
  for (const c of kit.contacts) flow.log(flow.m.kitWay(c.name, kitTexts(flow.request.lang).wayShort[c.wayIn], join(kit.out, c.files.message)))
  const detail = flow.m.kitWritten(kit.out)
  flow.log(detail)
  flow.report('invitations', 'done', detail)
}

/** 6. Invitations: the kit (a link, a QR code, a page and a message per person). */
export const invitationsStep: FlowStep = {name: 'invitations', run}
