import {readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {UserError} from '../errors/index.js'
import {withSignalSecrets} from '../importers/signal/index.js'
import {mergeAnswers, parseMigrateConfig, type MigrateAnswers} from '../migrate/answers.js'
import type {Asker} from '../migrate/Asker.js'
import {consoleLanguage, languageOf, setConsoleLanguage, t} from '../i18n/index.js'
import {commandLine, hintFlags} from '../migrate/hint-flags.js'
import {flowLanguage} from '../migrate/language.js'
import {runMigration, type MigrateResult} from '../migrate/migrate-service.js'
import {NonInteractiveAsker} from '../migrate/NonInteractiveAsker.js'
import {InquirerAsker} from '../migrate/prompts.js'
import {importFlags, openOptionsFromFlags, readImportSecrets} from '../ui/import-flags.js'
import {Progress} from '../ui/Progress.js'
import {DEFAULT_TIMEOUT_SECONDS} from '../ui/connection-flags.js'

/** `xmpp-migrate migrate [export...]`: the whole move, guided, resumable (issue 9). */
export default class Migrate extends BaseCommand<typeof Migrate> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'The whole move in one guided command: import, you, account, contacts, rooms, invitations, history.'

  static override description = `Walks you through the migration step by step, in French or English (from your system language; --lang to choose). Stop it at any time (Ctrl-C): run it again and it picks up where it was; what is already done is shown as done.
--dry-run imports the exports into the workspace (local) and shows the whole plan without touching the network.
--yes (with flags and/or --config migrate.json, see docs/migrate.md) answers every question, for scripts: a missing answer is an error naming the flag to pass.`

  static override examples = [
    '<%= config.bin %> migrate fixtures/example/* --dry-run --yes',
    '<%= config.bin %> migrate "WhatsApp Chat with Maman.txt" "WhatsApp Chat - Famille.zip"',
    'printf %s "$PW" | <%= config.bin %> migrate exports/* --yes --config migrate.json --password-stdin',
  ]

  static override strict = false
  static override args = {
    exports: Args.string({description: 'Exports to import (none on a rerun).', required: false, ignoreStdin: true}),
  }

  static override flags = {
    ...importFlags,
    yes: Flags.boolean({char: 'y', summary: 'Ask nothing: every answer comes from the flags and --config; a missing one is an error naming its flag.'}),
    'dry-run': Flags.boolean({summary: 'Import locally and show the whole plan; nothing is sent on the network.'}),
    config: Flags.string({char: 'c', summary: 'JSON file answering the questions (see docs/migrate.md).'}),
    jid: Flags.string({summary: 'Your XMPP address (name@server).', helpGroup: 'ACCOUNT'}),
    account: Flags.string({summary: 'create a new account, or login to an existing one.', options: ['create', 'login'], helpGroup: 'ACCOUNT'}),
    host: Flags.string({summary: 'Connect to this server name or IP instead of looking it up in DNS.', helpGroup: 'ACCOUNT'}),
    port: Flags.integer({summary: 'Connect to this port.', min: 1, max: 65_535, helpGroup: 'ACCOUNT'}),
    'direct-tls': Flags.boolean({summary: 'Use TLS from the first byte (XEP-0368).', helpGroup: 'ACCOUNT'}),
    ca: Flags.string({summary: 'PEM file of an extra certificate authority to trust (self-hosted or test servers).', env: 'XMPP_MIGRATE_CA', helpGroup: 'ACCOUNT'}),
    timeout: Flags.integer({summary: 'Seconds to wait for the server.', default: DEFAULT_TIMEOUT_SECONDS, min: 1, max: 600, helpGroup: 'ACCOUNT'}),
    'password-stdin': Flags.boolean({summary: 'Read the account password from standard input (else generated for a new account, or asked).', helpGroup: 'ACCOUNT', exclusive: ['passphrase-stdin', 'recovery-key-stdin']}),
    region: Flags.string({summary: 'Country code for phone numbers written without one (e.g. FR).', helpGroup: 'ANSWERS'}),
    me: Flags.string({summary: 'Which contact you are (id or name), when it cannot be detected.', helpGroup: 'ANSWERS'}),
    contact: Flags.string({summary: 'A contact\'s answer: "NAME=ADDRESS", "NAME=invite" or "NAME=skip". Repeatable.', multiple: true, helpGroup: 'ANSWERS'}),
    'contacts-csv': Flags.string({summary: 'A contacts CSV (as `contacts export` writes it, filled in) to apply.', helpGroup: 'ANSWERS'}),
    'other-contacts': Flags.string({summary: 'What to do with the other contacts without an address.', options: ['invite', 'skip'], helpGroup: 'ANSWERS'}),
    public: Flags.string({summary: 'A group chat (id or title) to make a public room. Repeatable. Default: none.', multiple: true, helpGroup: 'ANSWERS'}),
    'muc-service': Flags.string({summary: 'Group chat service to use instead of the discovered one.', helpGroup: 'ANSWERS'}),
    'kit-dir': Flags.string({summary: 'Folder for the invitation kit.', helpGroup: 'ANSWERS'}),
    history: Flags.string({summary: 'History step: share posts PDF documents in the rooms and to the people of one-to-one chats, html writes a browsable archive, none skips it.', options: ['share', 'html', 'none'], helpGroup: 'ANSWERS'}),
    'history-dir': Flags.string({summary: 'Folder of the history archive (default: <workspace>/history).', helpGroup: 'ANSWERS'}),
    arrival: Flags.string({summary: 'Who a newcomer is: "NAME=ADDRESS" (a contact and the address they created). Repeatable.', multiple: true, helpGroup: 'ANSWERS'}),
  }

  async run(): Promise<MigrateResult> {
    const {argv} = await this.parse(Migrate)
    const flags = this.flags
    let config: MigrateAnswers | undefined
    if (flags.config !== undefined) {
      const file = resolve(flags.config)
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        throw new UserError('MIGRATE_CONFIG_NOT_FOUND', t('flow.config.unreadable', {file, reason: (error as Error).message}), {cause: error, suggestions: [t('flow.config.unreadableHow')]})
      }
      config = parseMigrateConfig(text, file, dirname(file))
    }
    const answers = mergeAnswers(flags, config)
    // --lang (global), else the config file's "lang", else the workspace's or the system's (BaseCommand).
    if (languageOf(flags.lang) === null && config?.lang !== undefined) setConsoleLanguage(config.lang)
    const lang = flowLanguage(consoleLanguage())
    const asker: Asker = flags.yes ? new NonInteractiveAsker('yes') : process.stdin.isTTY && !flags['password-stdin'] ? new InquirerAsker({lang}) : new NonInteractiveAsker('no-tty')
    const secrets = await readImportSecrets(flags)
    const hints = hintFlags({workspace: flags.workspace})
    const quiet = this.jsonEnabled()
    const importBar = new Progress(t('flow.progress.import'), {enabled: !quiet, unit: t('flow.progress.messages')})
    let current = ''
    const result = await withSignalSecrets(secrets, (signal) =>
      runMigration(this.workspace, {
        exports: argv as string[],
        answers,
        lang,
        dryRun: flags['dry-run'],
        asker,
        log: (line) => {
          if (!quiet) this.log(line)
        },
        note: (line) => this.note(line),
        importOptions: {
          ...openOptionsFromFlags(flags, signal),
          onProgress: (p) => {
            if (p.path !== current) {
              importBar.stop()
              current = p.path
            }
            if (p.phase === 'import') importBar.update(p.messages, p.totalMessages)
          },
        },
        onImportDone: () => importBar.stop(),
        hintFlags: hints,
        passwordStdin: flags['password-stdin'],
        timeoutSeconds: flags.timeout,
        onRoomProgress: (event) => {
          if (event.phase === 'done' || event.phase === 'failed' || event.phase === 'created') this.note(t('flow.progress.room', {address: event.address, phase: event.phase, hasDetail: String(Boolean(event.detail)), detail: event.detail ?? ''}))
        },
      }),
    )
      .catch((error: unknown) => {
        // Ctrl-C at a prompt: @inquirer rejects with ExitPromptError. Not a bug: what is done is kept.
        if (error instanceof Error && error.name === 'ExitPromptError') {
          throw new UserError('MIGRATE_INTERRUPTED', t('flow.interrupted'), {exitCode: 130, suggestions: [t('flow.interruptedHow', {status: commandLine('status', hints)})]})
        }
        throw error
      })
      .finally(() => importBar.stop())
    if (result.failed) process.exitCode = 1
    return result
  }
}
