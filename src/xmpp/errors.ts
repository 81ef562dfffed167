import type {PeerCertificate} from 'node:tls'

import {UserError, XmError} from '../errors/index.js'
import type {Endpoint} from './endpoints.js'

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

const CONN_FLAGS_HINT = 'If your provider gave you a server name and port, pass them with --host and --port (add --direct-tls for a port like 5223 or 443).'

function where(ctx: ConnectContext): string {
  return ctx.endpoint ? `${ctx.endpoint.host}:${ctx.endpoint.port}${ctx.endpoint.directTls ? ' (direct TLS)' : ''}` : ctx.domain
}

function describeName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return 'unknown'
  const parts = ['CN', 'O', 'OU'].flatMap((key) => {
    const value = name[key]
    return value === undefined ? [] : [`${key}=${Array.isArray(value) ? value.join('+') : value}`]
  })
  return parts.length > 0 ? parts.join(', ') : 'unknown'
}

/**
 * Turns a low-level failure while connecting (socket, DNS, TLS, timeout, stream error) into a
 * UserError with a stable code and what to do next. XmErrors pass through; anything unknown is
 * returned unchanged (the caller treats it as a bug).
 */
export function translateConnectError(error: unknown, ctx: ConnectContext): unknown {
  if (error instanceof XmError) return error
  const err = error as Error & {code?: string; syscall?: string; condition?: string; text?: string; peerCertificate?: PeerCertificate; name?: string}
  const code = err?.code
  // DNS failures: getaddrinfo codes, or any c-ares error from a query (querySrv, …).
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || (err?.syscall?.startsWith('query') ?? false)) {
    return new UserError(XmppErrorCode.DNS_FAILED, `Could not find the XMPP server of ${ctx.domain}: the name ${ctx.endpoint?.host ?? ctx.domain} does not resolve (${code}).`, {
      cause: error,
      suggestions: ['Check the spelling of the address (the part after @).', 'Check that this computer is online.', CONN_FLAGS_HINT],
    })
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'EADDRNOTAVAIL') {
    return new UserError(XmppErrorCode.CONNECTION_REFUSED, `The XMPP server of ${ctx.domain} refused the connection at ${where(ctx)} (${code}).`, {
      cause: error,
      suggestions: ['The server may be down or the port wrong; try again later or ask its administrator.', CONN_FLAGS_HINT],
    })
  }
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) {
    const cert = err.peerCertificate
    const certText = cert ? ` The server presented a certificate for "${describeName(cert.subject as unknown as Record<string, string>)}" issued by "${describeName(cert.issuer as unknown as Record<string, string>)}"${cert.subjectaltname ? ` (names: ${cert.subjectaltname})` : ''}.` : ''
    const nameProblem = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
    return new UserError(
      XmppErrorCode.TLS_UNTRUSTED,
      `The certificate of ${where(ctx)} is not trusted for ${ctx.domain} (${code}).${certText}`,
      {
        cause: error,
        suggestions: nameProblem
          ? ['The certificate is for another name: check the address, or that --host points at the right server.']
          : [
              'If this server uses its own certificate authority (a self-hosted or test server), get its CA certificate (PEM) from the administrator and pass it with --ca FILE (or set XMPP_MIGRATE_CA).',
              'Never disable certificate checks: someone could read your messages and password.',
            ],
      },
    )
  }
  if (err?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'XMPP_TIMEOUT') {
    return new UserError(XmppErrorCode.TIMEOUT, `The XMPP server of ${ctx.domain} did not answer in time at ${where(ctx)}${ctx.timeoutMs ? ` (waited ${ctx.timeoutMs >= 1000 ? `${Math.round(ctx.timeoutMs / 1000)} s` : `${ctx.timeoutMs} ms`})` : ''}.`, {
      cause: error,
      suggestions: ['Try again; a slow connection may need --timeout 60.', CONN_FLAGS_HINT],
    })
  }
  if (err?.name === 'StreamError') {
    if (err.condition === 'host-unknown') {
      return new UserError(XmppErrorCode.HOST_UNKNOWN, `The server at ${where(ctx)} does not host the domain ${ctx.domain}.`, {
        cause: error,
        suggestions: ['Check the address (the part after @).', 'If you used --host, it may point at another server.'],
      })
    }
    return new UserError(XmppErrorCode.STREAM_ERROR, `The XMPP server closed the connection with an error: ${err.condition}${err.text ? ` (${err.text})` : ''}.`, {
      cause: error,
      suggestions: ['Try again later; if it persists, show this message to the server administrator.'],
    })
  }
  if (err?.message === 'XMPP connection closed') {
    return new UserError(XmppErrorCode.CONNECTION_LOST, `The connection to ${where(ctx)} was closed by the server.`, {
      cause: error,
      suggestions: ['Try again; if it persists, the server may be overloaded or restricting new connections.'],
    })
  }
  return error
}
