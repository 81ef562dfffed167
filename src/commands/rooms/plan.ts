import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {formatRoomsPlan} from '../../rooms/format.js'
import {planRoomsForWorkspace, type RoomsPlanResult} from '../../rooms/workspace-rooms.js'
import {connectionFlags} from '../../ui/connection-flags.js'

export default class RoomsPlan extends BaseCommand<typeof RoomsPlan> {
  static override summary = 'Show which XMPP rooms your group chats will become (nothing is created).'

  static override description = 'Each imported group chat becomes a private room (members-only, not listed, members see each other\'s addresses so OMEMO works) on your server\'s group chat service. Only lookups of candidate room addresses are sent.'

  static override examples = ['<%= config.bin %> rooms plan', '<%= config.bin %> rooms plan --public 4 --json']

  static override flags = {
    ...connectionFlags,
    'muc-service': Flags.string({summary: 'Group chat service to use instead of the discovered one (e.g. conference.example.org).'}),
    public: Flags.integer({summary: 'Make this chat (id) a public room: open, listed, semi-anonymous. Repeatable.', multiple: true, default: []}),
  }

  async run(): Promise<RoomsPlanResult> {
    const flags = this.flags
    const result = await planRoomsForWorkspace(this.workspace, {
      ...(flags['muc-service'] !== undefined ? {mucService: flags['muc-service']} : {}),
      publicChats: flags.public,
      connection: flags,
    })
    if (!this.jsonEnabled()) for (const line of formatRoomsPlan(result)) this.log(line)
    return result
  }
}
