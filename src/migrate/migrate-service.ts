import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {chatMembers, getMe, listContacts} from '../contacts/index.js'
import type {ChatMember, ContactRow} from '../contacts/index.js'
import {checkContactJid} from '../contacts/jid.js'
import {exportContacts, findContact, importContactsFile, setContact, setMe, showMe} from '../contacts/service.js'
import {conversationsAccountPayload, renderTerminalQr} from '../credentials/account-qr.js'
import {loadCredentials, credentialsAfterLogin, saveCredentials} from '../credentials/credentials-file.js'
import {generatePassword} from '../credentials/generate-password.js'
import {createKeepingPassword, saveCreatedAccount} from '../credentials/pending-account.js'
import {promptHidden, readPasswordFromStdin} from '../credentials/password-input.js'
import {UserError} from '../errors/index.js'
import {exportHistory} from '../history/index.js'
import {inviteContacts} from '../invitations/invite-service.js'
import type {RoomProgress} from '../rooms/apply-plan.js'
import type {RoomPlan, RoomsPlan} from '../rooms/types.js'
import {createRoomsForWorkspace, planRoomsForWorkspace} from '../rooms/workspace-rooms.js'
import {importExports, refreshContactBook, type ImportOptions} from '../services/import-service.js'
import {ContactRepository, Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {createAccount, loginAccount, type ConnectionDeps, type ConnectionSettings} from '../xmpp/account.js'
import {parseAccountJid} from '../xmpp/account-jid.js'
import {discoverServer} from '../xmpp/discovery.js'
import {loadServerInfo, saveServerInfo} from '../xmpp/server-info-file.js'
import {terminalAsk} from '../xmpp/terminal-ask.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import type {MigrateAnswers, ContactChoice, AccountAnswer} from './answers.js'
import type {Asker} from './Asker.js'
import type {MigrateLanguage} from './language.js'
import {migrateMessages, type MigrateMessages} from './messages.js'
import {NonInteractiveAsker} from './NonInteractiveAsker.js'
import {planRoomsOffline} from './offline-plan.js'
import {readRecords, recordHistoryDir, recordKitDir, recordSkippedContacts} from './records.js'
import {readStatus, type MigrateStep, type MigrationStatus} from './status.js'

/** How one step went. */
export type StepState = 'done' | 'already-done' | 'planned' | 'skipped' | 'unavailable' | 'failed'

/** One step's report (part of `migrate --json`). */
export interface StepReport {
  /** The step. */
  step: Exclude<MigrateStep, 'done'>
  /** What happened. */
  state: StepState
  /** A sentence, in the flow's language. */
  detail: string
}

/** The plan `--dry-run` shows (and the real run follows). JSON-serializable. */
export interface MigratePlan {
  /** Imported chats. */
  chats: {id: number; title: string; kind: string; messages: number}[]
  /** Who "me" is, or null when still to be answered. */
  me: string | null
  /** The account, and whether it would be created or logged into; null when to be answered. */
  account: {jid: string; action: 'create' | 'login' | 'stored'} | null
  /** Contacts (not me): their address, or what would happen to them. */
  contacts: {id: number; name: string; jid: string | null; outcome: 'has-jid' | 'set-jid' | 'invite' | 'skip' | 'undecided'}[]
  /** The rooms: group chats and their planned addresses and members. */
  rooms: RoomsPlan
  /** true when addresses were assumed free (no server asked). */
  roomAddressesAssumed: boolean
  /** Contacts who would get an invitation link (no XMPP account yet). */
  invitations: {id: number; name: string}[]
  /** The history option chosen: an HTML archive folder, none, or null when to be answered. */
  history: {format: 'html'; dir: string} | {format: 'none'} | null
  /** Flags a `--yes` run would still need, e.g. `--jid NAME@SERVER --account create|login`. */
  missing: string[]
}

/** `migrate --json`. */
export interface MigrateResult {
  /** true with --dry-run: nothing sent on the network. */
  dryRun: boolean
  /** The flow's language. */
  lang: MigrateLanguage
  /** What each step did. */
  steps: StepReport[]
  /** The plan (complete with --dry-run; what was known when the run ended otherwise). */
  plan: MigratePlan
  /** Where the migration is now (as `status` shows it). */
  status: MigrationStatus
  /** true when something failed (a room); the exit code is then 1. */
  failed: boolean
}

/** What the flow needs from outside: answers, a way to ask, to print, and to reach the server. */
export interface MigrateRequest {
  /** Exports to import (may be empty on a rerun). */
  exports: string[]
  /** Answers given up front. */
  answers: MigrateAnswers
  /** The flow's language. */
  lang: MigrateLanguage
  /** --dry-run. */
  dryRun: boolean
  /** Asks the person (or fails naming the flag). */
  asker: Asker
  /** Writes a line of the report (stdout; silent with --json). */
  log: (line: string) => void
  /** Writes a progress line (stderr). */
  note: (line: string) => void
  /** Options of the import (date order, Signal secrets) and its progress. */
  importOptions?: ImportOptions
  /** Called once the import step's work is over (the command ends its progress bar before any prompt). */
  onImportDone?: () => void
  /** --password-stdin: read the account password from standard input. */
  passwordStdin: boolean
  /** Seconds to wait for the server. */
  timeoutSeconds?: number
  /** Room progress (a bar, in the command). */
  onRoomProgress?: (event: RoomProgress) => void
  /** Connection overrides (tests). */
  connectionDeps?: ConnectionDeps
}

/** An answer the flow could not get in a non-interactive dry run (shown in the plan, not thrown). */
class Unanswered {
  constructor(readonly flag: string) {}
}

/**
 * The guided migration (issue 9): import, me, account, contacts, rooms, invitations, history,
 * summary. Each step reads from the store and workspace what is already done, shows it as done,
 * and records what it does (each service commits its own transactions) before the next starts:
 * a rerun after a crash or Ctrl-C picks up where the last one stopped. With `dryRun`, only the
 * import (local) is done; the rest is planned and shown, nothing goes on the network.
 *
 * Fails with MIGRATE_MISSING_ANSWER (non-interactive, naming the flag), MIGRATE_NO_EXPORTS,
 * and the UserErrors of the services it calls (import, contacts, account, rooms, history).
 */
export async function runMigration(workspace: Workspace, request: MigrateRequest): Promise<MigrateResult> {
  const m = migrateMessages(request.lang)
  const flow = new Flow(workspace, request, m)
  return flow.run()
}

/** The state of one run (private to this module: runMigration is the API). */
class Flow {
  readonly steps: StepReport[] = []
  readonly plan: MigratePlan = {chats: [], me: null, account: null, contacts: [], rooms: {mucService: '', rooms: []}, roomAddressesAssumed: false, invitations: [], history: null, missing: []}
  failed = false
  /** Dry run without prompts: missing answers are listed instead of thrown. */
  readonly collectMissing: boolean
  /** Contact id → answer, for contacts answered up front (resolved once the book exists). */
  contactAnswers = new Map<number, ContactChoice>()
  /** "me" chosen in a dry run (not stored). */
  dryMe: number | null = null
  /** "Invite all" / "skip all" chosen in an interactive dry run (not stored). */
  dryOther: 'invite' | 'skip' | undefined = undefined

  constructor(
    readonly workspace: Workspace,
    readonly request: MigrateRequest,
    readonly m: MigrateMessages,
  ) {
    this.collectMissing = request.dryRun && request.asker instanceof NonInteractiveAsker
  }

  log(line: string): void {
    this.request.log(line)
  }

  report(step: StepReport['step'], state: StepState, detail: string): void {
    this.steps.push({step, state, detail})
  }

  /** Asks, unless this is a non-interactive dry run: then the flag is noted and Unanswered returned. */
  async ask<T>(flag: string, question: () => Promise<T>): Promise<T | Unanswered> {
    if (this.collectMissing) {
      if (!this.plan.missing.includes(flag)) this.plan.missing.push(flag)
      return new Unanswered(flag)
    }
    return question()
  }

  async run(): Promise<MigrateResult> {
    if (this.request.dryRun) this.log(this.m.dryRunBanner)
    const store = await this.importStep()
    try {
      await this.meStep(store)
      await this.accountStep()
      await this.contactsStep(store)
    } finally {
      store.close()
    }
    await this.roomsStep()
    await this.invitationsStep()
    await this.historyStep()
    const status = readStatus(this.workspace)
    this.summary(status)
    return {dryRun: this.request.dryRun, lang: this.request.lang, steps: this.steps, plan: this.plan, status, failed: this.failed}
  }

  // 1. Import ------------------------------------------------------------------------------

  async importStep(): Promise<Store> {
    this.log(this.m.step(1, this.m.titles.import))
    if (this.request.exports.length > 0) {
      const summary = await importExports(this.workspace.ensure(), this.request.exports, this.request.importOptions ?? {}).finally(() => this.request.onImportDone?.())
      const book = refreshContactBook(this.workspace)
      for (const w of book.warnings) this.request.note(`  ! ${w}`)
      const t = summary.total
      const fresh = t.messagesNew > 0
      const detail = fresh ? this.m.imported(summary.files.length, t.chats.length, t.messagesNew, t.messagesKnown) : this.m.importedBefore(summary.files.length, t.chats.length)
      this.log(detail)
      this.report('import', fresh ? 'done' : 'already-done', detail)
    } else if (existsSync(this.workspace.storePath)) {
      const status = readStatus(this.workspace)
      if (status.sources.length === 0) throw noExports()
      const detail = this.m.importedBefore(status.sources.length, status.chats.total)
      this.log(detail)
      this.report('import', 'already-done', detail)
    } else {
      throw noExports()
    }
    const store = Store.open(this.workspace.storePath)
    for (const chat of store.listChats()) {
      this.plan.chats.push({id: chat.id, title: chat.title, kind: chat.kind, messages: chat.messageCount})
      this.log(this.m.chatLine(chat.id, chat.title, chat.kind, chat.messageCount))
    }
    return store
  }

  // 2. Me ----------------------------------------------------------------------------------

  async meStep(store: Store): Promise<void> {
    this.log(this.m.step(2, this.m.titles.me))
    const answer = this.request.answers.me
    const current = getMe(store)
    if (answer !== undefined) {
      const chosen = this.resolveContact(store, answer)
      if (current?.id === chosen.id) return this.meDone(current.name, this.m.meHow.set, true)
      if (this.request.dryRun) {
        this.dryMe = chosen.id
        return this.meDone(chosen.name, this.m.meHow.answered, false, 'planned')
      }
      setMe(this.workspace, String(chosen.id))
      return this.meDone(chosen.name, this.m.meHow.answered, false)
    }
    if (current !== null) {
      const detection = showMe(this.workspace).me
      return this.meDone(current.name, detection.status === 'set' ? this.m.meHow.set : this.m.meHow.sure, true)
    }
    const detection = showMe(this.workspace).me
    const rows = listContacts(store)
    const candidates = detection.candidates.length > 0 ? detection.candidates.map((c) => ({id: c.id, name: c.name})) : rows.map((c) => ({id: c.id, name: c.name}))
    const picked = await this.ask('--me "<id or name>" (config: "me")', () =>
      this.request.asker.select<number>({message: `${this.m.askMe} ${detection.reason}`, flag: '--me "<id or name>" (config: "me")', choices: candidates.map((c) => ({name: `${c.name} (#${c.id})`, value: c.id}))}),
    )
    if (picked instanceof Unanswered) {
      this.report('me', 'planned', detection.reason)
      this.log(detection.reason)
      return
    }
    if (!this.request.dryRun) setMe(this.workspace, String(picked))
    else this.dryMe = picked
    const name = rows.find((r) => r.id === picked)?.name ?? String(picked)
    this.meDone(name, this.m.meHow.answered, false, this.request.dryRun ? 'planned' : 'done')
  }

  meDone(name: string, how: string, already: boolean, state: StepState = already ? 'already-done' : 'done'): void {
    const detail = this.m.meIs(name, how)
    this.plan.me = name
    this.log(already ? `${this.m.alreadyDone} — ${detail}` : detail)
    this.report('me', state, detail)
  }

  resolveContact(store: Store, selector: string): ContactRow {
    const repo = ContactRepository.open(store)
    try {
      return findContact(repo, selector)
    } finally {
      repo.close()
    }
  }

  // 3. Account -----------------------------------------------------------------------------

  async accountStep(): Promise<void> {
    this.log(this.m.step(3, this.m.titles.account))
    const stored = loadCredentials(this.workspace)
    const answer = this.request.answers.account
    const sameAsStored = stored !== null && (answer === undefined || answer.jid === '' || answer.jid.trim().toLowerCase() === stored.jid)
    if (stored !== null && sameAsStored) {
      this.plan.account = {jid: stored.jid, action: 'stored'}
      const detail = this.m.accountStored(stored.jid)
      this.log(detail)
      this.report('account', 'already-done', detail)
      return
    }
    const flag = '--jid NAME@SERVER --account create|login (config: "account")'
    let action: 'create' | 'login' | Unanswered | undefined = answer?.action === 'create' || answer?.action === 'login' ? answer.action : undefined
    if (action === undefined) {
      action = await this.ask(flag, () =>
        this.request.asker.select<'create' | 'login'>({
          message: this.m.askAccountAction,
          flag,
          choices: [
            {name: this.m.accountLogin, value: 'login'},
            {name: this.m.accountCreate, value: 'create', description: this.m.serverAdvice},
          ],
        }),
      )
    }
    if (action instanceof Unanswered) {
      this.log(this.m.serverAdvice)
      this.report('account', 'planned', this.m.serverAdvice)
      return
    }
    let jid: string | Unanswered | undefined = answer?.jid !== undefined && answer.jid !== '' ? answer.jid : undefined
    if (jid === undefined) {
      if (action === 'create') this.log(this.m.serverAdvice)
      jid = await this.ask(flag, () =>
        this.request.asker.input({
          message: this.m.askJid,
          flag,
          validate: (v) => {
            try {
              parseAccountJid(v)
              return true
            } catch (error) {
              return (error as Error).message
            }
          },
        }),
      )
    }
    if (jid instanceof Unanswered) {
      this.report('account', 'planned', this.m.serverAdvice)
      return
    }
    const bare = parseAccountJid(jid).bare
    this.plan.account = {jid: bare, action}
    if (this.request.dryRun) {
      const detail = this.m.accountWould(action, bare)
      this.log(detail)
      this.report('account', 'planned', detail)
      return
    }
    await this.connectAccount({...answer, jid: bare, action})
  }

  async connectAccount(account: AccountAnswer): Promise<void> {
    const settings: ConnectionSettings = {
      jid: account.jid,
      ...(account.host !== undefined ? {host: account.host} : {}),
      ...(account.port !== undefined ? {port: account.port} : {}),
      ...(account.directTls ? {directTls: true} : {}),
      ...(account.ca !== undefined ? {caFile: account.ca} : {}),
      ...(this.request.timeoutSeconds !== undefined ? {timeoutMs: this.request.timeoutSeconds * 1000} : {}),
    }
    const interactive = !(this.request.asker instanceof NonInteractiveAsker)
    let password: string
    let generated = false
    if (this.request.passwordStdin) password = await readPasswordFromStdin()
    else if (account.action === 'create') {
      password = generatePassword()
      generated = true
    } else if (interactive) password = await promptHidden(`${account.jid} — password: `)
    else {
      throw new UserError('MIGRATE_MISSING_ANSWER', `Logging in to ${account.jid} needs its password, and nothing can be asked in this run.`, {
        suggestions: ['Pipe it in with --password-stdin, e.g. `pass show xmpp | xmpp-migrate migrate … --password-stdin`.'],
      })
    }
    const deps = this.request.connectionDeps ?? {}
    this.request.note(`${account.action === 'create' ? 'Creating' : 'Logging in to'} ${account.jid}…`)
    let session: XmppSession
    if (account.action === 'create') {
      // A run killed between the registration and saving the credentials left the account
      // created with the pending password: log in with it rather than fail on "already exists".
      const created = await createKeepingPassword(this.workspace, account.jid, password, {
        resume: (pending) => loginAccount(settings, pending, deps).catch(() => null),
        register: async (chosen) => (await createAccount(settings, {password: chosen, ask: terminalAsk({interactive}), captchaDir: this.workspace.path('captcha')}, deps)).session,
      })
      session = created.session
      password = created.password
    } else session = await loginAccount(settings, password, deps)
    try {
      const server = await discoverServer(session)
      saveServerInfo(this.workspace, server)
    } finally {
      await session.close()
    }
    const file = account.action === 'create' ? saveCreatedAccount(this.workspace, credentialsAfterLogin(account.jid, password, settings), {showPassword: generated}) : saveCredentials(this.workspace, credentialsAfterLogin(account.jid, password, settings))
    const detail = this.m.accountDone(account.action, account.jid)
    this.log(detail)
    if (generated) this.log(this.m.passwordGenerated(file))
    this.report('account', 'done', detail)
    // The QR holds the password: drawn only when the person asks for it, on a terminal.
    if (interactive && (await this.request.asker.confirm({message: this.m.askQr, flag: '', default: false}))) {
      this.request.note(this.m.qrWarning)
      process.stderr.write(await renderTerminalQr(conversationsAccountPayload(account.jid, password)))
    } else this.log(this.m.qrHint)
  }

  // 4. Contacts ----------------------------------------------------------------------------

  async contactsStep(store: Store): Promise<void> {
    this.log(this.m.step(4, this.m.titles.contacts))
    const answers = this.request.answers
    if (answers.contactsCsv !== undefined) {
      if (this.request.dryRun) this.log(`(CSV) ${answers.contactsCsv}`)
      else importContactsFile(this.workspace, answers.contactsCsv, answers.region !== undefined ? {region: answers.region} : {})
    }
    for (const [selector, choice] of answers.contacts) this.contactAnswers.set(this.resolveContact(store, selector).id, choice)

    let changed = 0
    // Explicit answers first (idempotent: an address already set is left as is).
    const meId = this.dryMe ?? getMe(store)?.id ?? null
    for (const c of listContacts(store)) {
      const choice = this.contactAnswers.get(c.id)
      if (choice === undefined || c.isMe || c.id === meId) continue
      if (choice.kind === 'jid') {
        const check = checkContactJid(choice.jid)
        if (!check.ok) throw new UserError('CONTACTS_BAD_JID', `${c.name}: ${check.reason}.`, {suggestions: ['An XMPP address looks like name@server.example, e.g. lea@chat.example.org.']})
        if (c.jid !== check.jid && !this.request.dryRun) {
          setContact(this.workspace, String(c.id), {jid: check.jid})
          changed++
        }
      } else if (choice.kind === 'invite' && c.jid === null && !c.invite && !this.request.dryRun) {
        setContact(this.workspace, String(c.id), {invite: true})
        changed++
      } else if (choice.kind === 'skip' && c.jid === null && !this.request.dryRun) recordSkippedContacts(store, [c.id])
    }

    const skipped = new Set(readRecords(store).skippedContacts)
    const undecided = listContacts(store).filter((c) => !c.isMe && c.id !== meId && c.jid === null && !c.invite && !skipped.has(c.id) && !this.contactAnswers.has(c.id))
    if (undecided.length > 0) changed += await this.decideContacts(store, undecided)

    // The picture after the answers (in a dry run: with the answers laid over the book).
    const rows = listContacts(store)
    const finalSkipped = new Set(readRecords(store).skippedContacts)
    const other = answers.otherContacts ?? this.dryOther
    for (const c of rows) {
      if (c.isMe || c.id === meId) continue
      const choice = this.contactAnswers.get(c.id)
      let outcome: MigratePlan['contacts'][number]['outcome']
      let jid = c.jid
      if (c.jid !== null) outcome = 'has-jid'
      else if (choice?.kind === 'jid') {
        outcome = 'set-jid'
        jid = checkContactJid(choice.jid).ok ? choice.jid : null
      } else if (c.invite || choice?.kind === 'invite') outcome = 'invite'
      else if (finalSkipped.has(c.id) || choice?.kind === 'skip') outcome = 'skip'
      else if (this.request.dryRun && other !== undefined) outcome = other
      else outcome = 'undecided'
      this.plan.contacts.push({id: c.id, name: c.name, jid, outcome})
    }
    const withJid = this.plan.contacts.filter((c) => c.jid !== null).length
    const invite = this.plan.contacts.filter((c) => c.outcome === 'invite').length
    const summary = this.m.contactsCount(withJid, this.plan.contacts.length - withJid, invite)
    this.log(changed === 0 && !this.request.dryRun && this.plan.contacts.every((c) => c.outcome !== 'undecided') ? `${this.m.alreadyDone} — ${summary}` : summary)
    for (const c of this.plan.contacts) {
      if (c.outcome === 'has-jid') this.log(this.m.contactWith(c.name, c.jid ?? ''))
      else this.log(this.m.contactWithout(c.name, c.outcome === 'set-jid' ? this.m.contactWhat.jid(c.jid ?? '') : c.outcome === 'invite' ? this.m.contactWhat.invite : c.outcome === 'skip' ? this.m.contactWhat.skip : this.m.contactWhat.undecided))
    }
    this.report('contacts', this.request.dryRun ? 'planned' : changed > 0 ? 'done' : 'already-done', summary)
  }

  /** Asks about the contacts nobody decided for: one by one, by CSV, all invited or all skipped. Returns how many changed. */
  async decideContacts(store: Store, undecided: ContactRow[]): Promise<number> {
    const flag = '--contact "NAME=ADDRESS|invite|skip" or --other-contacts invite|skip (config: "contacts", "otherContacts")'
    const other = this.request.answers.otherContacts
    type How = 'one' | 'csv' | 'invite' | 'skip'
    let how: How | Unanswered
    if (other !== undefined) how = other
    else {
      how = await this.ask(flag, () =>
        this.request.asker.select<How>({
          message: this.m.askContactsHow(undecided.length),
          flag,
          choices: [
            {name: this.m.contactsOneByOne, value: 'one'},
            {name: this.m.contactsCsv, value: 'csv'},
            {name: this.m.contactsInviteAll, value: 'invite'},
            {name: this.m.contactsSkipAll, value: 'skip'},
          ],
        }),
      )
    }
    if (how instanceof Unanswered) return 0
    if (this.request.dryRun) {
      if (how === 'invite' || how === 'skip') this.dryOther = how
      return 0
    }
    if (how === 'invite') {
      for (const c of undecided) setContact(this.workspace, String(c.id), {invite: true})
      return undecided.length
    }
    if (how === 'skip') {
      recordSkippedContacts(store, undecided.map((c) => c.id))
      return 0
    }
    if (how === 'csv') {
      const file = this.workspace.path('contacts.csv')
      exportContacts(this.workspace, file)
      this.log(this.m.csvWritten(file))
      if (await this.request.asker.confirm({message: this.m.csvAskDone, flag, default: true})) {
        importContactsFile(this.workspace, file)
        return undecided.length
      }
      return 0
    }
    let changed = 0
    const skipped: number[] = []
    for (const c of undecided) {
      const chats = c.chats.map((ch) => ch.title).join(', ')
      const choice = await this.request.asker.select<'jid' | 'invite' | 'skip'>({
        message: this.m.askContact(c.name, chats),
        flag,
        choices: [
          {name: this.m.contactGiveJid, value: 'jid'},
          {name: this.m.contactInvite, value: 'invite'},
          {name: this.m.contactSkip, value: 'skip'},
        ],
      })
      if (choice === 'jid') {
        const jid = await this.request.asker.input({message: this.m.askContactJid(c.name), flag, validate: (v) => (checkContactJid(v).ok ? true : this.m.badJid)})
        setContact(this.workspace, String(c.id), {jid})
        changed++
      } else if (choice === 'invite') {
        setContact(this.workspace, String(c.id), {invite: true})
        changed++
      } else {
        skipped.push(c.id)
        // Recorded as it goes: Ctrl-C after three answers keeps the three.
        recordSkippedContacts(store, [c.id])
      }
    }
    return changed
  }

  // 5. Rooms -------------------------------------------------------------------------------

  /** Chat ids of the groups to make public: answered, asked, or none. */
  async publicChats(groups: {id: number; title: string}[]): Promise<number[]> {
    const answer = this.request.answers.publicGroups
    if (answer !== undefined) {
      return answer.map((g) => {
        const found = groups.find((c) => String(c.id) === g.trim() || c.title.normalize('NFC').toLowerCase() === g.trim().normalize('NFC').toLowerCase())
        if (!found) throw new UserError('MIGRATE_NOT_A_GROUP', `"${g}" is not an imported group chat.`, {suggestions: [`Name a group by its id or title: ${groups.map((c) => `${c.id} (${c.title})`).join(', ')}.`]})
        return found.id
      })
    }
    // Private rooms are the safe default: a run without prompts makes none public.
    if (this.request.asker instanceof NonInteractiveAsker || groups.length === 0) return []
    return this.request.asker.checkbox<number>({message: this.m.askPublic, flag: '--public "<id or title>" (config: "publicGroups")', choices: groups.map((g) => ({name: g.title, value: g.id}))})
  }

  async roomsStep(): Promise<void> {
    this.log(this.m.step(5, this.m.titles.rooms))
    const groups = this.plan.chats.filter((c) => c.kind === 'group')
    if (groups.length === 0) {
      this.log(this.m.noGroups)
      this.report('rooms', 'skipped', this.m.noGroups)
      return
    }
    const publicChats = await this.publicChats(groups)
    if (this.request.dryRun || this.plan.account === null) {
      this.plan.rooms = this.offlinePlan(publicChats)
      this.plan.roomAddressesAssumed = true
      this.showPlan(this.plan.rooms.rooms, this.plan.rooms.mucService)
      this.log(this.m.addressesAssumed)
      if (this.plan.account === null && this.request.answers.mucService === undefined && loadServerInfo(this.workspace) === null) this.log(this.m.placeholderService)
      this.report('rooms', 'planned', this.m.roomsPlanned(this.plan.rooms.rooms.length, this.plan.rooms.mucService))
      return
    }
    const connection = this.request.timeoutSeconds !== undefined ? {timeout: this.request.timeoutSeconds} : {}
    const deps = this.request.connectionDeps
    const connect = deps === undefined ? undefined : async () => loginStored(this.workspace, deps)
    const mucService = this.request.answers.mucService
    const common = {publicChats, connection, ...(mucService !== undefined ? {mucService} : {}), ...(connect ? {connect} : {})}
    const planned = await planRoomsForWorkspace(this.workspace, common)
    this.plan.rooms = {mucService: planned.mucService, rooms: planned.rooms}
    this.showPlan(planned.rooms, planned.mucService)
    if (planned.rooms.every((r) => r.action === 'unchanged')) {
      this.log(this.m.alreadyDone)
      this.report('rooms', 'already-done', this.m.roomsResult(0, 0, planned.rooms.length, 0))
      return
    }
    if (!(this.request.asker instanceof NonInteractiveAsker) && !(await this.request.asker.confirm({message: this.m.askCreateRooms, flag: '--yes', default: true}))) {
      this.log(this.m.roomsNotConfirmed)
      this.report('rooms', 'skipped', this.m.roomsNotConfirmed)
      return
    }
    const created = await createRoomsForWorkspace(this.workspace, {...common, chatIds: [], dryRun: false, roomPassword: null, ...(this.request.onRoomProgress ? {onProgress: this.request.onRoomProgress} : {})})
    const s = created.summary
    const detail = this.m.roomsResult(s.created, s.updated, s.unchanged, s.failed)
    this.log(detail)
    for (const r of created.rooms) if (r.status === 'failed') this.log(this.m.roomFailed(r.address, r.error?.message ?? ''))
    if (s.failed > 0) this.failed = true
    this.report('rooms', s.failed > 0 ? 'failed' : 'done', detail)
  }

  /** The plan without the server: known service, else the account's `conference.` name, else a placeholder. */
  offlinePlan(publicChats: number[]): RoomsPlan {
    const info = loadServerInfo(this.workspace)
    const domain = this.plan.account?.jid.split('@')[1]
    const mucService = this.request.answers.mucService ?? info?.muc?.jid ?? (domain !== undefined ? `conference.${domain}` : 'conference.example.org')
    const store = Store.open(this.workspace.storePath)
    try {
      const answers = this.contactAnswers
      const dryMe = this.dryMe
      const other = this.request.dryRun ? (this.request.answers.otherContacts ?? this.dryOther) : undefined
      // Dry run: the answers not stored are laid over the book's members.
      const membersOf = (s: Store, chatId: number): ChatMember[] =>
        chatMembers(s, chatId).map((member) => {
          const choice = answers.get(member.contactId)
          const jid = member.jid ?? (choice?.kind === 'jid' ? choice.jid.trim().toLowerCase() : null)
          const isMe = dryMe === null ? member.isMe : member.contactId === dryMe
          return {...member, jid: isMe ? member.jid : jid, isMe, invite: member.invite || choice?.kind === 'invite' || (other === 'invite' && jid === null)}
        })
      return planRoomsOffline(store, {mucService, ownJid: this.plan.account?.jid ?? '', publicChats, membersOf})
    } finally {
      store.close()
    }
  }

  showPlan(rooms: RoomPlan[], mucService: string): void {
    this.log(this.m.roomsPlanned(rooms.length, mucService))
    for (const r of rooms) {
      this.log(this.m.roomLine(r.action, r.address, r.name, r.public))
      this.log(this.m.roomMembers(r.members.length === 0 ? this.m.labels.none : r.members.map((p) => `${p.name} <${p.jid}>`).join(', ')))
      if (r.pending.length > 0) this.log(this.m.roomPending(r.pending.map((p) => p.name).join(', ')))
    }
  }

  // 6. Invitations -------------------------------------------------------------------------

  async invitationsStep(): Promise<void> {
    this.log(this.m.step(6, this.m.titles.invitations))
    this.plan.invitations = this.plan.contacts.filter((c) => c.outcome === 'invite').map((c) => ({id: c.id, name: c.name}))
    this.log(this.plan.invitations.length === 0 ? this.m.invitationsNone : this.m.invitationsWho(this.plan.invitations.map((c) => c.name).join(', ')))
    // The kit covers everyone with an address (added to the account's contacts) or to be invited.
    const kitFor = this.plan.contacts.filter((c) => c.outcome === 'has-jid' || c.outcome === 'set-jid' || c.outcome === 'invite')
    const kitDir = this.request.answers.kitDir ?? this.workspace.path('invitations')
    if (kitFor.length === 0) {
      this.report('invitations', 'skipped', this.m.invitationsNone)
      return
    }
    const store = Store.open(this.workspace.storePath)
    let done: string | null
    try {
      done = readRecords(store).kitDir
    } finally {
      store.close()
    }
    if (done !== null && existsSync(done)) {
      const detail = `${this.m.alreadyDone} — ${this.m.kitWritten(done)}`
      this.log(detail)
      this.log(this.m.kitRefresh)
      this.report('invitations', 'already-done', detail)
      return
    }
    if (this.request.dryRun || this.plan.account === null) {
      const detail = this.m.kitWould(kitDir, kitFor.length)
      this.log(detail)
      this.report('invitations', 'planned', detail)
      return
    }
    this.request.note(`${this.m.titles.invitations}…`)
    const deps = this.request.connectionDeps
    const kit = await inviteContacts(this.workspace, {
      out: kitDir,
      selectors: [],
      ...(this.request.answers.lang !== undefined ? {lang: this.request.answers.lang} : {}),
      serverInvites: true,
      connection: this.request.timeoutSeconds !== undefined ? {timeout: this.request.timeoutSeconds} : {},
      ...(deps !== undefined ? {connect: async () => loginStored(this.workspace, deps)} : {}),
    })
    const recordStore = Store.open(this.workspace.storePath)
    try {
      recordKitDir(recordStore, kit.out)
    } finally {
      recordStore.close()
    }
    for (const w of kit.warnings) this.request.note(`  ! ${w.message}`)
    // Where each person's message is: the links hold secret tokens, so they are not printed.
    for (const c of kit.contacts) this.log(this.m.kitLine(c.name, c.status, join(kit.out, c.files.message)))
    const detail = this.m.kitWritten(kit.out)
    this.log(detail)
    this.report('invitations', 'done', detail)
  }

  // 7. History -----------------------------------------------------------------------------

  async historyStep(): Promise<void> {
    this.log(this.m.step(7, this.m.titles.history))
    const store = Store.open(this.workspace.storePath)
    let done: string | null
    try {
      done = readRecords(store).historyDir
    } finally {
      store.close()
    }
    if (done !== null && existsSync(done)) {
      this.plan.history = {format: 'html', dir: done}
      const detail = `${this.m.alreadyDone} — ${done}`
      this.log(detail)
      this.report('history', 'already-done', detail)
      return
    }
    const flag = '--history html|none [--history-dir DIR] (config: "history", "historyDir")'
    let format: 'html' | 'none' | Unanswered | undefined = this.request.answers.history
    if (format === undefined) {
      format = await this.ask(flag, () =>
        this.request.asker.select<'html' | 'none'>({message: this.m.historyAsk, flag, choices: [{name: this.m.historyHtml, value: 'html'}, {name: this.m.historyNone, value: 'none'}], default: 'html'}),
      )
    }
    if (format instanceof Unanswered) {
      this.report('history', 'planned', `${this.m.historyHtml} / ${this.m.historyNone}`)
      this.log(`${this.m.historyHtml} (--history html) / ${this.m.historyNone} (--history none)`)
      return
    }
    if (format === 'none') {
      this.plan.history = {format: 'none'}
      this.log(this.m.historySkipped)
      this.report('history', 'skipped', this.m.historySkipped)
      return
    }
    const defaultDir = this.workspace.path('history')
    let dir = this.request.answers.historyDir
    if (dir === undefined && !(this.request.asker instanceof NonInteractiveAsker)) dir = await this.request.asker.input({message: this.m.historyAskDir, flag, default: defaultDir})
    dir ??= defaultDir
    this.plan.history = {format: 'html', dir}
    if (this.request.dryRun) {
      const detail = this.m.historyWould(dir)
      this.log(detail)
      this.report('history', 'planned', detail)
      return
    }
    this.request.note(`${this.m.historyHtml}…`)
    const result = exportHistory(this.workspace, {format: 'html', out: dir, chatIds: [], language: this.request.lang})
    const recordStore = Store.open(this.workspace.storePath)
    try {
      recordHistoryDir(recordStore, result.out)
    } finally {
      recordStore.close()
    }
    const detail = this.m.historyWritten(result.out, result.open ?? result.out)
    this.log(detail)
    this.report('history', 'done', detail)
  }

  // 8. Summary -----------------------------------------------------------------------------

  summary(status: MigrationStatus): void {
    const m = this.m
    this.log(m.step(8, m.titles.summary))
    for (const line of statusLines(status, m)) this.log(line)
    if (this.plan.missing.length > 0) {
      this.log(m.missing)
      for (const flag of this.plan.missing) this.log(`  ${flag}`)
    }
  }
}

/** Logs in with the stored credentials (tests pass connection overrides). */
async function loginStored(workspace: Workspace, deps: ConnectionDeps) {
  const stored = loadCredentials(workspace)
  if (stored === null) throw new UserError('NO_ACCOUNT', 'No XMPP account is stored in this workspace.')
  return loginAccount({jid: stored.jid, ...(stored.host !== undefined ? {host: stored.host} : {}), ...(stored.port !== undefined ? {port: stored.port} : {}), ...(stored.ca !== undefined ? {caFile: stored.ca} : {}), ...(stored.directTls ? {directTls: true} : {})}, stored.password, deps)
}

function noExports(): UserError {
  return new UserError('MIGRATE_NO_EXPORTS', 'Nothing is imported in this workspace yet, and no export was given.', {
    suggestions: ['Name your exports: xmpp-migrate migrate "WhatsApp Chat with Maman.txt" "WhatsApp Chat - Famille.zip"', 'Or try the bundled example: xmpp-migrate migrate fixtures/example/* --dry-run --yes'],
  })
}

/** The command to run for each next step. */
const NEXT_COMMAND: Record<MigrateStep, string> = {
  import: 'xmpp-migrate migrate <exports…>',
  me: 'xmpp-migrate migrate --me "<id or name>"  (or: xmpp-migrate contacts me <id>)',
  account: 'xmpp-migrate migrate --jid NAME@SERVER --account create|login',
  contacts: 'xmpp-migrate migrate --other-contacts invite|skip  (or: xmpp-migrate contacts set …)',
  rooms: 'xmpp-migrate migrate  (or: xmpp-migrate rooms create)',
  invitations: 'xmpp-migrate migrate  (or: xmpp-migrate invite)',
  history: 'xmpp-migrate migrate --history html  (or: xmpp-migrate history export)',
  done: '—',
}

/** The lines `status` and the flow's summary print (pure). */
export function statusLines(status: MigrationStatus, m: MigrateMessages): string[] {
  const l = m.labels
  const c = status.contacts
  const fr = m === migrateMessages('fr')
  return [
    m.summaryLine(l.sources, status.sources.length === 0 ? l.none : status.sources.map((s) => `${s.path} (${s.source ?? '?'})`).join(', ')),
    m.summaryLine(l.account, status.account ?? l.none),
    m.summaryLine(l.contacts, fr ? `${c.total} (moi : ${c.me ?? '?'}) — ${c.withJid} avec adresse, ${c.toInvite} à inviter, ${c.skipped} laissés de côté, ${c.undecided} sans réponse` : `${c.total} (me: ${c.me ?? '?'}) — ${c.withJid} with an address, ${c.toInvite} to invite, ${c.skipped} left out, ${c.undecided} undecided`),
    m.summaryLine(l.rooms, fr ? `${status.rooms.planned} prévus, ${status.rooms.created} créés, ${status.rooms.reconciled} complets` : `${status.rooms.planned} planned, ${status.rooms.created} created, ${status.rooms.reconciled} reconciled`),
    m.summaryLine(l.invitations, `${fr ? 'invitations aux salons envoyées : ' : 'room invitations sent: '}${status.invitations.roomInvitations}; kit${fr ? ' : ' : ': '}${status.invitations.kitDir ?? l.none}`),
    m.summaryLine(l.history, status.historyDir ?? l.none),
    m.nextStep(status.next === 'done' ? (fr ? 'rien, la migration est faite' : 'none, the migration is done') : `${status.next} — ${NEXT_COMMAND[status.next]}`),
  ]
}
