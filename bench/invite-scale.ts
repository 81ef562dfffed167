/**
 * `invite` at scale (issue 17): 20 groups of 50 members drawn from 183 contacts, all with an
 * address on a throw-away local Prosody (or ejabberd with XMPP_TEST_SERVER=ejabberd).
 *
 *   node --import tsx bench/invite-scale.ts [--repeat 1] [--groups 20] [--members 50] [--contacts 183] [--cpu-prof FILE]
 *
 * Per repetition: fresh accounts (created out of band, not timed) and a fresh workspace; then,
 * each with its own login as the commands do, `rooms create` (every room, its members,
 * invitations, bookmarks) and `invite` (roster entries and subscriptions for the 183, the kit:
 * pages, messages, 1,183 QR codes), timed end to end; then both again (the rerun, where
 * everything is already done). Prints one line per run and a JSON summary (last line) with the
 * medians, the targets (both first runs together ≤ 10 s, the rerun of invite ≤ 2 s) and a hash
 * of the kit's files, so two versions of the code can be checked to write the same kit.
 */
import {createHash} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {Session} from 'node:inspector/promises'
import {tmpdir} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

import {inviteContacts} from '../src/invitations/invite-service.js'
import {createRoomsForWorkspace} from '../src/rooms/workspace-rooms.js'
import {loginAccount} from '../src/xmpp/account.js'
import {startTestServer} from '../test/server/index.js'
import {workspaceWithGroups, type GroupFixture} from '../test/rooms/helpers.js'
import {median} from './report.js'

const PASSWORD = 'bench-invite-pw'
const TARGET_FIRST_SECONDS = 10
const TARGET_RERUN_SECONDS = 2

const {values} = parseArgs({
  options: {
    repeat: {type: 'string', default: '1'},
    groups: {type: 'string', default: '20'},
    members: {type: 'string', default: '50'},
    contacts: {type: 'string', default: '183'},
    'cpu-prof': {type: 'string'},
  },
})
const repeat = Number(values.repeat)
const GROUPS = Number(values.groups)
const MEMBERS = Number(values.members)
const CONTACTS = Number(values.contacts)

/** sha256 over the kit's relative paths and contents, sorted: equal hashes, equal kits. */
function kitHash(dir: string): {hash: string; files: number; pngs: number} {
  const paths: string[] = []
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else paths.push(p)
    }
  }
  walk(dir)
  paths.sort()
  const hash = createHash('sha256')
  for (const p of paths) hash.update(`${relative(dir, p)}\n`).update(readFileSync(p))
  return {hash: hash.digest('hex').slice(0, 16), files: paths.length, pngs: paths.filter((p) => p.endsWith('.png')).length}
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, async () => {
    while (next < items.length) await work(items[next++] as T)
  }))
}

