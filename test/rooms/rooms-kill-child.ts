/**
 * Child process of the SIGKILL test (test/xmpp/rooms-kill.test.ts): runs `rooms create` on the
 * workspace argv[2] as argv[3] (password in env ROOMS_TEST_PASSWORD) against the server at
 * argv[4]:argv[5] (CA argv[6]). After recorded step number argv[7] (a number, or a step name such as `invited`: its first occurrence) it prints `step N` and then
 * blocks, so the parent's SIGKILL lands at a known point: right after that step was committed,
 * with the XMPP connection still open (the server sees it drop, as after a crash).
 * Run with `node --import tsx`.
 */
import {createRoomsForWorkspace} from '../../src/rooms/workspace-rooms.js'
import {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'

const [dir, jid, host, port, caFile, stopAfterText] = process.argv.slice(2)
if (!dir || !jid || !host || !port || !caFile || !stopAfterText) throw new Error('usage: rooms-kill-child.ts WORKSPACE JID HOST PORT CA STOP_AFTER')
let steps = 0
await createRoomsForWorkspace(new Workspace(dir), {
  publicChats: [],
  chatIds: [],
  dryRun: false,
  roomPassword: null,
  connection: {},
  connect: () => loginAccount({jid, host, port: Number(port), caFile, timeoutMs: 15_000}, process.env.ROOMS_TEST_PASSWORD ?? ''),
  afterStep: (chatId, step, target) => {
    steps++
    process.stdout.write(`step ${steps} ${chatId} ${step} ${target}\n`)
    if (String(steps) === stopAfterText || step === stopAfterText) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000)
  },
})
process.stdout.write('finished\n')
