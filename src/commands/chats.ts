import {BaseCommand} from '../base-command.js'
import {formatChats, noChatsLine} from '../services/chat-format.js'
import {listChats, type ChatListRow} from '../services/chat-service.js'

/** `xmpp-migrate chats`: the imported chats. */
export default class Chats extends BaseCommand<typeof Chats> {
  static override summary = 'List the imported chats: id, title, kind, participants, messages, first and last date.'
  static override examples = ['<%= config.bin %> chats', '<%= config.bin %> chats --json']

  async run(): Promise<{chats: ChatListRow[]}> {
    await this.parse(Chats)
    const chats = await listChats(this.workspace)
    if (chats.length === 0) {
      this.log(noChatsLine(this.workspace.dir))
      return {chats}
    }
    this.log(formatChats(chats))
    return {chats}
  }
}

