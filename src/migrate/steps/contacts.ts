/**
 * 4. Contacts: an address, an invitation or nothing for everyone without an address.
 */
import {getMe, listContacts, type ContactRow} from '../../contacts/index.js'
import {checkContactJid} from '../../contacts/jid.js'
import {exportContacts, importContactsFile, setContact} from '../../contacts/service.js'
import {UserError} from '../../errors/index.js'
import type {Store} from '../../store/index.js'
import {Unanswered, type Flow, type FlowStep, type MigratePlan} from '../flow.js'
import {readRecords, recordSkippedContacts} from '../records.js'
import {askTones} from './tone.js'

async function run(flow: Flow): Promise<void> {
  const store = flow.store
  const answers = flow.request.answers
  if (answers.contactsCsv !== undefined) {
    if (flow.request.dryRun) flow.log(`(CSV) ${answers.contactsCsv}`)
    else importContactsFile(flow.workspace, answers.contactsCsv, answers.region !== undefined ? {region: answers.region} : {})
  }
  for (const [selector, choice] of answers.contacts) flow.contactAnswers.set(flow.resolveContact(store, selector).id, choice)

  let changed = 0
  // Explicit answers first (idempotent: an address already set is left as is).
  const meId = flow.dryMe ?? getMe(store)?.id ?? null
  for (const c of listContacts(store)) {
    const choice = flow.contactAnswers.get(c.id)
    if (choice === undefined || c.isMe || c.id === meId) continue
    if (choice.kind === 'jid') {
      const check = checkContactJid(choice.jid)
      if (!check.ok) throw new UserError('CONTACTS_BAD_JID', `${c.name}: ${check.reason}.`, {suggestions: ['An XMPP address looks like name@server.example, e.g. lea@chat.example.org.']})
      if (c.jid !== check.jid && !flow.request.dryRun) {
        setContact(flow.workspace, String(c.id), {jid: check.jid})
        changed++
      }
    } else if (choice.kind === 'invite' && c.jid === null && !c.invite && !flow.request.dryRun) {
      setContact(flow.workspace, String(c.id), {invite: true})
      changed++
    } else if (choice.kind === 'skip' && c.jid === null && !flow.request.dryRun) recordSkippedContacts(store, [c.id])
  }

  const skipped = new Set(readRecords(store).skippedContacts)
  const undecided = listContacts(store).filter((c) => !c.isMe && c.id !== meId && c.jid === null && !c.invite && !skipped.has(c.id) && !flow.contactAnswers.has(c.id))
  if (undecided.length > 0) changed += await decideContacts(flow, store, undecided)

  // The picture after the answers (in a dry run: with the answers laid over the book).
  const rows = listContacts(store)
  const finalSkipped = new Set(readRecords(store).skippedContacts)
  const other = answers.otherContacts ?? flow.dryOther
  for (const c of rows) {
    if (c.isMe || c.id === meId) continue
    const choice = flow.contactAnswers.get(c.id)
    let outcome: MigratePlan['contacts'][number]['outcome']
    let jid = c.jid
    if (c.jid !== null) outcome = 'has-jid'
    else if (choice?.kind === 'jid') {
      outcome = 'set-jid'
      jid = checkContactJid(choice.jid).ok ? choice.jid : null
    } else if (c.invite || choice?.kind === 'invite') outcome = 'invite'
    else if (finalSkipped.has(c.id) || choice?.kind === 'skip') outcome = 'skip'
    else if (flow.request.dryRun && other !== undefined) outcome = other
    else outcome = 'undecided'
    flow.plan.contacts.push({id: c.id, name: c.name, jid, outcome})
  }
  const withJid = flow.plan.contacts.filter((c) => c.jid !== null).length
  const invite = flow.plan.contacts.filter((c) => c.outcome === 'invite').length
  const summary = flow.m.contactsCount(withJid, flow.plan.contacts.length - withJid, invite)
  flow.log(changed === 0 && !flow.request.dryRun && flow.plan.contacts.every((c) => c.outcome !== 'undecided') ? `${flow.m.alreadyDone} — ${summary}` : summary)
  for (const c of flow.plan.contacts) {
    if (c.outcome === 'has-jid') flow.log(flow.m.contactWith(c.name, c.jid ?? ''))
    else flow.log(flow.m.contactWithout(c.name, c.outcome === 'set-jid' ? flow.m.contactWhat.jid(c.jid ?? '') : c.outcome === 'invite' ? flow.m.contactWhat.invite : c.outcome === 'skip' ? flow.m.contactWhat.skip : flow.m.contactWhat.undecided))
  }
  await askTones(flow)
  flow.report('contacts', flow.request.dryRun ? 'planned' : changed > 0 ? 'done' : 'already-done', summary)
}

