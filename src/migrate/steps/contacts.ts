/**
 * 4. Contacts: an address, an invitation or nothing for everyone without an address.
 */
import {isPhoneLabel} from '../../contacts/book.js'
import {getMe, listContacts, type ContactRow} from '../../contacts/index.js'
import {checkContactJid} from '../../contacts/jid.js'
import {exportContacts, importContactsFile, setContact} from '../../contacts/service.js'
import {UserError} from '../../errors/index.js'
import type {Store} from '../../store/index.js'
import {formatList, tr} from '../../i18n/index.js'
import {Unanswered, type Flow, type FlowStep, type MigratePlan} from '../flow.js'
import {holdRun} from '../holds.js'
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
      if (!check.ok) throw new UserError('CONTACTS_BAD_JID', tr(flow.request.lang, 'flow.contacts2.badJid', {name: c.name, reason: check.reason}), {suggestions: [tr(flow.request.lang, 'flow.contacts2.badJidHint')]})
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
  const pending = flow.plan.contacts.filter((c) => c.outcome === 'undecided')
  if (pending.length > 0 && !flow.request.dryRun) {
    const names = formatList(flow.request.lang, pending.slice(0, 5).map((c) => c.name).concat(pending.length > 5 ? ['…'] : []))
    holdRun(flow, {step: 'contacts', reason: tr(flow.request.lang, 'flow.contacts2.pending', {n: pending.length, names, file: flow.workspace.path('contacts.csv')})})
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
  const flag = tr(flow.request.lang, 'flow.flags.contacts')
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
    // A "no" leaves them undecided: the step then holds the rooms (see run), a rerun asks again.
    if (!(await flow.request.asker.confirm({message: flow.m.csvAskDone, flag, default: true}))) return 0
    importContactsFile(flow.workspace, file)
    const now = new Map(listContacts(store).map((c) => [c.id, c]))
    const decided = undecided.filter((c) => {
      const after = now.get(c.id)
      return after !== undefined && (after.jid !== null || after.invite)
    })
    return decided.length
  }
  let changed = 0
  const skipped: number[] = []
  for (const known of undecided) {
    const c = await nameIfPhone(flow, known, flag)
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

/**
 * A contact known only by a phone number ("+33 6 …") can be named here (issue 16), as with
 * `contacts set --name`: empty keeps the number. Returns the contact as it is now.
 */
async function nameIfPhone(flow: Flow, contact: ContactRow, flag: string): Promise<ContactRow> {
  if (!isPhoneLabel(contact.name)) return contact
  const name = (await flow.request.asker.input({message: tr(flow.request.lang, 'flow.contacts2.askName', {phone: contact.name}), flag: tr(flow.request.lang, 'flow.flags.contactName', {flag, contact: contact.name}), default: ''})).trim()
  if (name === '' || name === contact.name) return contact
  const result = setContact(flow.workspace, String(contact.id), {name})
  flow.log(tr(flow.request.lang, 'flow.contacts2.named', {phone: contact.name, name: result.contact.name}))
  return result.contact
}

/** 4. Contacts: an address, an invitation or nothing for everyone without an address. */
export const contactsStep: FlowStep = {name: 'contacts', run}
