/**
 * The comparison of issue 17's `parse --json` row: whatsapp-chat-parser 4.0.2 (a dev dependency,
 * the best-known JavaScript parser of these exports) doing what `xmpp-migrate parse FILE --json`
 * does: read the export, parse it, write the messages as JSON on stdout. Run by bench/run.ts in
 * its own process, timed from outside like the CLI, so both figures include process start.
 *
 *   node bench/out/comparison.mjs FILE > /dev/null
 *
 * It holds the whole file in one string (it has no streaming API), so it cannot read exports over
 * ~512 MB. Imports nothing from the project (run transpiled, from bench/out).
 */
import {readFileSync} from 'node:fs'

import {parseString} from 'whatsapp-chat-parser'

const file = process.argv[2]
if (!file) throw new Error('usage: comparison.mjs FILE')
const messages = parseString(readFileSync(file, 'utf8'))
process.stdout.write(JSON.stringify(messages, null, 2))
process.stdout.write('\n')
