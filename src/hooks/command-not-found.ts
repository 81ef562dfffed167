import {Errors, type Hook} from '@oclif/core'

import {consoleLanguageOfArgv} from '../base-command.js'
import {setConsoleLanguage, t} from '../i18n/index.js'
import {nearest} from '../errors/near.js'
import {printableError} from '../ui/error-output.js'
import {USAGE_EXIT_CODE} from '../ui/usage-error.js'

/**
 * `xmpp-migrate chat` → "There is no command chat. Did you mean chats?" (issue 16), in the
 * console's language, exit 2 like every usage error; with `--json`, the same small error object
 * as our other errors.
 *
 * oclif's @oclif/plugin-not-found does this in English only (its sentences are written in its
 * code, and it asks "y/n" to run the guess): ours is this hook with `leven` for the distance.
 */
const hook: Hook<'command_not_found'> = async function ({id, argv = []}) {
  setConsoleLanguage(consoleLanguageOfArgv(argv))
  const typed = id.replace(/:/g, ' ')
  const bin = this.config.bin
  const candidates = [...this.config.commandIDs, ...this.config.topics.map((topic) => topic.name)].map((c) => c.replace(/:/g, ' ')).filter((c) => c !== 'help')
  // `contacts sett Mamie` reaches here whole: the nearest command to the longest run of words.
  const words = typed.split(' ')
  let near: string[] = []
  for (let n = Math.min(words.length, 3); n >= 1 && near.length === 0; n--) near = nearest(words.slice(0, n).join(' '), candidates)
  const suggestions = [
    ...near.map((candidate) => t('cli.notFound.didYouMean', {command: `${bin} ${candidate}`})),
    t('cli.notFound.list', {command: `${bin} --help`}),
  ]
  const message = t('cli.notFound.message', {command: typed, bin})
  const json = argv.includes('--json') && !argv.slice(0, argv.indexOf('--json')).includes('--')
  if (json) {
    process.stdout.write(`${JSON.stringify({error: {name: 'UserError', code: 'USAGE_UNKNOWN_COMMAND', message, suggestions}}, null, 2)}\n`)
    Errors.exit(USAGE_EXIT_CODE)
  }
  throw printableError(message, suggestions, 'USAGE_UNKNOWN_COMMAND', USAGE_EXIT_CODE)
}

export default hook
