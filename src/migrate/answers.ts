import {isAbsolute, resolve} from 'node:path'

import {UserError} from '../errors/index.js'
import {languageOf, t} from '../i18n/index.js'
import {flowLanguage, type MigrateLanguage} from './language.js'

/** What to do with a contact that has no XMPP address. */
export type ContactChoice = {kind: 'jid'; jid: string} | {kind: 'invite'} | {kind: 'skip'}

/** The account step's answer. */
export interface AccountAnswer {
  /** Bare JID (name@server). */
  jid: string
  /** `create` a new account (in-band registration) or `login` to an existing one. */
  action: 'create' | 'login'
  /** Server name or IP to connect to instead of DNS (`--host`). */
  host?: string
  /** Port (`--port`). */
  port?: number
  /** TLS from the first byte (`--direct-tls`, XEP-0368). */
  directTls?: boolean
  /** Absolute path of an extra CA (PEM) to trust (`--ca`). */
  ca?: string
}

/**
 * Every answer the flow can be given up front (flags and/or `--config migrate.json`); what is
 * undefined is asked, or, with `--yes`, is an error naming the flag. Passwords are never here:
 * they come from `--password-stdin`, the stored credentials, or are generated.
 */
export interface MigrateAnswers {
  /** Language of the flow, or undefined for the system locale. */
  lang?: MigrateLanguage
  /** The account to log in to or create. */
  account?: AccountAnswer
  /** Region (ISO country code) for phone numbers written without one. */
  region?: string
  /** Who "me" is: a contact id or name. */
  me?: string
  /** Per-contact answers, keyed by contact id or name. */
  contacts: Map<string, ContactChoice>
  /** A CSV (as `contacts export` writes it) to apply to the contact book first. */
  contactsCsv?: string
  /** What to do with every contact without an address and without an answer. */
  otherContacts?: 'invite' | 'skip'
  /** Group chats (id or title) to make public rooms; undefined: ask (none with --yes). */
  publicGroups?: string[]
  /** Group chat service (`--muc-service`), else discovered. */
  mucService?: string
  /** Folder for the invitation kit. */
  kitDir?: string
  /** History step: `share` posts PDF documents in the rooms and to the people of one-to-one chats, `html` writes a browsable archive, `none` skips it. */
  history?: 'share' | 'html' | 'none'
  /** Folder for the history archive. */
  historyDir?: string
  /** Who newcomers are: a contact (id or name) → their new address (`--arrival`, config "arrivals"). */
  arrivals?: Map<string, string>
}

/** The flags of `migrate` that carry answers (parsed by oclif). */
export interface AnswerFlags {
  lang?: string
  jid?: string
  account?: string
  host?: string
  port?: number
  'direct-tls'?: boolean
  ca?: string
  region?: string
  me?: string
  contact?: string[]
  'contacts-csv'?: string
  'other-contacts'?: string
  public?: string[]
  'muc-service'?: string
  'kit-dir'?: string
  history?: string
  'history-dir'?: string
  arrival?: string[]
}

function configError(file: string, message: string): UserError {
  return new UserError('MIGRATE_BAD_CONFIG', t('flow.config.bad', {file, message}), {suggestions: [t('flow.config.seeDocs')]})
}

/** Reads one contact answer: an address, `invite` or `skip`. */
export function parseContactChoice(value: string): ContactChoice {
  const text = value.trim()
  const lower = text.toLowerCase()
  if (lower === 'invite' || lower === 'inviter') return {kind: 'invite'}
  if (lower === 'skip' || lower === 'ignorer' || lower === '') return {kind: 'skip'}
  return {kind: 'jid', jid: text}
}

function stringField(file: string, object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw configError(file, t('flow.config.mustBeText', {key}))
  return value
}

function pathField(file: string, baseDir: string, object: Record<string, unknown>, key: string): string | undefined {
  const value = stringField(file, object, key)
  if (value === undefined) return undefined
  return isAbsolute(value) ? value : resolve(baseDir, value)
}

function accountAction(file: string, value: string | undefined, flagName: string): 'create' | 'login' | undefined {
  if (value === undefined) return undefined
  if (value === 'create' || value === 'login') return value
  throw configError(file, t('flow.config.action', {field: flagName, value}))
}

