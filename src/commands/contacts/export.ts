import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {contactsFlags} from '../../contacts/flags.js'
import {contextNotes} from '../../contacts/format.js'
import {exportContacts, type ContactsExportResult} from '../../contacts/service.js'

/** `xmpp-migrate contacts export <file.csv>`. */
export default class ContactsExport extends BaseCommand<typeof ContactsExport> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Write the contacts to a CSV file to fill in with a spreadsheet (jid, language, email), then import it back.'
  static override description =
    'Columns: id, name, aliases, phone, jid, language, email, chats. Cells a spreadsheet would run as a formula (starting with = + - @) are written with a leading apostrophe, which contacts import removes. The file is readable only by you (it holds phone numbers).'

  static override examples = ['<%= config.bin %> contacts export contacts.csv']
  static override args = {file: Args.string({description: 'The CSV file to write.', required: true, ignoreStdin: true})}
  static override flags = {...contactsFlags}

  async run(): Promise<ContactsExportResult> {
    const {args} = await this.parse(ContactsExport)
    const result = exportContacts(this.workspace, args.file, this.flags.region === undefined ? {} : {region: this.flags.region})
    for (const note of contextNotes(result)) this.note(note)
    this.log(`${result.contacts} contact(s) written to ${result.file}. Fill in the jid (and language) columns, then: xmpp-migrate contacts import ${args.file}`)
    return result
  }
}
