import {BaseCommand} from '../base-command.js'
import {consoleLanguage} from '../i18n/index.js'
import {hintFlags} from '../migrate/hint-flags.js'
import {flowLanguage} from '../migrate/language.js'
import {migrateMessages} from '../migrate/messages.js'
import {statusLines} from '../migrate/migrate-service.js'
import {readStatus, type MigrationStatus} from '../migrate/status.js'

/** `xmpp-migrate status`: what is done and what is left, read from the workspace. */
export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Where the migration is: imported exports, contacts, rooms, invitations, history, and the next step.'

  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json', '<%= config.bin %> status --lang fr']

  async run(): Promise<MigrationStatus> {
    const status = readStatus(this.workspace)
    if (!this.jsonEnabled()) {
      this.log(this.workspace.dir)
      // The commands it names keep the workspace given (the server's flags are stored with the account).
      for (const line of statusLines(status, migrateMessages(flowLanguage(consoleLanguage()), hintFlags({workspace: this.flags.workspace})))) this.log(line)
    }
    return status
  }
}
