/**
 * 3. Account: the stored one, or log in / create it.
 */
import {conversationsAccountPayload, renderTerminalQr} from '../../credentials/account-qr.js'
import {credentialsAfterLogin, loadCredentials, saveCredentials} from '../../credentials/credentials-file.js'
import {generatePassword} from '../../credentials/generate-password.js'
import {createKeepingPassword, saveCreatedAccount} from '../../credentials/pending-account.js'
import {readPasswordFromStdin} from '../../credentials/password-input.js'
import {UserError, XmError} from '../../errors/index.js'
import {formatList} from '../../i18n/index.js'
import {XmppErrorCode} from '../../xmpp/errors.js'
import {createAccount, loginAccount, type ConnectionSettings} from '../../xmpp/account.js'
import {parseAccountJid} from '../../xmpp/account-jid.js'
import {discoverServer} from '../../xmpp/discovery.js'
import {saveServerInfo} from '../../xmpp/server-info-file.js'
import {terminalAsk} from '../../xmpp/terminal-ask.js'
import type {XmppSession} from '../../xmpp/XmppSession.js'
import type {AccountAnswer} from '../answers.js'
import {Unanswered, type Flow, type FlowStep} from '../flow.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'
import {checkServerRegistration, describeProposal, localeCountry, proposeProviders, registrationAdvice} from '../../providers/index.js'

async function run(flow: Flow): Promise<void> {
  const stored = loadCredentials(flow.workspace)
  const answer = flow.request.answers.account
  const sameAsStored = stored !== null && (answer === undefined || answer.jid === '' || answer.jid.trim().toLowerCase() === stored.jid)
  if (stored !== null && sameAsStored) {
    flow.plan.account = {jid: stored.jid, action: 'stored'}
    const detail = flow.m.accountStored(stored.jid)
    flow.log(detail)
    flow.report('account', 'already-done', detail)
    return
  }
  const flag = flow.m.t('flow.flags.account')
  let action: 'create' | 'login' | Unanswered | undefined = answer?.action === 'create' || answer?.action === 'login' ? answer.action : undefined
  if (action === undefined) {
    action = await flow.ask(flag, () =>
      flow.request.asker.select<'create' | 'login'>({
        message: flow.m.askAccountAction,
        flag,
        choices: [
          {name: flow.m.accountLogin, value: 'login'},
          {name: flow.m.accountCreate, value: 'create', description: flow.m.serverAdvice},
        ],
      }),
    )
  }
  if (action instanceof Unanswered) {
    flow.log(flow.m.serverAdvice)
    showProposals(flow)
    flow.report('account', 'planned', flow.m.serverAdvice)
    return
  }
  let jid: string | Unanswered | undefined = answer?.jid !== undefined && answer.jid !== '' ? answer.jid : undefined
  if (jid === undefined && action === 'create') {
    // Issue 12: servers that fit this person, checked live before a name is asked.
    const chosen = await chooseServer(flow)
    if (chosen instanceof Unanswered) {
      flow.report('account', 'planned', flow.m.serverAdvice)
      return
    }
    if (chosen !== null) {
      if (chosen.action === 'login') action = 'login'
      jid = chosen.jid
    }
  }
  if (jid === undefined) {
    if (action === 'create') flow.log(flow.m.serverAdvice)
    jid = await flow.ask(flag, () =>
      flow.request.asker.input({
        message: flow.m.askJid,
        flag,
        validate: (v) => validJid(flow, v),
      }),
    )
  }
  if (jid instanceof Unanswered) {
    flow.report('account', 'planned', flow.m.serverAdvice)
    return
  }
  const bare = parseAccountJid(jid).bare
  flow.plan.account = {jid: bare, action}
  if (flow.request.dryRun) {
    const detail = flow.m.accountWould(action, bare)
    flow.log(detail)
    flow.report('account', 'planned', detail)
    return
  }
  await connectAccount(flow, {...answer, jid: bare, action})
}

/** Login tries before the run ends (a wrong password is asked again). */
const PASSWORD_TRIES = 3

/** XMPP_* codes of an address whose server cannot be reached as typed (asked again when interactive). */
const UNREACHABLE: ReadonlySet<string> = new Set([XmppErrorCode.DNS_FAILED, XmppErrorCode.HOST_UNKNOWN, XmppErrorCode.CONNECTION_REFUSED])

