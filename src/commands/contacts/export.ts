import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {contactsFlags} from '../../contacts/flags.js'
import {contextNotes} from '../../contacts/format.js'
import {exportContacts, type ContactsExportResult} from '../../contacts/service.js'
import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'
import {USAGE_EXIT_CODE} from '../../ui/usage-error.js'

/** `xmpp-migrate contacts export [--out FILE]` (or the file as an argument, as before). */
export default class ContactsExport extends BaseCommand<typeof ContactsExport> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Write the contacts to a CSV file to fill in with a spreadsheet (jid, language, email), then import it back.'
  static override description =
    'Columns: id, name, aliases, phone, jid, language, email, chats. Cells a spreadsheet would run as a formula (starting with = + - @) are written with a leading apostrophe, which contacts import removes. The file is readable only by you (it holds phone numbers). Default file: contacts.csv in the workspace.'

  static override examples = ['<%= config.bin %> contacts export', '<%= config.bin %> contacts export --out contacts.csv', '<%= config.bin %> contacts export contacts.csv']
  static override args = {file: Args.string({description: 'The CSV file to write (same as --out).', required: false, ignoreStdin: true})}
  static override flags = {
    ...contactsFlags,
    out: Flags.string({char: 'o', summary: 'The CSV file to write. Default: contacts.csv in the workspace.'}),
  }

  async run(): Promise<ContactsExportResult> {
    const {args} = await this.parse(ContactsExport)
    const {out} = this.flags
    if (out !== undefined && args.file !== undefined && out !== args.file) {
      // i18n-ignore: a command line or flag value to type, not words to translate
      throw new UserError('USAGE_TWO_OUTPUTS', t('commands.contactsExport.twoOutputs', {file: args.file, out}), {exitCode: USAGE_EXIT_CODE, suggestions: [t('commands.contactsExport.oneOutput', {command: `xmpp-migrate contacts export --out ${out}`})]})
    }
    const file = out ?? args.file ?? this.workspace.ensure().path('contacts.csv')
    const result = exportContacts(this.workspace, file, this.flags.region === undefined ? {} : {region: this.flags.region})
    for (const note of contextNotes(result)) this.note(note)
    // i18n-ignore: a command line or flag value to type, not words to translate
    this.log(t('commands.contactsExport.written', {count: result.contacts, file: result.file, command: `xmpp-migrate contacts import ${shellQuote(result.file)}`}))
    return result
  }
}

/** A path as one shell word (quoted when it holds anything but safe characters). */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`
}
