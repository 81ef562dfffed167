/**
 * After the contacts step: every contact address is checked (issue 16; src/contacts/address-check.ts)
 * before rooms and invitations are built on it. A doubtful one is shown with what to do; with a
 * person at the terminal it can be corrected at once (the likely address, another one, an
 * invitation instead, or kept). What stays doubtful is recorded, so that the summary and `status`
 * name it with the command that fixes it.
 */
import {checkAddresses, domainOf, type AddressVerdict} from '../contacts/address-check.js'
import {checkContactJid} from '../contacts/jid.js'
import {setContact} from '../contacts/service.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import type {Flow} from './flow.js'
import {NonInteractiveAsker} from './NonInteractiveAsker.js'
import {readRecords, recordAddressProblems, type AddressProblem} from './records.js'

/** Checks the contacts' addresses (see the module comment). Never fails on a doubtful address. */
export async function checkContactAddresses(flow: Flow): Promise<void> {
  const m = flow.m
  const contacts = flow.plan.contacts.filter((c): c is typeof c & {jid: string} => c.jid !== null)
  if (contacts.length === 0) return
  const account = flow.plan.account?.jid ?? null
  const knownDomains = [...(account !== null ? [domainOf(account)] : []), ...(flow.plan.rooms.mucService !== '' ? [flow.plan.rooms.mucService] : [])]
  const accountState = flow.steps.find((s) => s.step === 'account')?.state
  const canConnect = !flow.request.dryRun && (accountState === 'done' || accountState === 'already-done')
  let session: XmppSession | null = null
  if (canConnect) {
    try {
      session = await (flow.connect ?? (() => connectFromWorkspace(flow.workspace, flow.request.timeoutSeconds !== undefined ? {timeout: flow.request.timeoutSeconds} : {})))()
    } catch {
      // Our server cannot be reached now: DNS alone says what it can; the rest is "not checked".
      session = null
    }
  }
  let verdicts: Map<string, AddressVerdict>
  try {
    verdicts = await checkAddresses(
      contacts.map((c) => c.jid),
      {knownDomains, session, offline: flow.request.dryRun, ...(flow.request.timeoutSeconds !== undefined ? {timeoutMs: flow.request.timeoutSeconds * 1000} : {})},
    )
  } finally {
    await session?.close().catch(() => undefined)
  }
  const interactive = !(flow.request.asker instanceof NonInteractiveAsker) && !flow.request.dryRun
  const problems: AddressProblem[] = []
  // Kept as they were in an earlier run: shown again, not asked again.
  const kept = flow.request.dryRun ? [] : readRecords(flow.store).addressProblems
  let unchecked = 0
  let uncheckedWhy: 'dry-run' | 'offline' = 'offline'
  for (const contact of contacts) {
    let jid = contact.jid
    let verdict = verdicts.get(jid) ?? {state: 'unchecked', why: 'offline'}
    while (verdict.state === 'misspelled' || verdict.state === 'not-found') {
      const suggestion = verdict.state === 'misspelled' ? verdict.suggestion : null
      flow.log(problemLine(flow, contact.name, jid, verdict))
      if (!interactive || kept.some((k) => k.contactId === contact.id && k.jid === jid)) {
        problems.push({contactId: contact.id, jid, problem: verdict.state, suggestion})
        flow.log(`  → ${fixLine(flow, contact.name, suggestion)}`)
        break
      }
      type Fix = 'suggested' | 'type' | 'invite' | 'keep'
      const fix = await flow.request.asker.select<Fix>({
        message: m.t('flow.check.askFix', {name: contact.name}),
        flag: m.t('flow.check.flag'),
        choices: [
          ...(suggestion !== null ? [{name: m.t('flow.check.useSuggestion', {jid: suggestion}), value: 'suggested' as const}] : []),
          {name: m.t('flow.check.typeAgain'), value: 'type'},
          {name: m.t('flow.check.inviteInstead'), value: 'invite'},
          {name: m.t('flow.check.keep'), value: 'keep'},
        ],
      })
      if (fix === 'keep') {
        problems.push({contactId: contact.id, jid, problem: verdict.state, suggestion})
        break
      }
      if (fix === 'invite') {
        setContact(flow.workspace, String(contact.id), {jid: '', invite: true})
        Object.assign(contact, {jid: null, outcome: 'invite'})
        flow.log(m.t('flow.check.invited', {name: contact.name}))
        break
      }
      const typed = fix === 'suggested' && suggestion !== null ? suggestion : await flow.request.asker.input({message: m.askContactJid(contact.name), flag: m.t('flow.check.flag'), default: jid, validate: (v) => (checkContactJid(v).ok ? true : m.badJid)})
      const check = checkContactJid(typed)
      if (!check.ok) continue
      jid = check.jid
      setContact(flow.workspace, String(contact.id), {jid})
      contact.jid = jid
      flow.log(m.t('flow.check.corrected', {name: contact.name, jid}))
      const again = await checkAddresses([jid], {knownDomains: [...knownDomains, ...(suggestion !== null ? [domainOf(suggestion)] : [])], session: null, offline: false})
      verdict = again.get(jid) ?? {state: 'unchecked', why: 'offline'}
      // Corrected to a domain one typo from a known one: accepted (it is the known one, or the person insists).
      if (verdict.state === 'misspelled') break
    }
    if (verdict.state === 'unchecked') {
      unchecked++
      uncheckedWhy = verdict.why
    }
  }
  if (unchecked > 0) flow.log(m.t('flow.check.unchecked', {n: unchecked, why: uncheckedWhy === 'dry-run' ? 'dryrun' : 'offline'}))
  else if (problems.length === 0) flow.log(m.t('flow.check.allGood', {n: contacts.length}))
  if (!flow.request.dryRun) recordAddressProblems(flow.store, problems)
  if (problems.length > 0) flow.addressProblems = problems.length
}

function problemLine(flow: Flow, name: string, jid: string, verdict: Extract<AddressVerdict, {state: 'misspelled' | 'not-found'}>): string {
  const domain = domainOf(jid)
  if (verdict.state === 'misspelled') return flow.m.t('flow.check.misspelled', {name, jid, domain, suggestion: verdict.suggestion})
  return flow.m.t('flow.check.notFound', {name, jid, domain, exists: String(verdict.domainExists)})
}

/** What fixes a doubtful address: the command, with the flags the person gave. */
export function fixLine(flow: Pick<Flow, 'm'>, name: string, suggestion: string | null): string {
  const quoted = /^[\w.@-]+$/.test(name) ? name : `"${name.replaceAll('"', '\\"')}"`
  return flow.m.t('flow.check.fix', {command: flow.m.command(`contacts set ${quoted} --jid ${suggestion ?? '…'}`)}) // i18n-ignore: command arguments
}
