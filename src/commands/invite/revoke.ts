import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {consoleLanguage, formatZonedDateTime, t} from '../../i18n/index.js'
import {revokeInvitations, type InviteRevokeResult} from '../../invitations/revoke-service.js'

/** `xmpp-migrate invite revoke [--contact NAME]… [--dry-run] [--out DIR]` (issue 16). */
export default class InviteRevoke extends BaseCommand<typeof InviteRevoke> {
  // Changes the workspace: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Take back the invitations of people who have not arrived yet.'

  static override description = `Their links no longer add you without a question, they are no longer marked to invite, and their pages are removed from the kit. A server's own invitation cannot be cancelled from an account (Prosody, ejabberd): the output says until when it stays valid.
Nothing is sent on the network. Invite them again later with \`xmpp-migrate contacts set NAME --invite\` then \`xmpp-migrate invite\`: they get new links.`

  static override examples = ['<%= config.bin %> invite revoke --dry-run', '<%= config.bin %> invite revoke --contact Papa', '<%= config.bin %> invite revoke --json']

  static override flags = {
    contact: Flags.string({summary: 'Only this person (id or name). Repeatable. Default: everyone invited who has not arrived.', multiple: true, default: []}),
    'dry-run': Flags.boolean({summary: 'List what would be revoked; change nothing.'}),
    out: Flags.string({summary: 'The kit folder, when `invite --out` put it elsewhere. Default: "invitations" inside the workspace.'}),
  }

  async run(): Promise<InviteRevokeResult> {
    const flags = this.flags
    const result = revokeInvitations(this.workspace, {selectors: flags.contact, dryRun: flags['dry-run'] ?? false, ...(flags.out !== undefined ? {kitDir: flags.out} : {})})
    if (!this.jsonEnabled()) {
      const lang = consoleLanguage()
      if (result.contacts.length === 0) this.log(t('inviteRevoke.none'))
      for (const c of result.contacts) {
        if (c.status === 'nothing-issued') this.log(t('inviteRevoke.nothingIssued', {name: c.name}))
        else this.log(t(result.dryRun ? 'inviteRevoke.would' : 'inviteRevoke.revoked', {name: c.name}))
        const server = c.serverInvitation
        if (server !== null && !server.cancelled) {
          this.log(
            server.expires === null
              ? t('inviteRevoke.serverStays', {name: c.name})
              : t('inviteRevoke.serverStaysUntil', {name: c.name, expires: formatZonedDateTime(lang, new Date(server.expires))}),
          )
        }
      }
      if (result.contacts.length > 0 && !result.dryRun) this.log(t('inviteRevoke.again'))
    }
    return result
  }
}
