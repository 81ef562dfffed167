import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {xml} from '@xmpp/xml'

import {UserError} from '../errors/index.js'
import {XmppErrorCode} from './errors.js'
import type {Invite} from './invite-uri.js'
import {buildRegistrationSubmit, fieldsToAsk, legacyVariant, NS_BOB, NS_REGISTER, parseRegistrationForm, type RegistrationField, type RegistrationForm} from './registration-form.js'
import {XmppRequestError} from './XmppRequestError.js'
import type {XmppSession} from './XmppSession.js'
import {t} from '../i18n/index.js'

/** What `ask` gets besides the field: the form's context. */
export interface AskContext {
  /** The server's instructions, '' if none. */
  instructions: string
  /** A web page to read the CAPTCHA or register, when the server gave one. */
  url?: string
  /** true if the field is (part of) a CAPTCHA (XEP-0158). */
  captcha: boolean
}

/**
 * Asks the person for one field's value (a prompt in the CLI, a scripted answer in tests).
 * Rejects to abort the registration.
 */
export type AskField = (field: RegistrationField, context: AskContext) => Promise<string>

/** Inputs of {@link registerAccount}. */
export interface RegistrationRequest {
  /** Local part of the new account. */
  username: string
  /** Its password. */
  password: string
  /** Invitation to redeem first (XEP-0401), if any. */
  invite?: Invite
  /** Answers required fields we cannot fill ourselves. */
  ask: AskField
  /** Folder where CAPTCHA images are saved for the person to look at. */
  captchaDir: string
  /**
   * `legacy`: answer with the legacy fields even when a data form is offered (XEP-0077 §6 lets
   * the client choose); for servers whose data form misbehaves. Default `auto` (the data form).
   */
  formPreference?: 'auto' | 'legacy'
}

/** What a registration did. */
export interface RegistrationOutcome {
  /** The form kind the server used. */
  formKind: RegistrationForm['kind']
  /** true if a CAPTCHA was answered. */
  captcha: boolean
  /** Fields the person was asked about (names only, never values). */
  askedFields: string[]
  /** true if an invitation token was redeemed. */
  usedInvite: boolean
}

const NS_PARS = 'urn:xmpp:pars:0'

/** What registration needs of a session: its domain and iq round-trips (lets tests script a server). */
export type IqSession = Pick<XmppSession, 'iq'> & {options: Pick<XmppSession['options'], 'domain'>}

/**
 * In-band registration (XEP-0077) on a secured, not yet authenticated stream: redeems the
 * invitation token if any (`<preauth xmlns='urn:xmpp:pars:0'/>`, XEP-0401 §4 / XEP-0379), fetches
 * the form, fills username and password, asks the person for anything else (CAPTCHA images are
 * saved under `captchaDir`), and submits.
 *
 * Fails with a UserError: XMPP_INVITE_INVALID, XMPP_REGISTRATION_CLOSED,
 * XMPP_REGISTRATION_INVITE_ONLY, XMPP_REGISTRATION_WEB_ONLY (with the URL),
 * XMPP_USERNAME_TAKEN, XMPP_CAPTCHA_WRONG, XMPP_REGISTRATION_THROTTLED,
 * XMPP_REGISTRATION_REJECTED (the server's reason), XMPP_TIMEOUT.
 */
export async function registerAccount(session: IqSession, request: RegistrationRequest): Promise<RegistrationOutcome> {
  const domain = session.options.domain
  const account = `${request.username}@${domain}`
  if (request.invite) {
    try {
      await session.iq(xml('iq', {type: 'set', to: domain}, xml('preauth', {xmlns: NS_PARS, token: request.invite.token})))
    } catch (error) {
      throw registrationError(error, {account, domain, stage: 'preauth', invite: true, captcha: false})
    }
  }

  let form: RegistrationForm
  try {
    form = parseRegistrationForm(await session.iq(xml('iq', {type: 'get', to: domain}, xml('query', {xmlns: NS_REGISTER}))))
  } catch (error) {
    throw registrationError(error, {account, domain, stage: 'form', invite: request.invite !== undefined, captcha: false})
  }
  if (request.formPreference === 'legacy') form = legacyVariant(form) ?? form
  if (form.webOnly) {
    throw new UserError(XmppErrorCode.REGISTRATION_WEB_ONLY, (form.url ? t('errors.registration.webOnlyAt', {domain, url: form.url}) : t('errors.registration.webOnly', {domain})) + (form.instructions ? ` ${t('errors.xmpp.serverSaid', {text: form.instructions})}` : ''), {
      suggestions: [form.url ? t('errors.registration.webOnlyOpen', {url: form.url, account}) : t('errors.registration.webOnlyCreate')],
    })
  }

  const answers = new Map<string, string>()
  const asked = fieldsToAsk(form)
  for (const field of asked) {
    await saveCaptchaMedia(session, form, field, request.captchaDir)
    const answer = await request.ask(field, {instructions: form.instructions, captcha: form.captcha || field.media.length > 0, ...(form.url ? {url: form.url} : {})})
    answers.set(field.name, answer)
  }

  try {
    await session.iq(xml('iq', {type: 'set', to: domain}, buildRegistrationSubmit(form, request.username, request.password, answers)))
  } catch (error) {
    throw registrationError(error, {account, domain, stage: 'submit', invite: request.invite !== undefined, captcha: form.captcha, url: form.url})
  }
  return {formKind: form.kind, captcha: form.captcha, askedFields: asked.map((f) => f.name), usedInvite: request.invite !== undefined}
}

