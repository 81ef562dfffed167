/**
 * `npm run demo-server`: starts the project's throw-away Prosody (the test harness's, on
 * loopback only, with its own test certificate authority) so the bundled example can be moved
 * onto a real XMPP server without having one. Prints the exact `migrate` command, then waits;
 * Ctrl-C stops the server and deletes its data.
 *
 * Needs prosody installed (Debian/Ubuntu: `apt install prosody`; the packaged service may stay
 * stopped: the demo runs its own instance on free ports).
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ProsodyServer} from '../test/server/ProsodyServer.js'

/** Two people of the example who "already use XMPP": their rooms get real members. */
const FRIENDS = [
  {contact: 'Papa', username: 'papa'},
  {contact: 'Karim', username: 'karim'},
]

async function main(): Promise<void> {
  process.stderr.write('Starting a throw-away Prosody on 127.0.0.1…\n')
  let server: ProsodyServer
  try {
    server = await ProsodyServer.start({registration: 'open'})
  } catch (error) {
    process.stderr.write(`Could not start Prosody: ${(error as Error).message}\nIs prosody installed? (Debian/Ubuntu: sudo apt install prosody)\n`)
    process.exitCode = 1
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-migrate-demo-'))
  const contacts: Record<string, string> = {}
  for (const friend of FRIENDS) {
    // Demo accounts on a loopback server that disappears on exit; nobody logs into them.
    await server.createAccount(friend.username, `demo-${friend.username}-${process.pid}`)
    contacts[friend.contact] = `${friend.username}@${server.domain}`
  }
  const config = join(dir, 'migrate.json')
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        account: {jid: `claire@${server.domain}`, action: 'create', host: server.host, port: server.port, ca: server.caFile},
        contacts,
        otherContacts: 'invite',
        publicGroups: [],
        history: 'html',
        historyDir: join(dir, 'history'),
      },
      null,
      2,
    )}\n`,
  )
  const workspace = join(dir, 'workspace')
  const stop = async (): Promise<void> => {
    process.stderr.write('\nStopping the demo server…\n')
    await server.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())

  process.stdout.write(`
Demo XMPP server running: ${server.domain} at ${server.host}:${server.port} (group chats: ${server.mucDomain}).
Papa and Karim already have accounts there (${Object.values(contacts).join(', ')}).

Move the bundled example onto it (in another terminal, from the project folder):

  ./bin/run.js migrate fixtures/example/* --yes --config ${config} -w ${workspace}

Or step by step, answering the questions yourself (the account is created on the demo server):

  ./bin/run.js migrate fixtures/example/* -w ${join(dir, 'guided')} --host ${server.host} --port ${server.port} --ca ${server.caFile}

Then: ./bin/run.js status -w ${workspace}
Everything lives in ${dir}. Press Ctrl-C to stop the server.
`)
  // Keep running until Ctrl-C.
  setInterval(() => {}, 1 << 30)
}

await main()
