/**
 * `arrivals --watch`: stays connected and seats each person within seconds of their account
 * appearing (a roster push from the server, or their subscription request), so the family room
 * shows up in their app right after they scanned the code. Reconnects after a network loss
 * (with a growing pause), stops on the abort signal (Ctrl-C) or once everyone has arrived.
 */
import {XmError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {connectFromWorkspace} from '../xmpp/connect-from-workspace.js'
import {CONNECTION_CLOSED} from '../xmpp/errors.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {arrivalsCycle, presencePriority, SubscriptionBook, type ArrivalsReport, type ArrivalsRequest} from './arrivals-service.js'

/** Inputs of {@link watchArrivals}. */
export interface WatchRequest extends ArrivalsRequest {
  /** Ends the watch (Ctrl-C). */
  signal: AbortSignal
  /** Called after every cycle that did something (and after the first). */
  onReport?: (report: ArrivalsReport) => void
  /** Called when the connection is lost, with the pause before the next try (ms). */
  onReconnect?: (delayMs: number, error: unknown) => void
  /** Pauses between reconnections, in ms (the last one repeats). */
  backoffMs?: number[]
  /** Keep watching even when everyone has arrived (tests, bench: the next arrival). */
  untilAborted?: boolean
}

const DEFAULT_BACKOFF = [1000, 2000, 5000, 10_000, 30_000]

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, {once: true})
  })
}

/**
 * Watches until aborted or complete; resolves with the last report. Fails only with errors that
 * a reconnection cannot mend (wrong password, no account, the store's errors).
 */
export async function watchArrivals(workspace: Workspace, request: WatchRequest): Promise<ArrivalsReport> {
  const backoff = request.backoffMs ?? DEFAULT_BACKOFF
  let failures = 0
  let last: ArrivalsReport | null = null
  while (!request.signal.aborted) {
    let session: XmppSession | null = null
    let book: SubscriptionBook | null = null
    try {
      session = await (request.connect ? request.connect() : connectFromWorkspace(workspace, request.connection))
      book = new SubscriptionBook(session, presencePriority(workspace))
      const lost = new Promise<void>((resolve) => session!.onDisconnect(resolve))
      // Something happened on the account: a roster push (a new account made by an invitation),
      // or a subscription request. Cycles never overlap; events during one cause one more.
      let wake: () => void = () => {}
      let pending = true
      const poke = (): void => {
        pending = true
        wake()
      }
      const stopStanzas = session.onStanza((stanza) => {
        if (stanza.name === 'presence' && stanza.attrs.type === 'subscribe') poke()
        else if (stanza.name === 'iq' && stanza.attrs.type === 'set' && stanza.getChild('query', 'jabber:iq:roster')) poke()
      })
      const aborted = new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), {once: true}))
      try {
        failures = 0
        while (!request.signal.aborted) {
          if (pending) {
            pending = false
            const report = await arrivalsCycle(workspace, session, book, request)
            if (last === null || report.seated.length > 0 || report.unidentified.length !== last.unidentified.length || report.failed.length > 0) request.onReport?.(report)
            last = report
            if (report.complete && !request.untilAborted) return report
          }
          const woken = new Promise<void>((resolve) => {
            wake = resolve
          })
          if (pending) continue
          const outcome = await Promise.race([woken.then(() => 'event' as const), lost.then(() => 'lost' as const), aborted.then(() => 'aborted' as const)])
          if (outcome === 'lost') throw new Error(CONNECTION_CLOSED)
        }
      } finally {
        stopStanzas()
      }
    } catch (error) {
      // A wrong password or a broken store will not mend by waiting; a lost connection will.
      const network = error instanceof XmError ? /CONNECTION|TIMEOUT|DNS|HOST/.test(error.code) : error instanceof Error && /connection|socket|ECONN|EPIPE|closed/i.test(error.message)
      if (!network) throw error
      if (request.signal.aborted) break
      const delay = backoff[Math.min(failures, backoff.length - 1)] ?? 30_000
      failures++
      request.onReconnect?.(delay, error)
      await sleep(delay, request.signal)
    } finally {
      book?.close()
      await session?.close()
    }
  }
  return last ?? {account: '', seated: [], alreadySeated: [], unidentified: [], waiting: [], failed: [], rooms: null, complete: false}
}
