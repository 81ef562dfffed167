/**
 * Seating delay of `arrivals --watch` (issue 20): how long after a relative adds the organizer
 * from their link (XEP-0379 subscription with the link's token) the family room appears in their
 * app (the room's mediated invitation reaches their open session). Measured, never asserted.
 *
 *   npm run bench:arrivals -- [--people 5]
 *
 * Against a throw-away local Prosody (XMPP_TEST_SERVER=ejabberd for ejabberd): an organizer with
 * two group rooms already created and an invitation kit written, `watchArrivals` running
 * in-process (as the command does), then each relative in turn registers (open registration),
 * stays online, sends the subscription, and waits for the invitation. Prints one line per
 * person and a JSON summary (median, min, max).
 */
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

import {watchArrivals} from '../src/arrivals/index.js'
import {setContact} from '../src/contacts/service.js'
import {InvitationLedger} from '../src/invitations/InvitationLedger.js'
import {inviteContacts} from '../src/invitations/invite-service.js'
import {createRoomsForWorkspace} from '../src/rooms/workspace-rooms.js'
import {createAccount, loginAccount} from '../src/xmpp/account.js'
import {parseInvite as parseRoomInvite} from '../src/xmpp/muc.js'
import {xml} from '../src/xmpp/xml.js'
import {workspaceWithGroups} from '../test/rooms/helpers.js'
import {startTestServer} from '../test/server/index.js'

const {values} = parseArgs({options: {people: {type: 'string', default: '5'}}})
const people = Number(values.people)
const PASSWORD = 'bench-arrivals-pw'

const server = await startTestServer({registration: 'open'})
const delays: number[] = []
try {
  const owner = 'benchowner'
  await server.createAccount(owner, PASSWORD)
  const settings = (user: string) => ({jid: `${user}@${server.domain}`, host: server.host, port: server.port, caFile: server.caFile, timeoutMs: 30_000})
  const relatives = Array.from({length: people}, (_, i) => `Cousin ${i + 1}`)
  const workspace = await workspaceWithGroups({name: 'Claire', jid: `${owner}@${server.domain}`}, [
    {title: 'Famille bench', people: relatives.map((name) => ({name, jid: null}))},
    {title: 'Cousins bench', people: relatives.slice(0, 2).map((name) => ({name, jid: null}))},
  ])
  for (const name of relatives) setContact(workspace, name, {invite: true})
  const connect = () => loginAccount(settings(owner), PASSWORD)
  await createRoomsForWorkspace(workspace, {publicChats: [], connection: {}, connect, chatIds: [], dryRun: false, roomPassword: null})
  const kit = await inviteContacts(workspace, {out: workspace.path('invitations'), selectors: [], serverInvites: true, connection: {}, connect})
  const ledger = InvitationLedger.load(workspace).personalInvitations()

  const controller = new AbortController()
  const watching = watchArrivals(workspace, {connection: {}, connect, signal: controller.signal, untilAborted: true})
  await new Promise((r) => setTimeout(r, 1500))
  for (const invitation of kit.contacts) {
    const token = ledger.get(invitation.contactId)?.token
    if (!token) continue
    const user = `benchrel${invitation.contactId}x${Date.now() % 100000}`
    const {session} = await createAccount(settings(user), {password: PASSWORD, ask: async () => '', captchaDir: workspace.path('captcha')})
    try {
      const invited = new Promise<number>((resolve) => {
        session.onStanza((stanza) => {
          if (parseRoomInvite(stanza)?.kind === 'mediated') resolve(performance.now())
        })
      })
      await session.send(xml('presence'))
      const sent = performance.now()
      await session.send(xml('presence', {to: `${owner}@${server.domain}`, type: 'subscribe'}, xml('preauth', {xmlns: 'urn:xmpp:pars:0', token})))
      const arrived = await Promise.race([invited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no invitation for ${invitation.name} within 60 s`)), 60_000))])
      const ms = arrived - sent
      delays.push(ms)
      console.log(`${invitation.name}: room invitation ${(ms / 1000).toFixed(2)} s after the subscription`)
    } finally {
      await session.close()
    }
  }
  controller.abort()
  await watching
} finally {
  await server.stop()
}
const sorted = [...delays].sort((a, b) => a - b)
const median = sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)]!
console.log(JSON.stringify({server: server.kind, people: delays.length, medianSeconds: median === null ? null : +(median / 1000).toFixed(3), minSeconds: +((sorted[0] ?? 0) / 1000).toFixed(3), maxSeconds: +((sorted.at(-1) ?? 0) / 1000).toFixed(3)}))
