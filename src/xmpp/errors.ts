import type {PeerCertificate} from 'node:tls'

import {UserError, XmError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import type {Endpoint} from './endpoints.js'

/** The message of the Error our session raises when the server closes the stream (matched, never shown). */
export const CONNECTION_CLOSED = 'XMPP connection closed' // i18n-ignore: an internal marker, translated below

/** Stable codes of the errors a person meets while connecting or creating an account. */
export const XmppErrorCode = {
  INVALID_JID: 'XMPP_INVALID_JID',
  DNS_FAILED: 'XMPP_DNS_FAILED',
  CONNECTION_REFUSED: 'XMPP_CONNECTION_REFUSED',
  TIMEOUT: 'XMPP_TIMEOUT',
  TLS_UNTRUSTED: 'XMPP_TLS_UNTRUSTED',
  TLS_UNAVAILABLE: 'XMPP_TLS_UNAVAILABLE',
  CA_FILE_UNREADABLE: 'XMPP_CA_FILE_UNREADABLE',
  WRONG_PASSWORD: 'XMPP_WRONG_PASSWORD',
  ACCOUNT_DISABLED: 'XMPP_ACCOUNT_DISABLED',
  AUTH_FAILED: 'XMPP_AUTH_FAILED',
  SERVER_NOT_AUTHENTIC: 'XMPP_SERVER_NOT_AUTHENTIC',
  HOST_UNKNOWN: 'XMPP_HOST_UNKNOWN',
  STREAM_ERROR: 'XMPP_STREAM_ERROR',
  CONNECTION_LOST: 'XMPP_CONNECTION_LOST',
  USERNAME_TAKEN: 'XMPP_USERNAME_TAKEN',
  REGISTRATION_CLOSED: 'XMPP_REGISTRATION_CLOSED',
  REGISTRATION_INVITE_ONLY: 'XMPP_REGISTRATION_INVITE_ONLY',
  REGISTRATION_WEB_ONLY: 'XMPP_REGISTRATION_WEB_ONLY',
  REGISTRATION_THROTTLED: 'XMPP_REGISTRATION_THROTTLED',
  REGISTRATION_REJECTED: 'XMPP_REGISTRATION_REJECTED',
  REGISTRATION_FIELD_MISSING: 'XMPP_REGISTRATION_FIELD_MISSING',
  CAPTCHA_WRONG: 'XMPP_CAPTCHA_WRONG',
  INVITE_INVALID: 'XMPP_INVITE_INVALID',
  INVITE_UNREADABLE: 'XMPP_INVITE_UNREADABLE',
} as const

/** Node error codes meaning the certificate chain or name did not verify. */
const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** What we know about the connection attempt, to phrase the error. */
export interface ConnectContext {
  /** The XMPP domain. */
  domain: string
  /** The endpoint tried last, if any. */
  endpoint?: Endpoint
  /** Connection timeout used, in ms. */
  timeoutMs?: number
}

/** The hint about --host/--port, in the console language. */
function connFlagsHint(): string {
  return t('errors.xmpp.connFlagsHint')
}

function where(ctx: ConnectContext): string {
  if (!ctx.endpoint) return ctx.domain
  const hostPort = `${ctx.endpoint.host}:${ctx.endpoint.port}`
  return ctx.endpoint.directTls ? t('errors.xmpp.directTls', {hostPort}) : hostPort
}

function describeName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return t('errors.xmpp.unknownName')
  const parts = ['CN', 'O', 'OU'].flatMap((key) => {
    const value = name[key]
    return value === undefined ? [] : [`${key}=${Array.isArray(value) ? value.join('+') : value}`]
  })
  return parts.length > 0 ? parts.join(', ') : t('errors.xmpp.unknownName')
}

/** "20 s" / "500 ms": how long a connection waited. */
function waited(ms: number): string {
  return ms >= 1000 ? t('errors.xmpp.seconds', {n: Math.round(ms / 1000)}) : t('errors.xmpp.milliseconds', {n: ms})
}

/**
 * Turns a low-level failure while connecting (socket, DNS, TLS, timeout, stream error) into a
 * UserError with a stable code and what to do next, in the console language. XmErrors pass
 * through; anything unknown is returned unchanged (the caller treats it as a bug).
 */
export function translateConnectError(error: unknown, ctx: ConnectContext): unknown {
  if (error instanceof XmError) return error
  const err = error as Error & {code?: string; syscall?: string; condition?: string; text?: string; peerCertificate?: PeerCertificate; name?: string}
  const code = err?.code
  const domain = ctx.domain
  // DNS failures: getaddrinfo codes, or any c-ares error from a query (querySrv, …).
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || (err?.syscall?.startsWith('query') ?? false)) {
    return new UserError(XmppErrorCode.DNS_FAILED, t('errors.xmpp.dnsFailed', {domain, host: ctx.endpoint?.host ?? domain, code: code ?? ''}), {
      cause: error,
      suggestions: [t('errors.xmpp.checkDomainSpelling'), t('errors.xmpp.checkOnline'), connFlagsHint()],
    })
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'EADDRNOTAVAIL') {
    return new UserError(XmppErrorCode.CONNECTION_REFUSED, t('errors.xmpp.refused', {domain, where: where(ctx), code}), {
      cause: error,
      suggestions: [t('errors.xmpp.refusedFix'), connFlagsHint()],
    })
  }
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) {
    const cert = err.peerCertificate
    const certText = cert
      ? ` ${t('errors.xmpp.certificateFor', {
          subject: describeName(cert.subject as unknown as Record<string, string>),
          issuer: describeName(cert.issuer as unknown as Record<string, string>),
          hasNames: cert.subjectaltname ? 'yes' : 'no',
          names: cert.subjectaltname ?? '',
        })}`
      : ''
    const nameProblem = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
    return new UserError(XmppErrorCode.TLS_UNTRUSTED, t('errors.xmpp.tlsUntrusted', {where: where(ctx), domain, code}) + certText, {
      cause: error,
      suggestions: nameProblem ? [t('errors.xmpp.tlsOtherName')] : [t('errors.xmpp.tlsOwnCa'), t('errors.xmpp.tlsNeverDisable')],
    })
  }
  if (err?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'XMPP_TIMEOUT') {
    const message = ctx.timeoutMs ? t('errors.xmpp.timeoutWaited', {domain, where: where(ctx), waited: waited(ctx.timeoutMs)}) : t('errors.xmpp.timeout', {domain, where: where(ctx)})
    return new UserError(XmppErrorCode.TIMEOUT, message, {
      cause: error,
      suggestions: [t('errors.xmpp.timeoutFix'), connFlagsHint()],
    })
  }
  if (err?.name === 'StreamError') {
    if (err.condition === 'host-unknown') {
      return new UserError(XmppErrorCode.HOST_UNKNOWN, t('errors.xmpp.hostUnknown', {where: where(ctx), domain}), {
        cause: error,
        suggestions: [t('errors.xmpp.checkDomain'), t('errors.xmpp.hostMayBeOther')],
      })
    }
    const condition = err.text ? `${err.condition} (${err.text})` : String(err.condition)
    return new UserError(XmppErrorCode.STREAM_ERROR, t('errors.xmpp.streamError', {condition}), {
      cause: error,
      suggestions: [t('errors.xmpp.streamErrorFix')],
    })
  }
  if (err?.message === CONNECTION_CLOSED) {
    return new UserError(XmppErrorCode.CONNECTION_LOST, t('errors.xmpp.connectionLost', {where: where(ctx)}), {
      cause: error,
      suggestions: [t('errors.xmpp.connectionLostFix')],
    })
  }
  return error
}
