import {isAbsolute, resolve} from 'node:path'

import {UserError} from '../errors/index.js'
import {migrateLanguage, type MigrateLanguage} from './language.js'

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
  return new UserError('MIGRATE_BAD_CONFIG', `${file}: ${message}`, {suggestions: ['See docs/migrate.md for the fields of migrate.json and an example.']})
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
  if (typeof value !== 'string') throw configError(file, `"${key}" must be text.`)
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
  throw configError(file, `${flagName} must be "create" or "login", not "${value}".`)
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
    throw new UserError('MIGRATE_BAD_CONFIG', `${file} is not valid JSON: ${(error as Error).message}`, {cause: error, suggestions: ['See docs/migrate.md for an example migrate.json.']})
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw configError(file, 'the file must hold one JSON object.')
  const o = raw as Record<string, unknown>
  const known = new Set(['$schema', 'lang', 'account', 'region', 'me', 'contacts', 'contactsCsv', 'otherContacts', 'publicGroups', 'mucService', 'kitDir', 'history', 'historyDir', 'arrivals'])
  for (const key of Object.keys(o)) if (!known.has(key)) throw configError(file, `unknown field "${key}".`)

  const answers: MigrateAnswers = {contacts: new Map()}
  const lang = stringField(file, o, 'lang')
  if (lang !== undefined) {
    const parsed = migrateLanguage(lang)
    if (parsed === null) throw configError(file, `"lang" must be "fr" or "en", not "${lang}".`)
    answers.lang = parsed
  }
  if (o.account !== undefined) {
    if (typeof o.account !== 'object' || o.account === null) throw configError(file, '"account" must be an object like {"jid": "me@example.org", "action": "login"}.')
    const a = o.account as Record<string, unknown>
    if ('password' in a) throw configError(file, '"account" must not hold a password (pass it with --password-stdin).')
    const jid = stringField(file, a, 'jid')
    const action = accountAction(file, stringField(file, a, 'action'), '"account.action"')
    if (jid === undefined || action === undefined) throw configError(file, '"account" needs "jid" and "action" ("create" or "login").')
    const account: AccountAnswer = {jid, action}
    const host = stringField(file, a, 'host')
    if (host !== undefined) account.host = host
    if (a.port !== undefined) {
      if (typeof a.port !== 'number' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65_535) throw configError(file, '"account.port" must be a port number.')
      account.port = a.port
    }
    if (a.directTls !== undefined) {
      if (typeof a.directTls !== 'boolean') throw configError(file, '"account.directTls" must be true or false.')
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
    if (typeof o.contacts !== 'object' || o.contacts === null || Array.isArray(o.contacts)) throw configError(file, '"contacts" must map a contact (id or name) to an address, "invite" or "skip".')
    for (const [who, value] of Object.entries(o.contacts as Record<string, unknown>)) {
      if (typeof value !== 'string') throw configError(file, `"contacts"."${who}" must be an address, "invite" or "skip".`)
      answers.contacts.set(who, parseContactChoice(value))
    }
  }
  const csv = pathField(file, baseDir, o, 'contactsCsv')
  if (csv !== undefined) answers.contactsCsv = csv
  const other = stringField(file, o, 'otherContacts')
  if (other !== undefined) {
    if (other !== 'invite' && other !== 'skip') throw configError(file, `"otherContacts" must be "invite" or "skip", not "${other}".`)
    answers.otherContacts = other
  }
  if (o.publicGroups !== undefined) {
    if (!Array.isArray(o.publicGroups) || !o.publicGroups.every((g) => typeof g === 'string' || typeof g === 'number')) throw configError(file, '"publicGroups" must be a list of chat ids or titles.')
    answers.publicGroups = o.publicGroups.map(String)
  }
  const kit = pathField(file, baseDir, o, 'kitDir')
  if (kit !== undefined) answers.kitDir = kit
  const history = stringField(file, o, 'history')
  if (history !== undefined) {
    if (history !== 'share' && history !== 'html' && history !== 'none') throw configError(file, `"history" must be "share", "html" or "none", not "${history}".`)
    answers.history = history
  }
  const historyDir = pathField(file, baseDir, o, 'historyDir')
  if (historyDir !== undefined) answers.historyDir = historyDir
  if (o.arrivals !== undefined) {
    if (typeof o.arrivals !== 'object' || o.arrivals === null || Array.isArray(o.arrivals)) throw configError(file, '"arrivals" must map a contact (id or name) to their new address.')
    answers.arrivals = new Map()
    for (const [who, value] of Object.entries(o.arrivals as Record<string, unknown>)) {
      if (typeof value !== 'string' || value.trim() === '') throw configError(file, `"arrivals"."${who}" must be an XMPP address.`)
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
    const lang = migrateLanguage(flags.lang)
    if (lang === null) throw new UserError('MIGRATE_BAD_FLAG', `--lang must be fr or en, not "${flags.lang}".`, {suggestions: ['Use --lang fr or --lang en.']})
    answers.lang = lang
  }
  const action = flags.account
  if (action !== undefined && action !== 'create' && action !== 'login') {
    throw new UserError('MIGRATE_BAD_FLAG', `--account must be create or login, not "${action}".`, {suggestions: ['Use --account login for an existing account, --account create for a new one.']})
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
    if (eq <= 0) throw new UserError('MIGRATE_BAD_FLAG', `--contact "${entry}" should be WHO=ADDRESS, WHO=invite or WHO=skip.`, {suggestions: ['For example: --contact "Mamie Jeanne=jeanne@example.org" --contact Karim=invite']})
    answers.contacts.set(entry.slice(0, eq), parseContactChoice(entry.slice(eq + 1)))
  }
  if (flags['contacts-csv'] !== undefined) answers.contactsCsv = resolve(flags['contacts-csv'])
  if (flags['other-contacts'] !== undefined) {
    const other = flags['other-contacts']
    if (other !== 'invite' && other !== 'skip') throw new UserError('MIGRATE_BAD_FLAG', `--other-contacts must be invite or skip, not "${other}".`)
    answers.otherContacts = other
  }
  if (flags.public !== undefined && flags.public.length > 0) answers.publicGroups = flags.public
  if (flags['muc-service'] !== undefined) answers.mucService = flags['muc-service']
  if (flags['kit-dir'] !== undefined) answers.kitDir = resolve(flags['kit-dir'])
  if (flags.history !== undefined) {
    if (flags.history !== 'share' && flags.history !== 'html' && flags.history !== 'none') throw new UserError('MIGRATE_BAD_FLAG', `--history must be share, html or none, not "${flags.history}".`)
    answers.history = flags.history
  }
  if (flags['history-dir'] !== undefined) answers.historyDir = resolve(flags['history-dir'])
  if (flags.arrival !== undefined && flags.arrival.length > 0) {
    answers.arrivals = new Map(answers.arrivals)
    for (const entry of flags.arrival) {
      const eq = entry.lastIndexOf('=')
      if (eq <= 0 || eq === entry.length - 1) throw new UserError('MIGRATE_BAD_FLAG', `--arrival "${entry}" should be NAME=ADDRESS.`, {suggestions: ['For example: --arrival "Mamie Jeanne=jeanne@chat.example.org"']})
      answers.arrivals.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
    }
  }
  return answers
}
