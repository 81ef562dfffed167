/**
 * Whether a newcomer can create an account on the server by themselves, in their app (XEP-0077
 * in-band registration without a token). Asked live, on a stream of its own, before any
 * invitation says so.
 */
import {randomBytes} from 'node:crypto'

import {openSecureSession, type ConnectionDeps, type ConnectionSettings} from './account.js'
import {NS_REGISTER, parseRegistrationForm} from './registration-form.js'
import {xml} from './xml.js'
import {XmppRequestError} from './XmppRequestError.js'
import {XmppSession} from './XmppSession.js'

/**
 * `open`: anyone can register in an app (a CAPTCHA may be asked); `web`: only on the server's
 * web page (`url`); `invite-only`: only with an invitation token; `closed`: not at all;
 * `unknown`: the server's answers did not tell.
 */
export type SelfRegistration = {mode: 'open' | 'invite-only' | 'closed' | 'unknown'; url: null} | {mode: 'web'; url: string}

/**
 * Probes registration on the server of `settings.jid` (an existing account: its username is
 * used for the probe, so nothing can ever be created): the stream feature (XEP-0077 §3.1.1),
 * the form, then a submission for the existing name. A server that would accept a newcomer
 * answers `conflict` (the name is taken); one that accepts only invitations refuses before
 * looking at the name (Prosody's mod_invites_register: `not-acceptable`, "through invitation
 * only"); a closed one has no registration at all (`service-unavailable`, `forbidden`,
 * `not-allowed`). Fails only with connection errors.
 */
export async function probeSelfRegistration(settings: ConnectionSettings, deps: ConnectionDeps = {}): Promise<SelfRegistration> {
  const {session, jid} = await openSecureSession(settings, deps)
  return probeOn(session, jid)
}

/**
 * The same probe, on a new stream to the server of an authenticated `session` (same endpoint,
 * same trusted certificates), as its account: what the invitations step uses, already logged in.
 */
export async function probeSelfRegistrationLike(session: XmppSession): Promise<SelfRegistration> {
  const bare = (session.boundJid ?? '').split('/')[0] ?? ''
  const fresh = await XmppSession.open(session.options)
  return probeOn(fresh, {local: bare.split('@')[0] ?? '', domain: session.options.domain})
}

async function probeOn(session: XmppSession, jid: {local: string; domain: string}): Promise<SelfRegistration> {
  try {
    if (!session.offersRegistration) return {mode: 'closed', url: null}
    let formReply
    try {
      formReply = await session.iq(xml('iq', {type: 'get', to: jid.domain}, xml('query', {xmlns: NS_REGISTER})))
    } catch (error) {
      if (error instanceof XmppRequestError) return {mode: 'closed', url: null}
      throw error
    }
    const form = parseRegistrationForm(formReply)
    if (form.webOnly) return form.url ? {mode: 'web', url: form.url} : {mode: 'closed', url: null}
    // A CAPTCHA is asked of every newcomer: registration is open to people, in their app.
    if (form.captcha) return {mode: 'open', url: null}
    try {
      const probe = xml('query', {xmlns: NS_REGISTER}, xml('username', {}, jid.local), xml('password', {}, randomBytes(18).toString('base64url')))
      await session.iq(xml('iq', {type: 'set', to: jid.domain}, probe))
      // Accepted for an existing name: a server that resets passwords this way; say nothing.
      return {mode: 'unknown', url: null}
    } catch (error) {
      if (!(error instanceof XmppRequestError)) throw error
      if (error.condition === 'conflict') return {mode: 'open', url: null}
      if (error.condition === 'not-acceptable' && /invit/i.test(error.text)) return {mode: 'invite-only', url: null}
      if (['service-unavailable', 'forbidden', 'not-allowed', 'registration-required'].includes(error.condition)) return {mode: 'closed', url: null}
      return {mode: 'unknown', url: null}
    }
  } finally {
    await session.close()
  }
}
