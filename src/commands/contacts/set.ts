import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {t} from '../../i18n/index.js'
import {contactsFlags} from '../../contacts/flags.js'
import {addressWarnings} from '../../contacts/address-check.js'
import {contextNotes, formatContacts} from '../../contacts/format.js'
import {setContact, type ContactChanges, type ContactSetResult} from '../../contacts/service.js'

/** `xmpp-migrate contacts set <contact> --jid user@host [--language fr]`. */
export default class ContactsSet extends BaseCommand<typeof ContactsSet> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = "Set a contact's XMPP address, language, name or e-mail, or mark them to be invited."
  static override examples = [
    '<%= config.bin %> contacts set Maman --jid maman@chat.example.org --language fr',
    '<%= config.bin %> contacts set 7 --invite',
    '<%= config.bin %> contacts set "~ Léa" --jid ""',
  ]

  static override args = {contact: Args.string({description: 'The contact: its id, its name, or a name it has in a chat.', required: true, ignoreStdin: true})}
  static override flags = {
    ...contactsFlags,
    jid: Flags.string({summary: 'XMPP address (name@server); "" removes it.'}),
    language: Flags.string({summary: 'Language of the texts sent to them: fr or en; "" for the workspace default.'}),
    tone: Flags.string({summary: 'How French texts sent to them address them: tu or vous; "" for the default (tu).'}),
    name: Flags.string({summary: 'The name to show.'}),
    email: Flags.string({summary: 'E-mail address; "" removes it.'}),
    invite: Flags.boolean({summary: 'Invite this contact (they have no XMPP account yet); --no-invite undoes it.', allowNo: true}),
  }

  async run(): Promise<ContactSetResult> {
    const {args} = await this.parse(ContactsSet)
    const {jid, language, tone, name, email, invite, region} = this.flags
    const changes: ContactChanges = {
      ...(jid === undefined ? {} : {jid}),
      ...(language === undefined ? {} : {language}),
      ...(tone === undefined ? {} : {tone}),
      ...(name === undefined ? {} : {name}),
      ...(email === undefined ? {} : {email}),
      ...(invite === undefined ? {} : {invite}),
    }
    const result = setContact(this.workspace, args.contact, changes, region === undefined ? {} : {region})
    for (const note of [...contextNotes(result), ...(await addressWarnings(this.workspace, args.contact, jid))]) this.note(note)
    this.log(result.changed.length === 0 ? t('commands.contactsSet.nothingChanged') : t('commands.contactsSet.changed', {fields: result.changed.join(', ')}))
    this.log(formatContacts([result.contact]))
    return result
  }
}
