import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {migrateLanguage} from '../migrate/language.js'
import {migrateMessages} from '../migrate/messages.js'
import {statusLines} from '../migrate/migrate-service.js'
import {readStatus, type MigrationStatus} from '../migrate/status.js'
import {UserError} from '../errors/index.js'

/** `xmpp-migrate status`: what is done and what is left, read from the workspace. */
export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Where the migration is: imported exports, contacts, rooms, invitations, history, and the next step.'

  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']

  static override flags = {
    lang: Flags.string({summary: 'Language: fr or en (default: the system language).'}),
  }

  async run(): Promise<MigrationStatus> {
    const lang = migrateLanguage(this.flags.lang)
    if (lang === null) throw new UserError('MIGRATE_BAD_FLAG', `--lang must be fr or en, not "${this.flags.lang}".`)
    const status = readStatus(this.workspace)
    if (!this.jsonEnabled()) {
      this.log(this.workspace.dir)
      for (const line of statusLines(status, migrateMessages(lang))) this.log(line)
    }
    return status
  }
}