/**
 * Logs in to or creates the account, forgiving ordinary mistakes (issue 16) when a person is
 * there to answer: a name already taken → other names are proposed; a wrong password → asked
 * again (three tries); a server that cannot be reached → the address is asked again. Without a
 * terminal, the error says what to run, with the flags the person gave.
 */
async function connectAccount(flow: Flow, answer: AccountAnswer): Promise<void> {
  const account = {...answer}
  const interactive = !(flow.request.asker instanceof NonInteractiveAsker)
  const tried = new Set<string>()
  let passwordTries = 0
  for (;;) {
    try {
      await connectOnce(flow, account, interactive)
      return
    } catch (error) {
      if (!(error instanceof XmError)) throw error
      const jid = parseAccountJid(account.jid)
      if (error.code === XmppErrorCode.USERNAME_TAKEN && account.action === 'create') {
        tried.add(jid.local)
        const variants = nameVariants(jid.local, flow.plan.me, tried)
        if (!interactive) throw takenError(flow, jid.bare, jid.domain, variants, error)
        flow.log(flow.m.t('flow.account.taken', {jid: jid.bare}))
        const next = await askOtherName(flow, jid.domain, variants)
        Object.assign(account, next)
        flow.plan.account = {jid: next.jid, action: next.action}
        continue
      }
      if (error.code === XmppErrorCode.WRONG_PASSWORD && account.action === 'login') {
        passwordTries++
        if (interactive && !flow.request.passwordStdin && passwordTries < PASSWORD_TRIES) {
          flow.log(flow.m.t('flow.account.wrongPassword', {jid: jid.bare, left: PASSWORD_TRIES - passwordTries}))
          continue
        }
        throw new UserError(XmppErrorCode.WRONG_PASSWORD, flow.m.t('flow.account.wrongPasswordEnd', {jid: jid.bare, tries: passwordTries}), {
          cause: error,
          suggestions: [
            flow.m.t('flow.account.wrongPasswordRetry', {command: flow.m.command(`migrate --jid ${jid.bare} --account login`)}), // i18n-ignore: command arguments
            flow.m.t('flow.account.wrongPasswordCreate', {command: flow.m.command(`migrate --jid ${jid.bare} --account create`)}), // i18n-ignore: command arguments
          ],
        })
      }
      if (interactive && UNREACHABLE.has(error.code)) {
        flow.log(error.message)
        for (const suggestion of error.suggestions) flow.log(`  → ${suggestion}`)
        const typed = await flow.request.asker.input({message: flow.m.askJid, flag: flow.m.t('flow.flags.account'), default: jid.bare, validate: (v) => validJid(flow, v)})
        account.jid = parseAccountJid(typed).bare
        flow.plan.account = {jid: account.jid, action: account.action}
        continue
      }
      throw error
    }
  }
}

/** An address as typed: true, or the sentence saying what an address looks like. */
function validJid(flow: Flow, value: string): string | true {
  try {
    parseAccountJid(value)
    return true
  } catch {
    return flow.m.t('flow.account.badAddress')
  }
}

/**
 * Other names to propose when `local` is taken: with the person's name, the year, a digit.
 * XEP-0077 has no way to ask whether a name is free without creating the account: each is tried
 * when chosen, and a taken one is asked about again.
 */
export function nameVariants(local: string, me: string | null, tried: ReadonlySet<string>, year = new Date().getFullYear()): string[] {
  const plain = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '')
  const slug = plain(me ?? '')
  const base = local.replace(/\d+$/, '')
  // "Claire Dupont" for claire: claire.dupont; "Léa" for léa: nothing new.
  const withName = slug === '' || slug === plain(local) ? null : slug.startsWith(`${plain(local)}.`) ? `${local}${slug.slice(plain(local).length)}` : plain(local).includes(slug) ? null : `${local}.${slug}`
  const candidates = [
    ...(withName !== null ? [withName] : []),
    `${base}${year}`,
    `${base}.${String(year).slice(2)}`,
    `${base}2`,
    `${base}3`,
  ]
  return [...new Set(candidates)].filter((c) => !tried.has(c) && c !== local).slice(0, 3)
}

