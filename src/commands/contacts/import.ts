import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {UserError} from '../../errors/index.js'
import {t} from '../../i18n/index.js'
import {contactsFlags} from '../../contacts/flags.js'
import {contextNotes, formatApply} from '../../contacts/format.js'
import {importContactsFile, importSharedCards, type ContactsImportResult} from '../../contacts/service.js'

/** `xmpp-migrate contacts import <file.csv|file.vcf>`. */
export default class ContactsImport extends BaseCommand<typeof ContactsImport> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Read XMPP addresses (and languages, e-mails) from a CSV or a vCard address book into the contacts.'
  static override description =
    'A CSV as written by contacts export (also after LibreOffice or Excel: ; separators, BOM, CRLF), or a .vcf address book as Android, iPhone or Google Contacts export it (XMPP addresses from IMPP:xmpp:, X-JABBER). Rows find their contact by id, else phone number, else name. A bad row is reported with its line and left out; every other row is applied. With --from-chats, the contact cards shared in the imported chats are applied, each to the contact whose phone number it carries (never by name alone: anyone in a chat can share a card); import and migrate only list them. Exits with 1 when some rows were not applied.'

  static override examples = ['<%= config.bin %> contacts import contacts.csv', '<%= config.bin %> contacts import Contacts.vcf --region FR', '<%= config.bin %> contacts import --from-chats']
  static override args = {file: Args.string({description: 'The .csv or .vcf file.', required: false, ignoreStdin: true})}
  static override flags = {
    ...contactsFlags,
    'from-chats': Flags.boolean({summary: 'Read the contact cards (.vcf) shared in the imported chats.'}),
  }

  async run(): Promise<ContactsImportResult> {
    const {args} = await this.parse(ContactsImport)
    const options = this.flags.region === undefined ? {} : {region: this.flags.region}
    if (args.file === undefined && !this.flags['from-chats']) {
      // i18n-ignore: a command line or flag value to type, not words to translate
      throw new UserError('CONTACTS_NO_FILE', t('commands.contactsImport.whichFile'), {suggestions: [t('commands.contactsImport.csv', {command: 'xmpp-migrate contacts import contacts.csv'}), t('commands.contactsImport.fromChats', {command: 'xmpp-migrate contacts import --from-chats'})]})
    }
    const result = args.file === undefined ? importSharedCards(this.workspace, options) : importContactsFile(this.workspace, args.file, options)
    for (const note of contextNotes(result)) this.note(note)
    for (const line of formatApply(result)) this.log(line)
    if (result.errors.length > 0) process.exitCode = 1
    return result
  }
}