const server = await startTestServer({registration: 'open'})
/** CPU seconds the server's processes used so far (Linux /proc; 0 elsewhere). */
const serverCpu = (): number => {
  let ticks = 0
  for (const pid of (server as unknown as {pids?: () => number[]}).pids?.() ?? []) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
    } catch {
      // Not Linux, or gone.
    }
  }
  return ticks / 100
}
/** Times `work`: wall seconds, this process's CPU seconds, the server's CPU seconds. */
async function timed<T>(work: () => Promise<T>): Promise<{result: T; seconds: number; cpu: number; serverCpu: number}> {
  const cpu0 = process.cpuUsage()
  const server0 = serverCpu()
  const started = performance.now()
  const result = await work()
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu0)
  return {result, seconds, cpu: (used.user + used.system) / 1e6, serverCpu: serverCpu() - server0}
}
type Run = {rooms: number; invite: number; roomsRerun: number; inviteRerun: number; cpu: Record<'rooms' | 'invite' | 'roomsRerun' | 'inviteRerun', [number, number]>; failedRooms: number; rosterFailed: number; kit: ReturnType<typeof kitHash>}
const runs: Run[] = []
const root = mkdtempSync(join(tmpdir(), 'xm-bench-invite-'))
try {
  for (let run = 0; run < repeat; run++) {
    const owner = `inv${run}owner`
    const contacts = Array.from({length: CONTACTS}, (_, i) => ({name: `Contact ${run}-${i}`, user: `inv${run}c${i}`}))
    const t0 = performance.now()
    await server.createAccount(owner, PASSWORD)
    await pool(contacts, 6, (c) => server.createAccount(c.user, PASSWORD))
    const groups: GroupFixture[] = Array.from({length: GROUPS}, (_, g) => ({
      title: `Groupe ${g + 1} bench ${run}`,
      people: Array.from({length: MEMBERS}, (_, k) => contacts[(g * MEMBERS + k) % CONTACTS]!).map((c) => ({name: c.name, jid: `${c.user}@${server.domain}`})),
    }))
    const workspace = await workspaceWithGroups({name: 'Owner', jid: `${owner}@${server.domain}`}, groups)
    process.stderr.write(`setup (accounts, workspace): ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
    const connect = () => loginAccount({jid: `${owner}@${server.domain}`, host: server.host, port: server.port, caFile: server.caFile, timeoutMs: 60_000}, PASSWORD)
    const out = join(root, `kit-${run}`)

    const roomsCreate = () => timed(() => createRoomsForWorkspace(workspace, {publicChats: [], chatIds: [], dryRun: false, roomPassword: null, connection: {}, connect}))
    const invite = () => timed(() => inviteContacts(workspace, {out, selectors: [], lang: 'fr', serverInvites: true, connection: {}, connect, now: () => new Date('2026-12-06T12:00:00Z')}))
    // --cpu-prof FILE: a CPU profile of the four timed steps of the first run only (not the setup).
    const profiler = values['cpu-prof'] !== undefined && run === 0 ? new Session() : null
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    const rooms1 = await roomsCreate()
    const invite1 = await invite()
    const rooms2 = await roomsCreate()
    const invite2 = await invite()
    if (profiler) {
      const {profile} = await profiler.post('Profiler.stop')
      writeFileSync(values['cpu-prof'] as string, JSON.stringify(profile))
      profiler.disconnect()
    }
    const kit = kitHash(out)
    // The workspace (and the exports it was imported from) lives in its own temporary folder.
    rmSync(dirname(workspace.dir), {recursive: true, force: true})
    const r: Run = {
      rooms: rooms1.seconds,
      invite: invite1.seconds,
      roomsRerun: rooms2.seconds,
      inviteRerun: invite2.seconds,
      cpu: {rooms: [rooms1.cpu, rooms1.serverCpu], invite: [invite1.cpu, invite1.serverCpu], roomsRerun: [rooms2.cpu, rooms2.serverCpu], inviteRerun: [invite2.cpu, invite2.serverCpu]},
      failedRooms: rooms1.result.summary.failed + rooms2.result.summary.failed,
      rosterFailed: invite1.result.contacts.filter((c) => c.roster?.startsWith('failed')).length,
      kit,
    }
    runs.push(r)
    const cpu = (c: [number, number]): string => `CPU ${c[0].toFixed(2)} s + server ${c[1].toFixed(2)} s`
    process.stderr.write(
      `run ${run + 1}: rooms create ${r.rooms.toFixed(2)} s (${cpu(r.cpu.rooms)}) + invite ${r.invite.toFixed(2)} s (${cpu(r.cpu.invite)}) = ${(r.rooms + r.invite).toFixed(2)} s; ` +
        `rerun: rooms ${r.roomsRerun.toFixed(2)} s (${cpu(r.cpu.roomsRerun)}), invite ${r.inviteRerun.toFixed(2)} s (${cpu(r.cpu.inviteRerun)}); ` +
        `${r.failedRooms} room(s) failed, ${r.rosterFailed} roster failure(s); kit ${kit.files} files (${kit.pngs} PNG), hash ${kit.hash}\n`,
    )
  }
} finally {
  await server.stop()
  rmSync(root, {recursive: true, force: true})
}
const first = median(runs.map((r) => r.rooms + r.invite)) ?? Number.NaN
const rerun = median(runs.map((r) => r.inviteRerun)) ?? Number.NaN
process.stdout.write(
  `${JSON.stringify({
    bench: 'invite-scale',
    server: server.kind,
    groups: GROUPS,
    members: MEMBERS,
    contacts: CONTACTS,
    runs,
    medianRoomsSeconds: median(runs.map((r) => r.rooms)),
    medianInviteSeconds: median(runs.map((r) => r.invite)),
    medianFirstSeconds: first,
    medianRerunSeconds: rerun,
    medianRoomsRerunSeconds: median(runs.map((r) => r.roomsRerun)),
    targetFirstSeconds: TARGET_FIRST_SECONDS,
    targetRerunSeconds: TARGET_RERUN_SECONDS,
    met: first <= TARGET_FIRST_SECONDS && rerun <= TARGET_RERUN_SECONDS && runs.every((r) => r.failedRooms === 0 && r.rosterFailed === 0),
  })}\n`,
)