/** The name is taken: another name (a variant or typed), or "it is mine": log in to it. */
async function askOtherName(flow: Flow, domain: string, variants: string[]): Promise<{jid: string; action: 'create' | 'login'}> {
  const flag = flow.m.t('flow.flags.account')
  const OTHER = '\u0000other'
  const MINE = '\u0000mine'
  const chosen = await flow.request.asker.select<string>({
    message: flow.m.t('flow.account.askOtherName', {domain}),
    flag,
    choices: [
      ...variants.map((v) => ({name: `${v}@${domain}`, value: v})),
      {name: flow.m.t('flow.account.typeOtherName'), value: OTHER},
      {name: flow.m.t('flow.account.itIsMine'), value: MINE},
    ],
  })
  if (chosen === MINE) {
    const jid = await flow.request.asker.input({message: flow.m.askJid, flag, validate: (v) => validJid(flow, v)})
    return {jid: parseAccountJid(jid).bare, action: 'login'}
  }
  if (chosen === OTHER) {
    const name = await flow.request.asker.input({message: flow.m.askUsername(domain), flag, validate: (v) => validJid(flow, `${v.trim()}@${domain}`)})
    return {jid: parseAccountJid(`${name.trim()}@${domain}`).bare, action: 'create'}
  }
  return {jid: `${chosen}@${domain}`, action: 'create'}
}

/** The name is taken and nothing can be asked: what to run instead, with the flags given. */
function takenError(flow: Flow, jid: string, domain: string, variants: string[], cause: XmError): UserError {
  return new UserError(XmppErrorCode.USERNAME_TAKEN, flow.m.t('flow.account.takenEnd', {jid}), {
    cause,
    suggestions: [
      ...variants.slice(0, 1).map((v) => flow.m.t('flow.account.takenRetry', {names: formatList(flow.m.lang, variants.map((x) => `${x}@${domain}`), 'disjunction'), command: flow.m.command(`migrate --jid ${v}@${domain} --account create`)})), // i18n-ignore: command arguments
      flow.m.t('flow.account.takenLogin', {command: flow.m.command(`migrate --jid ${jid} --account login`)}), // i18n-ignore: command arguments
    ],
  })
}

/** One attempt: the password (generated, read or asked), then create or log in, discover, save. */
async function connectOnce(flow: Flow, account: AccountAnswer, interactive: boolean): Promise<void> {
  const settings: ConnectionSettings = {
    jid: account.jid,
    ...(account.host !== undefined ? {host: account.host} : {}),
    ...(account.port !== undefined ? {port: account.port} : {}),
    ...(account.directTls ? {directTls: true} : {}),
    ...(account.ca !== undefined ? {caFile: account.ca} : {}),
    ...(flow.request.timeoutSeconds !== undefined ? {timeoutMs: flow.request.timeoutSeconds * 1000} : {}),
  }
  let password: string
  let generated = false
  if (flow.request.passwordStdin) password = await readPasswordFromStdin()
  else if (account.action === 'create') {
    password = generatePassword()
    generated = true
  } else if (interactive) password = await flow.request.asker.password({message: flow.m.t('flow.account.askPassword', {jid: account.jid}), flag: '--password-stdin'})
  else {
    throw new UserError('MIGRATE_MISSING_ANSWER', flow.m.t('flow.account.needsPassword', {jid: account.jid}), {
      suggestions: [flow.m.t('flow.account.needsPasswordHow', {command: flow.m.command('migrate … --password-stdin')})],
    })
  }
  const deps = flow.request.connectionDeps ?? {}
  flow.request.note(flow.m.t('flow.account.connecting', {action: account.action, jid: account.jid}))
  let session: XmppSession
  if (account.action === 'create') {
    // A run killed between the registration and saving the credentials left the account
    // created with the pending password: log in with it rather than fail on "already exists".
    const created = await createKeepingPassword(flow.workspace, account.jid, password, {
      resume: (pending) => loginAccount(settings, pending, deps).catch(() => null),
      register: async (chosen) => (await createAccount(settings, {password: chosen, ask: terminalAsk({interactive}), captchaDir: flow.workspace.path('captcha')}, deps)).session,
    })
    session = created.session
    password = created.password
  } else session = await loginAccount(settings, password, deps)
  try {
    const server = await discoverServer(session)
    saveServerInfo(flow.workspace, server)
  } finally {
    await session.close()
  }
  const file = account.action === 'create' ? saveCreatedAccount(flow.workspace, credentialsAfterLogin(account.jid, password, settings), {showPassword: generated}) : saveCredentials(flow.workspace, credentialsAfterLogin(account.jid, password, settings))
  flow.plan.account = {jid: account.jid, action: account.action}
  const detail = flow.m.accountDone(account.action, account.jid)
  flow.log(detail)
  if (generated) flow.log(flow.m.passwordGenerated(file))
  flow.report('account', 'done', detail)
  // The QR holds the password: drawn only when the person asks for it, on a terminal.
  if (interactive && (await flow.request.asker.confirm({message: flow.m.askQr, flag: '', default: false}))) {
    flow.request.note(flow.m.qrWarning)
    process.stderr.write(await renderTerminalQr(conversationsAccountPayload(account.jid, password)))
  } else flow.log(flow.m.qrHint)
}

