/**
 * The account commands' service (`account create`, `login`, `show`): the XMPP work (registration,
 * login, discovery) and what is stored in the workspace (credentials 0600, server summary), so
 * that the commands only read their flags and print.
 */
import {credentialsAfterLogin, CREDENTIALS_FILE, loadCredentials, saveCredentials} from '../credentials/credentials-file.js'
import {obtainPassword} from '../credentials/obtain-password.js'
import {createKeepingPassword, saveCreatedAccount} from '../credentials/pending-account.js'
import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {createAccount, loginAccount} from '../xmpp/account.js'
import {parseAccountJid} from '../xmpp/account-jid.js'
import {connectionSettingsFrom, type ConnectionFlagValues} from '../xmpp/connection-flags.js'
import {discoverServer, type ServerInfo} from '../xmpp/discovery.js'
import {parseInvite, type Invite} from '../xmpp/invite-uri.js'
import {loadServerInfo, saveServerInfo} from '../xmpp/server-info-file.js'
import {terminalAsk} from '../xmpp/terminal-ask.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {t} from '../i18n/index.js'

/** JSON result of `account create`. */
export interface AccountCreateResult {
  /** The new account. */
  jid: string
  /** The generated password (only when generated: shown this once); absent with --password-stdin. */
  password?: string
  /** true if xmpp-migrate generated the password. */
  passwordGenerated: boolean
  /** Where the credentials were stored (mode 0600). */
  credentialsFile: string
  /** Where the server summary was stored. */
  serverInfoFile: string
  /** The registration form kind the server used. */
  form: 'legacy' | 'data-form'
  /** true if an invitation was redeemed. */
  usedInvite: boolean
  /** What the server offers. */
  server: ServerInfo
}

/** JSON result of `account login`. */
export interface AccountLoginResult {
  /** The account logged into. */
  jid: string
  /** Where the credentials were stored (mode 0600). */
  credentialsFile: string
  /** Where the server summary was stored. */
  serverInfoFile: string
  /** What the server offers. */
  server: ServerInfo
}

/** JSON result of `account show`. */
export interface AccountShowResult {
  /** The stored account. */
  jid: string
  /** Only with --password. */
  password?: string
  /** Stored connection overrides. */
  connection: {host?: string; port?: number; directTls?: boolean; ca?: string}
  /** When the credentials last logged in successfully. */
  verifiedAt: string
  /** The stored discovery summary, or null. */
  server: ServerInfo | null
}

/** The bare address the flags and the argument name. Fails with NO_ACCOUNT, XMPP_INVALID_JID. */
export function accountAddress(connection: ConnectionFlagValues, jidArgument?: string, workspace?: Workspace): string {
  return parseAccountJid(connectionSettingsFrom(connection, workspace ? loadCredentials(workspace) : null, jidArgument).jid).bare
}

/** Reads an invitation link (xmpp: URI or its https page). Fails with XMPP_INVITE_INVALID. */
export function readInvitationLink(link: string): Invite {
  return parseInvite(link.trim())
}

/** Discovers what the server offers, then closes the session. */
async function discoverAndClose(session: XmppSession): Promise<ServerInfo> {
  try {
    return await discoverServer(session)
  } finally {
    await session.close()
  }
}

/** Inputs of {@link createWorkspaceAccount}. */
export interface AccountCreateRequest {
  /** Connection flags (the address may come from `--jid`). */
  connection: ConnectionFlagValues
  /** The command's address argument, if given. */
  jidArgument?: string
  /** An invitation to redeem first (XEP-0401), read with {@link readInvitationLink}. */
  invite?: Invite
  /** The password to register with (generated, or the person's). */
  password: string
  /** true when the password was generated (then shown once, and kept if saving fails). */
  passwordGenerated: boolean
  /** Whether the person can be asked (CAPTCHA and extra fields). */
  interactive: boolean
  /** Answer the legacy registration fields even if a data form is offered. */
  legacyForm: boolean
  /** Progress lines (stderr). */
  note?: (line: string) => void
}