/** Writes the field's CAPTCHA images (XEP-0231 data, fetched if not inline) into `dir`. */
async function saveCaptchaMedia(session: IqSession, form: RegistrationForm, field: RegistrationField, dir: string): Promise<void> {
  let n = 0
  for (const media of field.media) {
    if (!media.uri.startsWith('cid:')) continue
    const cid = media.uri.slice(4)
    let data = form.bob.get(cid)
    if (!data) {
      try {
        const reply = await session.iq(xml('iq', {type: 'get', to: session.options.domain}, xml('data', {xmlns: NS_BOB, cid})))
        const el = reply.getChild('data', NS_BOB)
        if (el) data = {type: el.attrs.type ?? media.type, base64: el.getText().trim()}
      } catch {
        // No image: the person can still use the URL, if any.
      }
    }
    if (!data) continue
    const ext = /png/.test(data.type) ? 'png' : /jpe?g/.test(data.type) ? 'jpg' : /gif/.test(data.type) ? 'gif' : /wav|audio/.test(data.type) ? 'wav' : 'bin'
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const file = join(dir, `captcha-${field.name.replace(/[^A-Za-z0-9_-]/g, '_')}${n > 0 ? `-${n}` : ''}.${ext}`)
    writeFileSync(file, Buffer.from(data.base64, 'base64'), {mode: 0o600})
    field.savedMedia.push(file)
    n++
  }
}

interface ErrorContext {
  account: string
  domain: string
  stage: 'preauth' | 'form' | 'submit'
  invite: boolean
  captcha: boolean
  url?: string
}

/** Translates a registration iq error (XEP-0077 §3.3, §8; XEP-0401 §4) into what to do next. */
export function registrationError(error: unknown, ctx: ErrorContext): unknown {
  if (!(error instanceof XmppRequestError)) return error
  const said = error.text ? ` ${t('errors.xmpp.serverSaid', {text: error.text})}` : ''
  const {condition} = error
  const {account, domain} = ctx
  const loginHint = t('errors.registration.loginHint', {account})
  if (ctx.stage === 'preauth') {
    if (condition === 'forbidden' || condition === 'item-not-found' || condition === 'not-acceptable' || condition === 'bad-request') {
      return new UserError(XmppErrorCode.INVITE_INVALID, t('errors.registration.inviteInvalid', {domain}) + said, {
        cause: error,
        suggestions: [t('errors.registration.inviteOnceAskNew')],
      })
    }
    return new UserError(XmppErrorCode.INVITE_INVALID, t('errors.registration.noInviteTokens', {domain, condition}) + said, {
      cause: error,
      suggestions: [t('errors.registration.inviteForThisServer'), t('errors.registration.tryWithoutInvite')],
    })
  }
  if (condition === 'conflict') {
    return new UserError(XmppErrorCode.USERNAME_TAKEN, t('errors.registration.taken', {account}) + said, {
      cause: error,
      suggestions: [t('errors.registration.takenFix'), loginHint],
    })
  }
  if (condition === 'policy-violation' || condition === 'resource-constraint' || error.type === 'wait') {
    return new UserError(XmppErrorCode.REGISTRATION_THROTTLED, t('errors.registration.throttled', {domain}) + said, {
      cause: error,
      suggestions: [t('errors.registration.throttledWait'), t('errors.registration.askInvite')],
    })
  }
  const inviteOnly = /invit/i.test(error.text)
  if (inviteOnly && !ctx.invite) {
    return new UserError(XmppErrorCode.REGISTRATION_INVITE_ONLY, t('errors.registration.inviteOnly', {domain}) + said, {
      cause: error,
      suggestions: [t('errors.registration.inviteOnlyFix')],
    })
  }
  if (ctx.captcha && ctx.stage === 'submit' && (condition === 'not-acceptable' || condition === 'not-allowed' || /captcha/i.test(error.text))) {
    return new UserError(XmppErrorCode.CAPTCHA_WRONG, t('errors.registration.captchaWrong') + said, {
      cause: error,
      suggestions: [t('errors.registration.captchaAgain'), ...(ctx.url ? [t('errors.registration.captchaUrl', {url: ctx.url})] : [])],
    })
  }
  if (ctx.invite && (condition === 'forbidden' || condition === 'not-acceptable')) {
    return new UserError(XmppErrorCode.INVITE_INVALID, t('errors.registration.inviteRefused', {account}) + said, {
      cause: error,
      suggestions: [t('errors.registration.inviteForName'), t('errors.registration.askNewInvite')],
    })
  }
  if (condition === 'not-allowed' || condition === 'forbidden' || condition === 'service-unavailable' || condition === 'feature-not-implemented' || condition === 'registration-required') {
    return new UserError(XmppErrorCode.REGISTRATION_CLOSED, t('errors.registration.closed', {domain}) + said, {
      cause: error,
      suggestions: [
        ...(ctx.url ? [t('errors.registration.tryWebPage', {url: ctx.url})] : []),
        t('errors.registration.closedFix'),
        loginHint,
      ],
    })
  }
  return new UserError(XmppErrorCode.REGISTRATION_REJECTED, t('errors.registration.rejected', {domain, account, condition}) + said, {
    cause: error,
    suggestions: [t('errors.registration.rejectedFix'), loginHint],
  })
}