/** Logs 3 to 5 public providers that fit this person (see chooseServer); returns them. */
function showProposals(flow: Flow): ReturnType<typeof proposeProviders> {
  const country = flow.request.answers.region ?? localeCountry()
  const proposals = proposeProviders({lang: flow.request.lang, ...(country ? {country} : {}), limit: 5, inAppOnly: true})
  if (proposals.length > 0) {
    flow.log(flow.m.providersIntro)
    for (const p of proposals) flow.log(`  · ${describeProposal(p, flow.request.lang)}`)
  }
  return proposals
}

/**
 * The server for a new account: 3 to 5 public providers that fit (the flow's language, the
 * person's country, free, registration in the app, long history) and "another server"; the
 * chosen one is checked live (stream feature and XEP-0077 form) before a name is asked. A server
 * that registers on a web page only: the way there is shown, then the person logs in. Returns
 * the address, or Unanswered in a non-interactive dry run (the proposals are shown).
 */
async function chooseServer(flow: Flow): Promise<{jid: string; action: 'create' | 'login'} | Unanswered | null> {
  const m = flow.m
  const flag = flow.m.t('flow.flags.account')
  const proposals = showProposals(flow)
  if (flow.collectMissing) return flow.ask(flag, async () => new Unanswered(flag))
  // --yes without the address: the plain question names the flag to pass.
  if (flow.request.asker instanceof NonInteractiveAsker) return null
  const answer = flow.request.answers.account
  const connection = {...(answer?.host !== undefined ? {host: answer.host} : {}), ...(answer?.port !== undefined ? {port: answer.port} : {}), ...(answer?.directTls ? {directTls: true} : {}), ...(answer?.ca !== undefined ? {caFile: answer.ca} : {}), ...(flow.request.timeoutSeconds !== undefined ? {timeoutMs: flow.request.timeoutSeconds * 1000} : {})}
  for (;;) {
    const OTHER = ''
    let domain = await flow.request.asker.select<string>({message: m.askServer, flag, choices: [...proposals.map((p) => ({name: describeProposal(p, flow.request.lang), value: p.provider.jid})), {name: m.otherServer, value: OTHER}]})
    if (domain === OTHER) domain = (await flow.request.asker.input({message: m.askServerName, flag, validate: (v) => (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v.trim()) ? true : m.askServerName)})).trim().toLowerCase()
    let check: Awaited<ReturnType<typeof checkServerRegistration>> | null = null
    if (!flow.request.dryRun) {
      try {
        check = await checkServerRegistration(domain, connection)
      } catch (error) {
        // A mistyped or unreachable server: say why, and choose again rather than end the run.
        if (!(error instanceof XmError)) throw error
        flow.log(error.message)
        for (const suggestion of error.suggestions) flow.log(`  → ${suggestion}`)
        continue
      }
    }
    const advice = check === null ? {proceed: true, sentences: []} : registrationAdvice(check, flow.request.lang)
    for (const sentence of advice.sentences) flow.log(sentence)
    if (advice.proceed) {
      const name = await flow.request.asker.input({message: m.askUsername(domain), flag, validate: (v) => (/^[^@\s/]+$/.test(v.trim()) ? true : m.askUsername(domain))})
      return {jid: `${name.trim()}@${domain}`, action: 'create'}
    }
    if (check?.verdict === 'web-only') {
      // Registered on the web page: then this account is logged into.
      const jid = await flow.request.asker.input({message: m.askJid, flag, default: `@${domain}`})
      return {jid: jid.trim(), action: 'login'}
    }
    flow.log(m.serverCannot(domain))
  }
}

/** 3. Account: the stored one, or log in / create it. */
export const accountStep: FlowStep = {name: 'account', run}
