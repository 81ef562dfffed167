import {Args} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {t} from '../i18n/index.js'
import {openExport} from '../importers/open-export.js'
import {withSignalSecrets} from '../importers/signal/secret-input.js'
import {importFlags, openOptionsFromFlags, readImportSecrets} from '../ui/import-flags.js'
import {writeJsonParseOutput, writeTextParseOutput} from '../ui/parse-output.js'

/** `xmpp-migrate parse <file>`: reads an export and prints the normalized chats; stores nothing. */
export default class Parse extends BaseCommand<typeof Parse> {
  static override summary = 'Read a chat export and print what xmpp-migrate understands of it, without storing anything.'
  static override description =
    'Accepts a WhatsApp "Export chat" file (.txt, or the .zip with media, or an unzipped folder), or a Signal export: the plaintext "Export chat history" folder or .zip, an on-device backup folder (SignalBackups, with its recovery key) or a legacy .backup (with its 30-digit passphrase), or a Telegram Desktop export in machine-readable JSON (the ChatExport_… or DataExport_… folder, its .zip, or its result.json). The kind is told by content. Secrets are read from stdin (--passphrase-stdin, --recovery-key-stdin) or asked for without echo, never taken from a flag value. With --json, prints {source, chats: [{title, kind, participants, messages}]} on stdout.'

  static override examples = [
    '<%= config.bin %> parse "WhatsApp Chat with Maman.txt"',
    '<%= config.bin %> parse "WhatsApp Chat - Famille.zip" --json > famille.json',
    '<%= config.bin %> parse signal-export-2026-05-03-10-00-00 --json',
    '<%= config.bin %> parse SignalBackups --recovery-key-stdin < recovery-key.txt',
    '<%= config.bin %> parse signal-2024-05-03-10-00-00.backup --passphrase-stdin < passphrase.txt',
    '<%= config.bin %> parse "Telegram Desktop/DataExport_2026-05-03" --json',
  ]

  static override args = {
    file: Args.string({description: 'The export: a .txt, a .zip or a folder.', required: true, ignoreStdin: true}),
  }

  static override flags = {...importFlags}

  async run(): Promise<void> {
    const {args} = await this.parse(Parse)
    const secrets = await readImportSecrets(this.flags)
    const opened = await withSignalSecrets(secrets, (signal) => openExport(args.file, openOptionsFromFlags(this.flags, signal)))
    if (this.jsonEnabled()) {
      await writeJsonParseOutput(process.stdout, opened)
      return
    }

    await writeTextParseOutput(process.stdout, opened)
    for (const issue of opened.issues) this.note(t('cli.warning', {message: issue.message}))
  }
}

