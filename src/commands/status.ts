import {BaseCommand} from '../base-command.js'
import {migrateLanguage} from '../migrate/language.js'
import {migrateMessages} from '../migrate/messages.js'
import {statusLines} from '../migrate/migrate-service.js'
import {readStatus, type MigrationStatus} from '../migrate/status.js'
import {consoleLanguage} from '../i18n/index.js'

/** `xmpp-migrate status`: what is done and what is left, read from the workspace. */
export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Where the migration is: imported exports, contacts, rooms, invitations, history, and the next step.'

  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']

  async run(): Promise<MigrationStatus> {
    // The global --lang (else the workspace's, else the system's language), as BaseCommand set it.
    const lang = migrateLanguage(consoleLanguage()) ?? 'en'
    const status = readStatus(this.workspace)
    if (!this.jsonEnabled()) {
      this.log(this.workspace.dir)
      for (const line of statusLines(status, migrateMessages(lang))) this.log(line)
    }
    return status
  }
}
