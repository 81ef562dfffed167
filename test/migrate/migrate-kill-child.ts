/**
 * Child process of the SIGKILL tests (test/xmpp/migrate-kill.test.ts): runs the whole
 * non-interactive migration of the bundled example on workspace argv[2] with the config argv[3],
 * and SIGKILLs itself at the point argv[4] names, right after that point's work was committed:
 * - `import`: the first export is imported, the second is about to be;
 * - `room-created`: the first room exists on the server and is recorded, no member set yet;
 * - `members`: the first room's members are set, its invitations and bookmark not sent yet;
 * - `invitations`: the rooms are done, the invitation kit (roster entries, links) is about to be made.
 * Run with `node --import tsx` from the repository root.
 */
import {readFileSync} from 'node:fs'
import {dirname} from 'node:path'

import {parseMigrateConfig} from '../../src/migrate/answers.js'
import {runMigration} from '../../src/migrate/migrate-service.js'
import {NonInteractiveAsker} from '../../src/migrate/NonInteractiveAsker.js'
import {Workspace} from '../../src/workspace.js'
import {EXAMPLES} from './helpers.js'

const [dir, config, killAt] = process.argv.slice(2)
if (!dir || !config || !killAt) throw new Error('usage: migrate-kill-child.ts WORKSPACE CONFIG import|room-created|members|invitations')

function die(): never {
  process.stdout.write(`killed at ${killAt}\n`)
  process.kill(process.pid, 'SIGKILL')
  throw new Error('unreachable')
}

// As the CLI is given them (relative to the repository root, the cwd): the store keeps paths as given.
const exports = EXAMPLES
await runMigration(new Workspace(dir), {
  exports,
  answers: parseMigrateConfig(readFileSync(config, 'utf8'), config, dirname(config)),
  lang: 'en',
  dryRun: false,
  asker: new NonInteractiveAsker('yes'),
  log: () => {},
  // The flow notes "invitations…" on stderr right before it starts the kit.
  note: (line) => {
    if (killAt === 'invitations' && line.startsWith('invitations')) die()
  },
  passwordStdin: false,
  importOptions: {
    onProgress: (p) => {
      if (killAt === 'import' && p.phase === 'import' && p.path === exports[1]) die()
    },
  },
  onRoomProgress: (event) => {
    if (killAt === 'room-created' && event.phase === 'created') die()
    if (killAt === 'members' && event.phase === 'members') die()
  },
})
process.stdout.write('finished\n')
