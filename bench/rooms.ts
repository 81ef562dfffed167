/**
 * Rooms benchmark (issue 5 target): applying the plan for a family-sized migration — 5 groups,
 * 30 contacts with JIDs — against a throw-away local Prosody (or ejabberd with
 * XMPP_TEST_SERVER=ejabberd) must take under 10 s after login.
 *
 *   node --import tsx bench/rooms.ts [--repeat 3]
 *
 * Each repetition uses fresh accounts and a fresh workspace (new room names), logs in first
 * (not timed), then times `rooms create` end to end: planning (address lookups), creation,
 * configuration, 30 + affiliations, invitations, bookmarks. Prints one line per run and a JSON
 * summary. Needs prosody (or ejabberd) installed, as the integration tests do.
 */
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

import {createRoomsForWorkspace} from '../src/rooms/workspace-rooms.js'
import {loginAccount} from '../src/xmpp/account.js'
import {startTestServer} from '../test/server/index.js'
import {workspaceWithGroups, type GroupFixture} from '../test/rooms/helpers.js'

const TARGET_SECONDS = 10
const CONTACTS = 30
const PASSWORD = 'bench-rooms-pw'

const {values} = parseArgs({options: {repeat: {type: 'string', default: '3'}}})
const repeat = Number(values.repeat)

/** Group sizes of a family migration: the big family, cousins, parents, friends, sport. */
const GROUP_SIZES = [30, 14, 6, 10, 18]

const server = await startTestServer({registration: 'open'})
const runs: {seconds: number; rooms: number; members: number; failed: number}[] = []
try {
  for (let run = 0; run < repeat; run++) {
    const owner = `bench${run}owner`
    await server.createAccount(owner, PASSWORD)
    const contacts: {name: string; jid: string}[] = []
    for (let i = 0; i < CONTACTS; i++) {
      const user = `bench${run}c${i}`
      await server.createAccount(user, PASSWORD)
      contacts.push({name: `Contact ${run}-${i}`, jid: `${user}@${server.domain}`})
    }
    // Each group takes a different slice of the 30 contacts (every contact is in one group at least).
    const groups: GroupFixture[] = GROUP_SIZES.map((size, g) => ({
      title: `Groupe ${g + 1} bench ${run}`,
      people: Array.from({length: size}, (_, k) => contacts[(g * 7 + k) % CONTACTS]!).map((c) => ({name: c.name, jid: c.jid})),
    }))
    const workspace = await workspaceWithGroups({name: 'Owner', jid: `${owner}@${server.domain}`}, groups)
    const session = await loginAccount({jid: `${owner}@${server.domain}`, host: server.host, port: server.port, caFile: server.caFile, timeoutMs: 30_000}, PASSWORD)
    const started = performance.now()
    const result = await createRoomsForWorkspace(workspace, {
      publicChats: [],
      chatIds: [],
      dryRun: false,
      roomPassword: null,
      connection: {},
      connect: async () => session,
    })
    const seconds = (performance.now() - started) / 1000
    const members = result.rooms.reduce((n, r) => n + r.members, 0)
    runs.push({seconds, rooms: result.rooms.length, members, failed: result.summary.failed})
    process.stdout.write(`run ${run + 1}: ${result.rooms.length} rooms, ${members} memberships, ${result.summary.failed} failed: ${seconds.toFixed(2)} s\n`)
    for (const r of result.rooms) if (r.error) process.stdout.write(`  ${r.address}: ${r.error.message}\n`)
  }
} finally {
  await server.stop()
}
const times = runs.map((r) => r.seconds).sort((a, b) => a - b)
const median = times[Math.floor(times.length / 2)] ?? Number.NaN
process.stdout.write(`${JSON.stringify({bench: 'rooms', server: server.kind, groups: GROUP_SIZES.length, contacts: CONTACTS, runs, medianSeconds: Number(median.toFixed(3)), targetSeconds: TARGET_SECONDS, met: median < TARGET_SECONDS && runs.every((r) => r.failed === 0)})}\n`)