/**
 * `account create`: registers (XEP-0077, after the invitation if any), logs in, discovers the
 * server, stores the credentials. The password is kept in the workspace before the server is
 * asked (issue 14): a run that registers the account but cannot save it never loses it; the
 * rerun logs in with it. Fails with the registration's and the workspace's UserErrors.
 */
export async function createWorkspaceAccount(workspace: Workspace, request: AccountCreateRequest): Promise<AccountCreateResult> {
  const settings = connectionSettingsFrom(request.connection, null, request.jidArgument)
  const jid = parseAccountJid(settings.jid)
  workspace.ensure()
  request.note?.(`Creating ${jid.bare}…`)
  let formKind: 'legacy' | 'data-form' = 'legacy'
  let usedInvite = false
  const created = await createKeepingPassword(workspace, jid.bare, request.password, {
    resume: (pending) => loginAccount(settings, pending).catch(() => null),
    register: async (password) => {
      const {session, outcome} = await createAccount(settings, {
        password,
        ...(request.invite ? {invite: request.invite} : {}),
        ask: terminalAsk({interactive: request.interactive}),
        captchaDir: workspace.path('captcha'),
        formPreference: request.legacyForm ? 'legacy' : 'auto',
      })
      formKind = outcome.formKind
      usedInvite = outcome.usedInvite
      return session
    },
  })
  const {session, password} = created
  // A password generated (now or by the interrupted run) is shown once; one piped in is known.
  const passwordGenerated = request.passwordGenerated || (created.resumed && password !== request.password)
  if (created.resumed) request.note?.(t('account.resumed', {jid: jid.bare}))
  const server = await discoverAndClose(session)
  const credentialsFile = saveCreatedAccount(workspace, credentialsAfterLogin(jid.bare, password, settings), {showPassword: passwordGenerated})
  const serverInfoFile = saveServerInfo(workspace, server)
  return {jid: jid.bare, ...(passwordGenerated ? {password} : {}), passwordGenerated, credentialsFile, serverInfoFile, form: formKind, usedInvite, server}
}

/**
 * `account login`: checks the password (stdin, the store, or a prompt), discovers the server,
 * stores both. Fails with NO_ACCOUNT, the password-input errors and the login's UserErrors.
 */
export async function loginWorkspaceAccount(workspace: Workspace, request: {connection: ConnectionFlagValues; jidArgument?: string}): Promise<AccountLoginResult> {
  const stored = loadCredentials(workspace)
  const settings = connectionSettingsFrom(request.connection, stored, request.jidArgument)
  const jid = parseAccountJid(settings.jid)
  const {password} = await obtainPassword({jid: jid.bare, passwordStdin: request.connection['password-stdin'] ?? false, stored, preferPrompt: request.jidArgument !== undefined || request.connection.jid !== undefined})
  const server = await discoverAndClose(await loginAccount(settings, password))
  workspace.ensure()
  const credentialsFile = saveCredentials(workspace, credentialsAfterLogin(jid.bare, password, settings))
  const serverInfoFile = saveServerInfo(workspace, server)
  return {jid: jid.bare, credentialsFile, serverInfoFile, server}
}

/** `account show`: what the workspace holds. Fails with NO_ACCOUNT (and what to run). */
export function showWorkspaceAccount(workspace: Workspace, options: {withPassword: boolean}): AccountShowResult {
  const stored = loadCredentials(workspace)
  if (!stored) {
    throw new UserError('NO_ACCOUNT', t('errors.account.none', {dir: workspace.dir, file: CREDENTIALS_FILE}), {
      suggestions: [t('errors.account.noneFix')],
    })
  }
  const connection = {
    ...(stored.host !== undefined ? {host: stored.host} : {}),
    ...(stored.port !== undefined ? {port: stored.port} : {}),
    ...(stored.directTls ? {directTls: true} : {}),
    ...(stored.ca !== undefined ? {ca: stored.ca} : {}),
  }
  return {jid: stored.jid, ...(options.withPassword ? {password: stored.password} : {}), connection, verifiedAt: stored.verifiedAt, server: loadServerInfo(workspace)}
}