/** Asks about the contacts nobody decided for: one by one, by CSV, all invited or all skipped. Returns how many changed. */
async function decideContacts(flow: Flow, store: Store, undecided: ContactRow[]): Promise<number> {
  const flag = '--contact "NAME=ADDRESS|invite|skip" or --other-contacts invite|skip (config: "contacts", "otherContacts")'
  const other = flow.request.answers.otherContacts
  type How = 'one' | 'csv' | 'invite' | 'skip'
  let how: How | Unanswered
  if (other !== undefined) how = other
  else {
    how = await flow.ask(flag, () =>
      flow.request.asker.select<How>({
        message: flow.m.askContactsHow(undecided.length),
        flag,
        choices: [
          {name: flow.m.contactsOneByOne, value: 'one'},
          {name: flow.m.contactsCsv, value: 'csv'},
          {name: flow.m.contactsInviteAll, value: 'invite'},
          {name: flow.m.contactsSkipAll, value: 'skip'},
        ],
      }),
    )
  }
  if (how instanceof Unanswered) return 0
  if (flow.request.dryRun) {
    if (how === 'invite' || how === 'skip') flow.dryOther = how
    return 0
  }
  if (how === 'invite') {
    for (const c of undecided) setContact(flow.workspace, String(c.id), {invite: true})
    return undecided.length
  }
  if (how === 'skip') {
    recordSkippedContacts(store, undecided.map((c) => c.id))
    return 0
  }
  if (how === 'csv') {
    const file = flow.workspace.path('contacts.csv')
    exportContacts(flow.workspace, file)
    flow.log(flow.m.csvWritten(file))
    if (await flow.request.asker.confirm({message: flow.m.csvAskDone, flag, default: true})) {
      importContactsFile(flow.workspace, file)
      return undecided.length
    }
    return 0
  }
  let changed = 0
  const skipped: number[] = []
  for (const c of undecided) {
    const chats = c.chats.map((ch) => ch.title).join(', ')
    const choice = await flow.request.asker.select<'jid' | 'invite' | 'skip'>({
      message: flow.m.askContact(c.name, chats),
      flag,
      choices: [
        {name: flow.m.contactGiveJid, value: 'jid'},
        {name: flow.m.contactInvite, value: 'invite'},
        {name: flow.m.contactSkip, value: 'skip'},
      ],
    })
    if (choice === 'jid') {
      const jid = await flow.request.asker.input({message: flow.m.askContactJid(c.name), flag, validate: (v) => (checkContactJid(v).ok ? true : flow.m.badJid)})
      setContact(flow.workspace, String(c.id), {jid})
      changed++
    } else if (choice === 'invite') {
      setContact(flow.workspace, String(c.id), {invite: true})
      changed++
    } else {
      skipped.push(c.id)
      // Recorded as it goes: Ctrl-C after three answers keeps the three.
      recordSkippedContacts(store, [c.id])
    }
  }
  return changed
}

/** 4. Contacts: an address, an invitation or nothing for everyone without an address. */
export const contactsStep: FlowStep = {name: 'contacts', run}
