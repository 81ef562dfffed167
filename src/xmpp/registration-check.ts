import {xml} from '@xmpp/xml'

import {openDomainSession, type ConnectionDeps, type ConnectionSettings} from './account.js'
import {fieldsToAsk, NS_REGISTER, parseRegistrationForm} from './registration-form.js'
import {XmppRequestError} from './XmppRequestError.js'
import type {XmppSession} from './XmppSession.js'

/** XEP-0077 §3.1.1: the server offers in-band registration on this stream. */
const NS_FEATURE_REGISTER = 'http://jabber.org/features/iq-register'
/** XEP-0445 (ibr-token) and its older form from XEP-0401: the server takes invitation tokens. */
const NS_FEATURE_IBR_TOKEN = 'urn:xmpp:ibr-token:0'
const NS_FEATURE_INVITE = 'urn:xmpp:invite'

/**
 * What a server says about creating an account, before anyone is asked for a name:
 * - `in-app`: the app can create the account (XEP-0077 form with a name and a password; maybe a
 *   CAPTCHA or other fields, listed in `askedFields`);
 * - `web-only`: accounts are made on a web page (`url` when the server gives it);
 * - `invite-only`: only with an invitation token (XEP-0401/0445);
 * - `closed`: the server creates no accounts for anyone.
 */
export type RegistrationVerdict = 'in-app' | 'web-only' | 'invite-only' | 'closed'

/** The result of {@link checkRegistration}. */
export interface RegistrationCheck {
  /** The server checked. */
  domain: string
  /** See {@link RegistrationVerdict}. */
  verdict: RegistrationVerdict
  /** The stream feature `<register xmlns='http://jabber.org/features/iq-register'/>` was advertised. */
  streamFeature: boolean
  /** The server advertises invitation tokens (XEP-0445 `urn:xmpp:ibr-token:0` or `urn:xmpp:invite`). */
  acceptsInvitations: boolean
  /**
   * `in-app` on a server that also takes invitations: it may still refuse an account without one,
   * and says so only when the account is submitted (Prosody's `registration_invite_only` leaves the
   * stream features and the form unchanged). The flow should say so, and offer `--invite`.
   */
  mayRequireInvitation: boolean
  /** The form answered a CAPTCHA (XEP-0158). */
  captcha: boolean
  /** Names of the fields the person will be asked for besides name and password (e.g. `email`, `ocr`). */
  askedFields: string[]
  /** A web page given by the server (XEP-0077 §5 out-of-band URL, or the CAPTCHA fallback). */
  url?: string
  /** The server's instructions or refusal text, '' if none. */
  serverText: string
}

/**
 * Asks a server, live, whether and how an account can be created there, without creating one:
 * opens a secured stream, reads its stream features, fetches the XEP-0077 registration form
 * (an `iq get`, which changes nothing on the server), then closes. Nothing is submitted: a probe
 * registration could create an account or use up the person's per-IP registration allowance
 * (Prosody's registration throttle, ejabberd's `registration_timeout`).
 *
 * Limits, observed on the test servers: a Prosody with `registration_invite_only` and an ejabberd
 * whose `mod_register` access rule denies everyone both advertise the feature and send the form,
 * and refuse only the submitted form. The first shows up as `in-app` with `mayRequireInvitation`
 * (it advertises tokens), the second as plain `in-app`; registerAccount's errors
 * (XMPP_REGISTRATION_INVITE_ONLY, XMPP_REGISTRATION_CLOSED) then say what happened.
 *
 * Fails with the connection UserErrors of XmppSession.open (XMPP_DNS_FAILED,
 * XMPP_CONNECTION_REFUSED, XMPP_TIMEOUT, XMPP_TLS_UNTRUSTED, XMPP_TLS_UNAVAILABLE,
 * XMPP_HOST_UNKNOWN) and XMPP_CA_FILE_UNREADABLE; a refused form is a verdict, not an error.
 */
export async function checkRegistration(domain: string, connection: Omit<ConnectionSettings, 'jid'>, deps: ConnectionDeps = {}): Promise<RegistrationCheck> {
  const session = await openDomainSession(domain.trim().toLowerCase(), connection, deps)
  try {
    return await inspectRegistration(session)
  } finally {
    await session.close().catch(() => session.abort())
  }
}

/** {@link checkRegistration} on an already open, not yet authenticated stream. */
export async function inspectRegistration(session: Pick<XmppSession, 'iq' | 'features'> & {options: {domain: string}}): Promise<RegistrationCheck> {
  const domain = session.options.domain
  const features = session.features
  const streamFeature = features?.getChild('register', NS_FEATURE_REGISTER) !== undefined
  const acceptsInvitations = features?.getChild('register', NS_FEATURE_IBR_TOKEN) !== undefined || features?.getChild('register', NS_FEATURE_INVITE) !== undefined
  const base = {domain, streamFeature, acceptsInvitations, mayRequireInvitation: false, captcha: false, askedFields: [] as string[], serverText: ''}

  let reply
  try {
    // Asked even without the stream feature: some servers answer the form without advertising it.
    reply = await session.iq(xml('iq', {type: 'get', to: domain}, xml('query', {xmlns: NS_REGISTER})))
  } catch (error) {
    if (!(error instanceof XmppRequestError)) throw error
    // XEP-0077 §3.1: not-allowed, forbidden, service-unavailable… mean no registration for us.
    const invitationText = /invit/i.test(error.text)
    return {...base, verdict: acceptsInvitations || invitationText ? 'invite-only' : 'closed', serverText: error.text}
  }
  const form = parseRegistrationForm(reply)
  const url = form.url
  const serverText = form.instructions
  if (form.webOnly || !hasCredentialFields(form.fields.map((f) => f.name))) {
    if (url) return {...base, verdict: 'web-only', url, serverText}
    return {...base, verdict: acceptsInvitations ? 'invite-only' : 'closed', serverText}
  }
  return {
    ...base,
    verdict: 'in-app',
    mayRequireInvitation: acceptsInvitations,
    captcha: form.captcha,
    askedFields: fieldsToAsk(form).map((f) => f.name),
    ...(url ? {url} : {}),
    serverText,
  }
}

/** A form the app can fill: it asks for a user name and a password (XEP-0077 §3.1 / §6). */
function hasCredentialFields(names: string[]): boolean {
  return names.includes('username') && names.includes('password')
}
