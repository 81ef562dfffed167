import {Args} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {t} from '../i18n/index.js'
import {withSignalSecrets} from '../importers/signal/index.js'
import {importExports, refreshContactBook, type ContactBookRefresh, type ImportSummary} from '../services/import-service.js'
import {importFlags, openOptionsFromFlags, readImportSecrets} from '../ui/import-flags.js'
import {Progress} from '../ui/Progress.js'

/** `xmpp-migrate import <file...>`: stores exports in the workspace, idempotently. */
export default class Import extends BaseCommand<typeof Import> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Import chat exports into the workspace (a rerun or an overlapping export adds only what is new).'
  static override description =
    'Accepts WhatsApp exports (.txt, .zip, folder), Signal exports (plaintext export, on-device backup folder, legacy .backup) and Telegram Desktop exports in machine-readable JSON (the ChatExport_… or DataExport_… folder, its .zip, or its result.json). Each export is stored in one transaction: an interrupted import leaves the workspace as it was.'

  static override examples = [
    '<%= config.bin %> import "WhatsApp Chat with Maman.txt" "WhatsApp Chat - Famille.zip"',
    '<%= config.bin %> import fixtures/example/*',
    '<%= config.bin %> import signal-2024.backup --passphrase-stdin < passphrase.txt',
  ]

  static override strict = false
  static override args = {
    files: Args.string({description: 'Exports to import (one or more).', required: true, ignoreStdin: true}),
  }

  static override flags = {...importFlags}

  async run(): Promise<ImportSummary & {contacts: ContactBookRefresh}> {
    const {argv} = await this.parse(Import)
    const paths = argv as string[]
    const secrets = await readImportSecrets(this.flags)
    const progress = new Progress(t('ui.progress.importing'), {enabled: !this.jsonEnabled(), unit: t('ui.progress.messages')})
    let current = ''
    const summary = await withSignalSecrets(secrets, (signal) =>
      importExports(this.workspace.ensure(), paths, {
        ...openOptionsFromFlags(this.flags, signal),
        onProgress: (p) => {
          if (p.path !== current) {
            progress.stop()
            current = p.path
          }
          if (p.phase === 'import') progress.update(p.messages, p.totalMessages)
        },
      }),
    ).finally(() => progress.stop())

    for (const file of summary.files) {
      this.log(`${file.path} (${file.source})`)
      for (const chat of file.chats) {
        this.log(`  ${t('commands.import.chat', {id: chat.id, title: chat.title, kind: chat.kind, new: chat.messagesNew, known: chat.messagesKnown, files: chat.attachmentsStored})}`)
      }
      for (const w of file.warnings) this.log(`  ${t('cli.warning', {message: w.line ? t('commands.import.atLine', {message: w.message, line: w.line}) : w.message})}`)
    }
    const total = summary.total
    this.log(
      t('commands.import.total', {
        exports: summary.files.length,
        chats: total.chats.length,
        new: total.messagesNew,
        known: total.messagesKnown,
        files: total.attachmentsStored,
        warnings: total.warnings.length,
      }),
    )
    const contacts = refreshContactBook(this.workspace)
    this.log(t('commands.import.contacts', {count: contacts.contacts, created: contacts.created, me: contacts.me}))
    for (const w of contacts.warnings) this.log(`  ${t('cli.warning', {message: w})}`)
    // i18n-ignore: a command line or flag value to type, not words to translate
    this.log(t('commands.import.next', {workspace: this.workspace.dir, chats: 'xmpp-migrate chats', contacts: 'xmpp-migrate contacts'}))
    return {...summary, contacts}
  }
}
