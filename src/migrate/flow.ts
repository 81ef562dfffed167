import type {ContactRow} from '../contacts/index.js'
import {findContact} from '../contacts/service.js'
import {loadCredentials} from '../credentials/credentials-file.js'
import {BugError, UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import type {RoomProgress} from '../rooms/apply-plan.js'
import type {RoomsPlan} from '../rooms/types.js'
import type {ImportOptions} from '../services/import-service.js'
import {ContactRepository, type Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import {loginAccount, type ConnectionDeps} from '../xmpp/account.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import type {ContactChoice, MigrateAnswers} from './answers.js'
import type {Asker} from './Asker.js'
import type {MigrateLanguage} from './language.js'
import type {MigrateMessages} from './messages.js'
import {NonInteractiveAsker} from './NonInteractiveAsker.js'
import type {MigrateStep, MigrationStatus} from './status.js'

/** One step of the flow: its name (as reported) and what it does. */
export interface FlowStep {
  /** The step, as `migrate --json` and `status` name it. */
  readonly name: Exclude<MigrateStep, 'done'>
  /** Runs the step: reads what is done, does the rest, records it, reports it (flow.report). */
  run(flow: Flow): Promise<void>
}

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
  history: {format: 'html'; dir: string} | {format: 'share'} | {format: 'none'} | null
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
  /** Flags to keep in the commands the flow tells to run besides the connection ones (taken from the answers): `-w DIR`. See hint-flags.ts. */
  hintFlags?: string[]
  /** Connection overrides (tests). */
  connectionDeps?: ConnectionDeps
}

/** An answer the flow could not get in a non-interactive dry run (shown in the plan, not thrown). */
export class Unanswered {
  constructor(readonly flag: string) {}
}


/**
 * The state of one run of the guided flow, shared by its steps (src/migrate/steps/): the request,
 * the messages, the plan being filled in, each step's report. Steps read what is done from the
 * store and the workspace, and record what they do before the next starts.
 */
export class Flow {
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
  /** Contact addresses found doubtful by the check after the contacts step (issue 16). */
  addressProblems = 0
  /** The store, opened by the import step for the steps that read the contact book (closed by the runner). */
  #store: Store | null = null

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

  /** The store opened by the import step. */
  get store(): Store {
    if (this.#store === null) throw new BugError('the import step opens the store first')
    return this.#store
  }

  set store(store: Store) {
    this.#store = store
  }

  /** Closes the store if open. */
  closeStore(): void {
    this.#store?.close()
    this.#store = null
  }

  resolveContact(store: Store, selector: string): ContactRow {
    const repo = ContactRepository.open(store)
    try {
      return findContact(repo, selector)
    } finally {
      repo.close()
    }
  }

  /** The connection overrides of tests as a `connect` function for the services, or undefined. */
  get connect(): (() => Promise<XmppSession>) | undefined {
    const deps = this.request.connectionDeps
    return deps === undefined ? undefined : async () => loginStored(this.workspace, deps)
  }
}


/** Logs in with the stored credentials (tests pass connection overrides). */
export async function loginStored(workspace: Workspace, deps: ConnectionDeps) {
  const stored = loadCredentials(workspace)
  if (stored === null) throw new UserError('NO_ACCOUNT', t('flow.noAccount'))
  return loginAccount({jid: stored.jid, ...(stored.host !== undefined ? {host: stored.host} : {}), ...(stored.port !== undefined ? {port: stored.port} : {}), ...(stored.ca !== undefined ? {caFile: stored.ca} : {}), ...(stored.directTls ? {directTls: true} : {})}, stored.password, deps)
}

export function noExports(): UserError {
  return new UserError('MIGRATE_NO_EXPORTS', t('flow.noExportsError'), {suggestions: [t('flow.noExportsName'), t('flow.noExportsExample')]})
}
