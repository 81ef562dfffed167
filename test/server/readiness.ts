/** Readiness probe: a server is up once its c2s port answers a stream header with features. */
import {connect} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

/**
 * Opens a TCP connection, sends an RFC 6120 §4.2 initial stream header and resolves true once
 * the answer contains `<stream:features` (features come before any TLS, §5.3.1). Resolves false
 * when the port refuses, closes, or says nothing within `timeoutMs`.
 */
export async function answersWithStreamFeatures(
  host: string,
  port: number,
  domain: string,
  timeoutMs = 2000,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({host, port})
    let received = ''
    let done = false
    const finish = (ready: boolean): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve(ready)
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => {
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' ` +
          `xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
      )
    })
    socket.on('data', (chunk: string) => {
      received += chunk
      if (/<(stream:)?features[\s>]/.test(received)) finish(true)
    })
    socket.on('error', () => finish(false))
    socket.on('close', () => finish(false))
  })
}

/**
 * Polls {@link answersWithStreamFeatures} until it succeeds.
 * @param whyNotRunning called between attempts; a returned string (e.g. "exited with code 1")
 * aborts the wait at once with that reason.
 * @throws Error when `deadlineMs` passes or the server is gone.
 */
export async function waitForStreamFeatures(
  host: string,
  port: number,
  domain: string,
  deadlineMs: number,
  whyNotRunning: () => string | undefined,
): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs
  for (;;) {
    const reason = whyNotRunning()
    if (reason !== undefined) throw new Error(`server is not running: ${reason}`)
    if (await answersWithStreamFeatures(host, port, domain)) return
    if (Date.now() > giveUpAt) {
      throw new Error(`no <stream:features> from ${host}:${port} within ${deadlineMs / 1000} s`)
    }
    await sleep(100)
  }
}

/**
 * Polls `condition` every 100 ms until it holds.
 * @param whyNotRunning as for {@link waitForStreamFeatures}: a string aborts the wait.
 * @throws Error naming `what` when `deadlineMs` passes, or the reason the server is gone.
 */
export async function waitUntil(
  what: string,
  condition: () => boolean,
  deadlineMs: number,
  whyNotRunning: () => string | undefined,
): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs
  for (;;) {
    const reason = whyNotRunning()
    if (reason !== undefined) throw new Error(`server is not running: ${reason}`)
    if (condition()) return
    if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${deadlineMs / 1000} s`)
    await sleep(100)
  }
}
