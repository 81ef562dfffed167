import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {UserError} from '../../errors/index.js'
import {consoleLanguage, formatList, t} from '../../i18n/index.js'
import {InquirerAsker} from '../../migrate/prompts.js'
import {destroyRoomsForWorkspace, type RoomsDestroyResult} from '../../rooms/destroy-rooms.js'
import {connectionFlags} from '../../ui/connection-flags.js'

/** `xmpp-migrate rooms destroy [--chat ID] [--yes] [--dry-run]` (issue 16). */
export default class RoomsDestroy extends BaseCommand<typeof RoomsDestroy> {
  // Changes the workspace and the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Destroy the rooms xmpp-migrate created (all, or one group chat\'s), so that a later run can create them again.'

  static override description = `Only rooms this tool created (the workspace records them) are destroyed; the server tells the people in them. Your bookmark of each room is removed and the workspace forgets the room: \`xmpp-migrate migrate\` or \`rooms create\` can create it again.
Asks for confirmation on a terminal; elsewhere pass --yes. --dry-run lists the rooms and sends nothing.`

  static override examples = ['<%= config.bin %> rooms destroy --dry-run', '<%= config.bin %> rooms destroy --chat 3', '<%= config.bin %> rooms destroy --yes --json']

  static override flags = {
    ...connectionFlags,
    chat: Flags.integer({summary: 'Only the room of this chat (id, see `xmpp-migrate chats`). Repeatable.', multiple: true, default: []}),
    'dry-run': Flags.boolean({summary: 'List the rooms that would be destroyed; send nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation (needed when standard input is not a terminal).'}),
  }

  async run(): Promise<RoomsDestroyResult> {
    const flags = this.flags
    const base = {chatIds: flags.chat, connection: flags}
    const plan = await destroyRoomsForWorkspace(this.workspace, {...base, dryRun: true})
    if (plan.rooms.length === 0) {
      if (!this.jsonEnabled()) this.log(t('roomsDestroy.none'))
      return plan
    }
    if (!flags['dry-run'] && !flags.yes) {
      const names = formatList(consoleLanguage(), plan.rooms.map((r) => t('roomsDestroy.room', {address: r.address, name: r.name})))
      if (!process.stdin.isTTY) {
        throw new UserError('ROOMS_DESTROY_UNCONFIRMED', t('roomsDestroy.errors.unconfirmed', {n: plan.rooms.length}), {exitCode: 2, suggestions: [t('roomsDestroy.errors.unconfirmedHint')]})
      }
      const sure = await new InquirerAsker().confirm({message: t('roomsDestroy.confirm', {n: plan.rooms.length, rooms: names}), flag: '--yes', default: false})
      if (!sure) {
        if (!this.jsonEnabled()) this.log(t('roomsDestroy.cancelled'))
        return plan
      }
    }
    const result = flags['dry-run'] ? plan : await destroyRoomsForWorkspace(this.workspace, {...base, dryRun: false})
    if (!this.jsonEnabled()) {
      for (const room of result.rooms) {
        const values = {address: room.address, name: room.name}
        const line = {destroyed: () => t('roomsDestroy.status.destroyed', values), gone: () => t('roomsDestroy.status.gone', values), planned: () => t('roomsDestroy.status.planned', values), failed: () => t('roomsDestroy.status.failed', values)}
        this.log(line[room.status]())
        for (const w of room.warnings) this.log(`    ! ${w}`)
        if (room.error) {
          this.log(`    ${room.error.message}`)
          for (const s of room.error.suggestions) this.log(`    → ${s}`)
        }
      }
      this.log(t(result.dryRun ? 'roomsDestroy.summaryDry' : 'roomsDestroy.summary', {destroyed: result.summary.destroyed, failed: result.summary.failed, n: result.rooms.length}))
    }
    if (result.summary.failed > 0) process.exitCode = 2
    return result
  }
}