/**
 * Parses `migrate.json` (see docs/migrate.md). Relative paths are resolved against `baseDir`
 * (the config file's folder). Fails with MIGRATE_BAD_CONFIG naming the field.
 */
export function parseMigrateConfig(text: string, file: string, baseDir: string): MigrateAnswers {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new UserError('MIGRATE_BAD_CONFIG', t('flow.config.notJson', {file, reason: (error as Error).message}), {cause: error, suggestions: [t('flow.config.seeDocs')]})
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw configError(file, t('flow.config.notObject'))
  const o = raw as Record<string, unknown>
  const known = new Set(['$schema', 'lang', 'account', 'region', 'me', 'contacts', 'contactsCsv', 'otherContacts', 'publicGroups', 'mucService', 'kitDir', 'history', 'historyDir', 'arrivals'])
  for (const key of Object.keys(o)) if (!known.has(key)) throw configError(file, t('flow.config.unknownField', {key}))

  const answers: MigrateAnswers = {contacts: new Map()}
  const lang = stringField(file, o, 'lang')
  if (lang !== undefined) {
    const parsed = languageOf(lang)
    if (parsed === null) throw configError(file, t('flow.config.lang', {value: lang}))
    answers.lang = flowLanguage(parsed)
  }
  if (o.account !== undefined) {
    if (typeof o.account !== 'object' || o.account === null) throw configError(file, t('flow.config.accountShape'))
    const a = o.account as Record<string, unknown>
    if ('password' in a) throw configError(file, t('flow.config.accountPassword'))
    const jid = stringField(file, a, 'jid')
    const action = accountAction(file, stringField(file, a, 'action'), 'account.action')
    if (jid === undefined || action === undefined) throw configError(file, t('flow.config.accountNeeds'))
    const account: AccountAnswer = {jid, action}
    const host = stringField(file, a, 'host')
    if (host !== undefined) account.host = host
    if (a.port !== undefined) {
      if (typeof a.port !== 'number' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65_535) throw configError(file, t('flow.config.port'))
      account.port = a.port
    }
    if (a.directTls !== undefined) {
      if (typeof a.directTls !== 'boolean') throw configError(file, t('flow.config.directTls'))
      account.directTls = a.directTls
    }
    const ca = pathField(file, baseDir, a, 'ca')
    if (ca !== undefined) account.ca = ca
    answers.account = account
  }
  for (const key of ['region', 'me', 'mucService'] as const) {
    const value = stringField(file, o, key)
    if (value !== undefined) answers[key] = value
  }
  if (o.contacts !== undefined) {
    if (typeof o.contacts !== 'object' || o.contacts === null || Array.isArray(o.contacts)) throw configError(file, t('flow.config.contactsShape'))
    for (const [who, value] of Object.entries(o.contacts as Record<string, unknown>)) {
      if (typeof value !== 'string') throw configError(file, t('flow.config.contactValue', {who}))
      answers.contacts.set(who, parseContactChoice(value))
    }
  }
  const csv = pathField(file, baseDir, o, 'contactsCsv')
  if (csv !== undefined) answers.contactsCsv = csv
  const other = stringField(file, o, 'otherContacts')
  if (other !== undefined) {
    if (other !== 'invite' && other !== 'skip') throw configError(file, t('flow.config.otherContacts', {value: other}))
    answers.otherContacts = other
  }
  if (o.publicGroups !== undefined) {
    if (!Array.isArray(o.publicGroups) || !o.publicGroups.every((g) => typeof g === 'string' || typeof g === 'number')) throw configError(file, t('flow.config.publicGroups'))
    answers.publicGroups = o.publicGroups.map(String)
  }
  const kit = pathField(file, baseDir, o, 'kitDir')
  if (kit !== undefined) answers.kitDir = kit
  const history = stringField(file, o, 'history')
  if (history !== undefined) {
    if (history !== 'share' && history !== 'html' && history !== 'none') throw configError(file, t('flow.config.history', {value: history}))
    answers.history = history
  }
  const historyDir = pathField(file, baseDir, o, 'historyDir')
  if (historyDir !== undefined) answers.historyDir = historyDir
  if (o.arrivals !== undefined) {
    if (typeof o.arrivals !== 'object' || o.arrivals === null || Array.isArray(o.arrivals)) throw configError(file, t('flow.config.arrivalsShape'))
    answers.arrivals = new Map()
    for (const [who, value] of Object.entries(o.arrivals as Record<string, unknown>)) {
      if (typeof value !== 'string' || value.trim() === '') throw configError(file, t('flow.config.arrivalValue', {who}))
      answers.arrivals.set(who, value.trim())
    }
  }
  return answers
}

