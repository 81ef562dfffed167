/**
 * Writes oclif.manifest.json (run by `npm run build`, after tsc): the list of commands with their
 * flags and the files that hold them. Without it, oclif imports *every* command module at each
 * start to learn their flags, and with them the whole program (XMPP client, PDF fonts, QR codes…)
 * even for `parse` (issue 17: 0.42 s of oclif loading, ~28 MiB). With it, only the command run
 * is loaded. It must be rewritten whenever dist/commands changes: `npm run build` does it.
 * https://oclif.io/docs/releasing (oclif.manifest.json)
 */
import {writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {Config, type Interfaces} from '@oclif/core'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(ROOT, 'oclif.manifest.json')
// Without an existing manifest (removed first by the build), oclif builds one by loading dist/.
const config = await Config.load({root: ROOT})
// The root plugin's class has the manifest it built; its public interface does not declare it.
const plugin = config.plugins.get(config.pjson.name) as (Interfaces.Plugin & {manifest?: Interfaces.Manifest}) | undefined
const manifest = plugin?.manifest
if (manifest === undefined) throw new Error(`oclif did not load the commands of ${config.pjson.name} from ${ROOT}`)
writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`)
process.stdout.write(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands\n`)
