/**
 * Real XMPP test servers for the integration tests: a throw-away Prosody (default) or ejabberd on
 * loopback, with a project-owned config, fresh state and a test CA per start.
 *
 *   const server = useTestServer({accounts: [{username: 'alice', password: 'pw'}]})
 *   it('logs in', async () => { const {host, port, caFile} = server(); … })
 *
 * Choose the implementation with env XMPP_TEST_SERVER=prosody|ejabberd.
 */
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, beforeAll, beforeEach} from 'vitest'
import {EjabberdServer} from './EjabberdServer.js'
import {ProsodyServer} from './ProsodyServer.js'
import type {ServerKind, TestServer, TestServerOptions} from './types.js'

export type {ServerKind, TestServer, TestServerOptions} from './types.js'

/**
 * The server kind of this run, from env `XMPP_TEST_SERVER` (default 'prosody').
 * @throws Error for any other value, so a typo does not silently test Prosody.
 */
export function testServerKind(): ServerKind {
  const value = process.env.XMPP_TEST_SERVER ?? 'prosody'
  if (value === '' || value === 'prosody') return 'prosody'
  if (value === 'ejabberd') return 'ejabberd'
  throw new Error(`XMPP_TEST_SERVER=${value}: expected "prosody" or "ejabberd"`)
}

/**
 * Starts a server of {@link testServerKind} on free loopback ports, with a fresh temp data dir,
 * and creates the admin and `options.accounts`. Call `stop()` when done.
 * @throws Error (with the server's log) when the server does not come up within ~20–40 s.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  return testServerKind() === 'ejabberd' ? EjabberdServer.start(options) : ProsodyServer.start(options)
}

/** How much of the log a failing test prints (the part written during that test, at most). */
const MAX_PRINTED_LOG_LINES = 400

/**
 * The log once it stops growing (quiet for 500 ms, at most 3 s): ejabberd's logger writes to its
 * file with a delay, so the lines of the test that just failed may not be there yet.
 */
async function settledLogs(server: TestServer): Promise<string> {
  const giveUpAt = Date.now() + 3000
  let logs = await server.logs()
  while (Date.now() < giveUpAt) {
    await sleep(500)
    const now = await server.logs()
    if (now.length === logs.length) break
    logs = now
  }
  return logs
}

/**
 * vitest helper: starts one server for the current test file in beforeAll, stops it in afterAll,
 * and when a test fails prints the server log written during that test. Returns a getter, to be
 * called inside tests or hooks.
 */
export function useTestServer(options?: TestServerOptions): () => TestServer {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestServer(options)
  })
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(async (context) => {
    if (server === undefined) return
    const running = server
    const logLengthBefore = (await running.logs()).length
    context.onTestFailed(async () => {
      const lines = (await settledLogs(running)).slice(logLengthBefore).split('\n')
      const shown = lines.slice(-MAX_PRINTED_LOG_LINES)
      const cut = lines.length > shown.length ? ` (last ${shown.length} of ${lines.length} lines)` : ''
      console.error(
        `--- ${running.kind} log during "${context.task.name}"${cut} ---\n${shown.join('\n')}\n--- end of ${running.kind} log ---`,
      )
    })
  })
  return () => {
    if (server === undefined) throw new Error('useTestServer: the server is not started (use the getter inside tests or hooks)')
    return server
  }
}
