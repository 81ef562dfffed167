import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {readPasswordFromStdin} from '../../credentials/password-input.js'
import {UserError} from '../../errors/index.js'
import {formatRoomsCreate, roomProgressLine} from '../../rooms/format.js'
import {createRoomsForWorkspace, type RoomsCreateResult} from '../../rooms/workspace-rooms.js'
import {connectionFlags} from '../../ui/connection-flags.js'

export default class RoomsCreate extends BaseCommand<typeof RoomsCreate> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Create the rooms of your group chats, add their members, invite them and bookmark the rooms.'

  static override description = 'Applies `rooms plan`. Safe to run again: what was done is recorded in the workspace and skipped, an interrupted run is finished.'

  static override examples = ['<%= config.bin %> rooms create', '<%= config.bin %> rooms create --chat 3 --dry-run', 'printf %s "$ROOM_PW" | <%= config.bin %> rooms create --public 5 --room-password-stdin']

  static override flags = {
    ...connectionFlags,
    chat: Flags.integer({summary: 'Only this chat (id, see `xmpp-migrate chats`). Repeatable.', multiple: true, default: []}),
    'dry-run': Flags.boolean({summary: 'Show what would be done; send nothing.'}),
    'muc-service': Flags.string({summary: 'Group chat service to use instead of the discovered one.'}),
    public: Flags.integer({summary: 'Make this chat (id) a public room: open, listed, semi-anonymous. Repeatable.', multiple: true, default: []}),
    'room-password-stdin': Flags.boolean({summary: 'Read a password for the public rooms from standard input.'}),
  }

  async run(): Promise<RoomsCreateResult> {
    const flags = this.flags
    if (flags['room-password-stdin'] && flags['password-stdin']) {
      throw new UserError('ROOM_PASSWORD_STDIN_TWICE', 'Standard input can carry the account password or the room password, not both.', {
        suggestions: ['Store the account password first with `xmpp-migrate account login`, then pass only --room-password-stdin.'],
      })
    }
    const roomPassword = flags['room-password-stdin'] ? await readPasswordFromStdin() : null
    const result = await createRoomsForWorkspace(this.workspace, {
      ...(flags['muc-service'] !== undefined ? {mucService: flags['muc-service']} : {}),
      publicChats: flags.public,
      chatIds: flags.chat,
      dryRun: flags['dry-run'] ?? false,
      roomPassword,
      connection: flags,
      onProgress: (e) => this.note(roomProgressLine(e)),
    })
    if (!this.jsonEnabled()) for (const line of formatRoomsCreate(result)) this.log(line)
    if (result.summary.failed > 0) process.exitCode = 2
    return result
  }
}