/**
 * The answers of the flags laid over those of the config file (flags win, field by field;
 * `--contact` entries are added to the config's). Fails with MIGRATE_BAD_FLAG.
 */
export function mergeAnswers(flags: AnswerFlags, config: MigrateAnswers = {contacts: new Map()}): MigrateAnswers {
  const answers: MigrateAnswers = {...config, contacts: new Map(config.contacts)}
  if (flags.lang !== undefined) {
    const lang = languageOf(flags.lang)
    if (lang === null) throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.lang', {value: flags.lang}), {suggestions: [t('flow.flagErrors.langHow')]})
    answers.lang = flowLanguage(lang)
  }
  const action = flags.account
  if (action !== undefined && action !== 'create' && action !== 'login') {
    throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.account', {value: action}), {suggestions: [t('flow.flagErrors.accountHow')]})
  }
  const connectionGiven = flags.host !== undefined || flags.port !== undefined || flags['direct-tls'] === true || flags.ca !== undefined
  if (flags.jid !== undefined || action !== undefined || answers.account !== undefined || connectionGiven) {
    const jid = flags.jid ?? answers.account?.jid
    const chosen = action ?? answers.account?.action
    if (jid !== undefined && chosen !== undefined) {
      const account: AccountAnswer = {...answers.account, jid, action: chosen}
      if (flags.host !== undefined) account.host = flags.host
      if (flags.port !== undefined) account.port = flags.port
      if (flags['direct-tls']) account.directTls = true
      if (flags.ca !== undefined) account.ca = resolve(flags.ca)
      answers.account = account
    } else {
      // Part of an answer (e.g. only --host/--port/--ca of a test server): kept so the flow asks
      // (or names) only the missing part, and connects the way the flags say.
      answers.account = {jid: jid ?? '', action: chosen ?? ('' as 'login'), ...(flags.host !== undefined ? {host: flags.host} : {}), ...(flags.port !== undefined ? {port: flags.port} : {}), ...(flags['direct-tls'] ? {directTls: true} : {}), ...(flags.ca !== undefined ? {ca: resolve(flags.ca)} : {})}
    }
  }
  if (flags.region !== undefined) answers.region = flags.region
  if (flags.me !== undefined) answers.me = flags.me
  for (const entry of flags.contact ?? []) {
    const eq = entry.lastIndexOf('=')
    if (eq <= 0) throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.contact', {value: entry}), {suggestions: [t('flow.flagErrors.contactHow')]})
    answers.contacts.set(entry.slice(0, eq), parseContactChoice(entry.slice(eq + 1)))
  }
  if (flags['contacts-csv'] !== undefined) answers.contactsCsv = resolve(flags['contacts-csv'])
  if (flags['other-contacts'] !== undefined) {
    const other = flags['other-contacts']
    if (other !== 'invite' && other !== 'skip') throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.otherContacts', {value: other}))
    answers.otherContacts = other
  }
  if (flags.public !== undefined && flags.public.length > 0) answers.publicGroups = flags.public
  if (flags['muc-service'] !== undefined) answers.mucService = flags['muc-service']
  if (flags['kit-dir'] !== undefined) answers.kitDir = resolve(flags['kit-dir'])
  if (flags.history !== undefined) {
    if (flags.history !== 'share' && flags.history !== 'html' && flags.history !== 'none') throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.history', {value: flags.history}))
    answers.history = flags.history
  }
  if (flags['history-dir'] !== undefined) answers.historyDir = resolve(flags['history-dir'])
  if (flags.arrival !== undefined && flags.arrival.length > 0) {
    answers.arrivals = new Map(answers.arrivals)
    for (const entry of flags.arrival) {
      const eq = entry.lastIndexOf('=')
      if (eq <= 0 || eq === entry.length - 1) throw new UserError('MIGRATE_BAD_FLAG', t('flow.flagErrors.arrival', {value: entry}), {suggestions: [t('flow.flagErrors.arrivalHow')]})
      answers.arrivals.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
    }
  }
  return answers
}
