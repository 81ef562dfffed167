import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {t} from '../../i18n/index.js'
import {contactsFlags} from '../../contacts/flags.js'
import {contextNotes, formatContacts, formatMe} from '../../contacts/format.js'
import {showContacts, type ContactsListResult} from '../../contacts/service.js'

/** `xmpp-migrate contacts`: the contact book. */
export default class Contacts extends BaseCommand<typeof Contacts> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'List the contacts found in the imported chats: id, name, phone, XMPP address, language, chats, status.'
  static override description =
    'The contact book is derived from the participants of every imported chat (the same phone number, Signal id or name in several chats is one person) and completed by you (contacts set, contacts import). Status: me (you), has JID, invite (no address yet, to be invited), no JID.'

  static override examples = ['<%= config.bin %> contacts', '<%= config.bin %> contacts --region FR --default-language fr', '<%= config.bin %> contacts --json']
  static override flags = {
    ...contactsFlags,
    'default-language': Flags.string({summary: 'Language (fr or en) of the texts for contacts without their own; stored in the workspace.'}),
  }

  async run(): Promise<ContactsListResult> {
    await this.parse(Contacts)
    const {region, 'default-language': defaultLanguage} = this.flags
    const result = showContacts(this.workspace, {...(region === undefined ? {} : {region}), ...(defaultLanguage === undefined ? {} : {defaultLanguage})})
    for (const note of contextNotes(result)) this.note(note)
    if (result.contacts.length === 0) {
      // i18n-ignore: a command line or flag value to type, not words to translate
      this.log(t('commands.contacts.none', {workspace: this.workspace.dir, command: 'xmpp-migrate import …'}))
      return result
    }
    this.log(formatContacts(result.contacts))
    this.log('')
    this.log(formatMe(result.me))
    return result
  }
}
