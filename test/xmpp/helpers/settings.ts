import type {ConnectionSettings} from '../../../src/xmpp/account.js'
import type {TestServer} from '../../server/index.js'

/** Connection settings for `username` on the harness's server: its host/port, its test CA. */
export function settingsFor(server: TestServer, username: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {jid: `${username}@${server.domain}`, host: server.host, port: server.port, caFile: server.caFile, timeoutMs: 15_000, ...extra}
}

/** A fresh username per call, so tests on one server never collide. */
export function uniqueName(prefix: string): string {
  uniqueName.counter++
  return `${prefix}${process.pid}x${uniqueName.counter}`
}
uniqueName.counter = 0

/** Never answers: registration forms in these tests need no extra field. */
export async function noQuestions(field: {name: string}): Promise<string> {
  throw new Error(`unexpected question for field ${field.name}`)
}
