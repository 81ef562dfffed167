import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {contactsFlags} from '../../contacts/flags.js'
import {contextNotes, formatMe} from '../../contacts/format.js'
import {setMe, showMe, type BookContext, type ContactSetResult} from '../../contacts/service.js'
import type {ContactRow, MeDetection} from '../../contacts/types.js'

/** `xmpp-migrate contacts me [<contact>]`. */
export default class ContactsMe extends BaseCommand<typeof ContactsMe> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Show which contact is you, or say it (you are never invited to your own migration).'
  static override examples = ['<%= config.bin %> contacts me', '<%= config.bin %> contacts me Claire', '<%= config.bin %> contacts me 2 --json']
  static override args = {contact: Args.string({description: 'The contact that is you: id, name, or a name you have in a chat.', required: false, ignoreStdin: true})}
  static override flags = {...contactsFlags}

  async run(): Promise<ContactSetResult | (BookContext & {me: MeDetection; contact: ContactRow | null})> {
    const {args} = await this.parse(ContactsMe)
    const options = this.flags.region === undefined ? {} : {region: this.flags.region}
    const contact = args.contact
    const result = contact === undefined ? showMe(this.workspace, options) : setMe(this.workspace, contact, options)
    for (const note of contextNotes(result)) this.note(note)
    this.log(formatMe(result.me))
    return result
  }
}
