import {readFileSync} from 'node:fs'

import {terminalSafe} from '../ui/terminal-text.js'
import {UserError} from '../errors/index.js'
import {parseAccountJid, type AccountJid} from './account-jid.js'
import {resolveEndpoints, systemSrvResolver, type SrvResolver} from './endpoints.js'
import {translateConnectError, XmppErrorCode} from './errors.js'
import type {Invite} from './invite-uri.js'
import {registerAccount, type AskField, type RegistrationOutcome} from './registration.js'
import {XmppSession} from './XmppSession.js'
import {t} from '../i18n/index.js'

/** Default time to wait for the server, in ms. */
export const DEFAULT_TIMEOUT_MS = 20_000

/** How to reach an account's server; what `--jid --host --port --direct-tls --ca --timeout` say. */
export interface ConnectionSettings {
  /** The account address (`name@server`). */
  jid: string
  /** Connect to this host instead of looking up DNS SRV records. */
  host?: string
  /** Connect to this port. */
  port?: number
  /** Use TLS from the first byte (XEP-0368) instead of STARTTLS. */
  directTls?: boolean
  /** A PEM file of extra trusted CA certificates. */
  caFile?: string
  /** How long to wait for the server, in ms. */
  timeoutMs?: number
  /** Stream language, e.g. `fr`. */
  lang?: string
}

/** Replaceable effects, for tests. */
export interface ConnectionDeps {
  /** DNS SRV resolver (default: the system's). */
  resolver?: SrvResolver
  /** Receives redacted XML traffic; default: stderr when DEBUG mentions xmpp-migrate. */
  log?: (direction: 'in' | 'out', xmlText: string) => void
}

function defaultLog(): ConnectionDeps['log'] {
  if (!/xmpp-migrate/.test(process.env.DEBUG ?? '')) return undefined
  // Redacted before it gets here (redactElement): no password or SASL data can reach stderr.
  // terminalSafe: the server's text may hold escape sequences (issue 14).
  return (direction, xmlText) => process.stderr.write(`${terminalSafe(`xmpp ${direction === 'in' ? '<-' : '->'} ${xmlText}`)}\n`)
}

function readCa(file: string): string {
  try {
    const pem = readFileSync(file, 'utf8')
    // i18n-ignore: a PEM marker
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(t('errors.xmpp.caNoPem'))
    return pem
  } catch (error) {
    throw new UserError(XmppErrorCode.CA_FILE_UNREADABLE, t('errors.xmpp.caUnreadable', {file, why: (error as Error).message}), {
      cause: error,
      suggestions: [t('errors.xmpp.caFix')],
    })
  }
}

/**
 * Opens a TLS-secured, not yet authenticated stream to the account's server (DNS SRV unless
 * `host` is set; certificate checked against the domain with the system CAs plus `caFile`).
 * Fails with the UserErrors of XmppSession.open, XMPP_INVALID_JID or XMPP_CA_FILE_UNREADABLE.
 */
export async function openSecureSession(settings: ConnectionSettings, deps: ConnectionDeps = {}): Promise<{session: XmppSession; jid: AccountJid}> {
  const jid = parseAccountJid(settings.jid)
  const session = await openDomainSession(jid.domain, settings, deps)
  return {session, jid}
}

/**
 * Like {@link openSecureSession} for a server rather than an account: a TLS-secured, not yet
 * authenticated stream to `domain` (the `jid` of `settings`, if any, is ignored). Same failures,
 * without XMPP_INVALID_JID.
 */
export async function openDomainSession(domain: string, settings: Omit<ConnectionSettings, 'jid'>, deps: ConnectionDeps = {}): Promise<XmppSession> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const extraCa = settings.caFile ? [readCa(settings.caFile)] : []
  let endpoints
  try {
    endpoints = await resolveEndpoints(domain, {host: settings.host, port: settings.port, directTls: settings.directTls}, deps.resolver ?? systemSrvResolver)
  } catch (error) {
    throw translateConnectError(error, {domain, timeoutMs})
  }
  const log = deps.log ?? defaultLog()
  return XmppSession.open({domain, endpoints, extraCa, timeoutMs, ...(settings.lang ? {lang: settings.lang} : {}), ...(log ? {log} : {})})
}

/**
 * Logs in: secure stream, SASL, resource binding. Resolves with the authenticated session (the
 * caller closes it). Fails with a UserError (XMPP_WRONG_PASSWORD and the connection errors);
 * never retries or reconnects.
 */
export async function loginAccount(settings: ConnectionSettings, password: string, deps: ConnectionDeps = {}): Promise<XmppSession> {
  const {session, jid} = await openSecureSession(settings, deps)
  try {
    await session.authenticate(jid.local, password)
    return session
  } catch (error) {
    session.abort()
    throw translateConnectError(error, {domain: jid.domain, endpoint: session.endpoint})
  }
}

/** Inputs of {@link createAccount}. */
export interface CreateAccountRequest {
  /** The new account's password. */
  password: string
  /** An invitation to redeem (XEP-0401). */
  invite?: Invite
  /** Asks the person for extra fields and CAPTCHA answers. */
  ask: AskField
  /** Folder for CAPTCHA images. */
  captchaDir: string
  /** See RegistrationRequest.formPreference. */
  formPreference?: 'auto' | 'legacy'
}

/**
 * Creates the account by in-band registration (XEP-0077) and logs into it on the same stream.
 * Resolves with the authenticated session (the caller closes it) and what the registration did.
 * Fails with the UserErrors of registerAccount and loginAccount; an invitation for another
 * server or another name fails with XMPP_INVITE_INVALID before connecting.
 */
export async function createAccount(settings: ConnectionSettings, request: CreateAccountRequest, deps: ConnectionDeps = {}): Promise<{session: XmppSession; outcome: RegistrationOutcome}> {
  const jid = parseAccountJid(settings.jid)
  const invite = request.invite
  if (invite?.domain && invite.domain !== jid.domain) {
    throw new UserError(XmppErrorCode.INVITE_INVALID, t('errors.invitations.otherServer', {inviteDomain: invite.domain, domain: jid.domain}), {
      suggestions: [t('errors.invitations.otherServerFix', {inviteDomain: invite.domain, local: jid.local})],
    })
  }
  if (invite?.username && invite.username !== jid.local) {
    throw new UserError(XmppErrorCode.INVITE_INVALID, t('errors.invitations.otherName', {username: invite.username, local: jid.local}), {
      suggestions: [t('errors.invitations.otherNameFix', {address: `${invite.username}@${jid.domain}`})],
    })
  }
  if (invite && !invite.allowsRegistration) {
    throw new UserError(XmppErrorCode.INVITE_INVALID, invite.inviter === undefined ? t('errors.invitations.contactOnly') : t('errors.invitations.contactOnlyFrom', {inviter: invite.inviter}), {
      suggestions: [t('errors.invitations.contactOnlyFix')],
    })
  }
  const {session} = await openSecureSession(settings, deps)
  try {
    const outcome = await registerAccount(session, {username: jid.local, password: request.password, ask: request.ask, captchaDir: request.captchaDir, ...(request.formPreference ? {formPreference: request.formPreference} : {}), ...(invite ? {invite} : {})})
    await session.authenticate(jid.local, request.password)
    return {session, outcome}
  } catch (error) {
    session.abort()
    throw translateConnectError(error, {domain: jid.domain, endpoint: session.endpoint})
  }
}
