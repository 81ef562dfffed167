/**
 * Server-issued invitations (XEP-0401, XEP-0379) through the ad-hoc commands (XEP-0050) that
 * Prosody's mod_invites_adhoc offers: `urn:xmpp:invite#invite` (a contact invitation, open to
 * every user) and `urn:xmpp:invite#create-account` (an account invitation, admins only).
 */
import {UserError} from '../errors/index.js'
import {xml, type Element} from './xml.js'
import {XmppRequestError} from './XmppRequestError.js'
import type {XmppSession} from './XmppSession.js'
import {t} from '../i18n/index.js'

const NS_COMMANDS = 'http://jabber.org/protocol/commands'
const NS_DATA = 'jabber:x:data'

/** The two XEP-0401 command nodes. */
export const INVITE_NODES = {contact: 'urn:xmpp:invite#invite', account: 'urn:xmpp:invite#create-account'} as const

/** What the server returned. */
export interface IssuedInvitation {
  /** The xmpp: URI holding the token (a secret until used). */
  uri: string
  /** The server's landing page for the invitation, or null when it has none. */
  landingUrl: string | null
  /** Expiry as ISO 8601, or null when not given. */
  expires: string | null
}

function fields(x: Element | undefined): Map<string, string> {
  const values = new Map<string, string>()
  for (const field of x?.getChildren('field') ?? []) {
    const v = field.getChildText('value')
    if (field.attrs.var && v !== null && v !== undefined) values.set(field.attrs.var, v.trim())
  }
  return values
}

function toIso(value: string | undefined): string | null {
  if (!value) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/**
 * Runs the invitation command `node` on the account's server and returns the invitation.
 * One step on Prosody (`status='completed'` with the result form); a server that answers
 * `executing` with a form gets it submitted with its default values (XEP-0050 §3.4 `complete`).
 *
 * Fails with UserError INVITE_NOT_ALLOWED (`forbidden`/`not-allowed`: account invitations
 * need an admin), INVITE_NOT_OFFERED (`item-not-found`/`feature-not-implemented`/
 * `service-unavailable`), INVITE_NO_URI (no `uri` field), or the session's UserErrors.
 */
export async function issueInvitation(session: XmppSession, node: string): Promise<IssuedInvitation> {
  const domain = session.options.domain
  try {
    let reply = await session.iq(xml('iq', {type: 'set', to: domain}, xml('command', {xmlns: NS_COMMANDS, node, action: 'execute'})))
    let command = reply.getChild('command', NS_COMMANDS)
    if (command?.attrs.status === 'executing') {
      const form = command.getChild('x', NS_DATA)
      const submit = xml('x', {xmlns: NS_DATA, type: 'submit'}, ...[...fields(form)].map(([name, value]) => xml('field', {var: name}, xml('value', {}, value))))
      reply = await session.iq(xml('iq', {type: 'set', to: domain}, xml('command', {xmlns: NS_COMMANDS, node, sessionid: command.attrs.sessionid, action: 'complete'}, submit)))
      command = reply.getChild('command', NS_COMMANDS)
    }
    const values = fields(command?.getChild('x', NS_DATA))
    const uri = values.get('uri')
    if (!uri || !/^xmpp:/i.test(uri)) {
      throw new UserError('INVITE_NO_URI', t('errors.invitations.noUri', {domain}), {
        suggestions: [t('errors.invitations.noUriFix')],
      })
    }
    const landing = values.get('landing-url')
    return {uri, landingUrl: landing && /^https?:\/\//i.test(landing) ? landing : null, expires: toIso(values.get('expire'))}
  } catch (error) {
    if (!(error instanceof XmppRequestError)) throw error
    if (error.condition === 'forbidden' || error.condition === 'not-allowed') {
      throw new UserError('INVITE_NOT_ALLOWED', t(node === INVITE_NODES.account ? 'errors.invitations.accountNotAllowed' : 'errors.invitations.contactNotAllowed', {domain}) + (error.text ? ` ${t('errors.xmpp.serverSaid', {text: error.text})}` : ''), {
        cause: error,
        suggestions: node === INVITE_NODES.account ? [t('errors.invitations.accountNotAllowedFix')] : [t('errors.invitations.contactNotAllowedFix')],
      })
    }
    if (error.condition === 'item-not-found' || error.condition === 'feature-not-implemented' || error.condition === 'service-unavailable') {
      throw new UserError('INVITE_NOT_OFFERED', t('errors.invitations.notOffered', {domain, node}), {
        cause: error,
        suggestions: [t('errors.invitations.notOfferedFix')],
      })
    }
    throw error
  }
}
