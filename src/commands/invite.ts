import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {hideToken, inviteContacts} from '../invitations/invite-service.js'
import {primaryLink} from '../invitations/kit-pages.js'
import type {ContactInvitation, InvitationKit} from '../invitations/types.js'
import {consoleLanguage, formatZonedDateTime, languageOf, t} from '../i18n/index.js'
import {qrTerminal} from '../qr/index.js'
import {colourWanted} from '../ui/colour.js'
import {Progress} from '../ui/Progress.js'
import {connectionFlags} from '../ui/connection-flags.js'

/** `xmpp-migrate invite [contact...] --out DIR [--lang fr|en]`. */
export default class Invite extends BaseCommand<typeof Invite> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Invite your contacts: a link, a QR code, a printable page and a message for each of them.'

  static override description = `Contacts with an XMPP address are added to your contacts (with a subscription request). The others get a server invitation when your server offers them (it creates their account), else a link that adds you once they have an account.
Links hold secret tokens: the kit folder is private (0700) and links are not printed unless --show-links.`

  static override examples = ['<%= config.bin %> invite --out ./invitations', '<%= config.bin %> invite Maman 7 --out ./invitations --lang fr --terminal', '<%= config.bin %> invite --out kit --landing-base https://xmpp.link/']

  static override strict = false

  // ignoreStdin: oclif 4 fills an absent arg from piped standard input, which would swallow the
  // password of --password-stdin. Extra contacts come through argv (strict = false).
  static override args = {contact: Args.string({description: 'Contacts to invite (id or name; several allowed). Default: everyone with an XMPP address or marked to invite.', ignoreStdin: true})}

  static override flags = {
    ...connectionFlags,
    out: Flags.string({char: 'o', summary: 'Folder for the kit (created private). Default: "invitations" inside the workspace.'}),
    'landing-base': Flags.string({summary: 'Web invitation page that reads the xmpp: link after # (when the server has no landing page). Default: https://xmpp.link/.'}),
    landing: Flags.boolean({summary: 'Give an https link that opens anywhere (the server\'s invitation page, else --landing-base); --no-landing keeps bare xmpp: links.', default: true, allowNo: true}),
    'server-invites': Flags.boolean({summary: 'Use server invitations (XEP-0401) when offered; --no-server-invites gives plain links.', default: true, allowNo: true}),
    terminal: Flags.boolean({summary: 'Also show each QR code in the terminal.'}),
    'show-links': Flags.boolean({summary: 'Print the links (they hold secret tokens) on the console and in --json.'}),
  }

  async run(): Promise<InvitationKit> {
    const {argv} = await this.parse(Invite)
    const flags = this.flags
    // The global --lang also keeps its old meaning here: the language of the kit for contacts
    // without their own (else the workspace's default language).
    const lang = languageOf(flags.lang)
    const progress = new Progress(t('ui.progress.inviting'), {enabled: !this.jsonEnabled(), unit: t('ui.progress.contacts')})
    const kit = await inviteContacts(this.workspace, {
      onProgress: (done, total) => progress.update(done, total),
      out: flags.out ?? this.workspace.path('invitations'),
      selectors: argv.map(String),
      ...(lang === 'fr' || lang === 'en' ? {lang} : {}),
      ...(flags['landing-base'] !== undefined ? {landingBase: flags['landing-base']} : {}),
      serverInvites: flags['server-invites'],
      landing: flags.landing,
      connection: flags,
    }).catch((error: unknown) => {
      progress.stop()
      throw error
    })
    progress.update(kit.contacts.length, kit.contacts.length)
    progress.stop()
    const show = flags['show-links']
    const visible: InvitationKit = show
      ? kit
      : {...kit, contacts: kit.contacts.map((c) => ({...c, uri: hideToken(c.uri, c.uri), webUrl: c.webUrl === null ? null : hideToken(c.webUrl, c.uri)}))}
    for (const w of kit.warnings) this.note(t('cli.warning', {message: w.message}))
    if (!this.jsonEnabled()) {
      for (const c of visible.contacts) {
        this.log(t('commands.invite.line', {name: c.name, details: invitationDetails(c).join(', '), page: c.files.page}))
        if (show) this.log(`    ${primaryLink(c)}`)
        if (flags.terminal) {
          const original = kit.contacts.find((k) => k.contactId === c.contactId)
          // Written as is, not through this.log, whose terminalSafe would show the colour codes
          // as ␛ pictures; colours only on a terminal, never with NO_COLOR (issue 16).
          if (original) {
            const qr = await qrTerminal(primaryLink(original), {colour: colourWanted(process.stdout)})
            process.stdout.write(qr.endsWith('\n') ? qr : `${qr}\n`)
          }
        }
      }
      this.log(t('commands.invite.written', {folder: kit.out}))
    }
    return visible
  }
}

/** What happens for one person, in the console's language: the way in, the suggested name, the expiry, the contact request. */
function invitationDetails(c: ContactInvitation): string[] {
  const details = [t('commands.invite.wayIn', {way: c.wayIn.replace(/-/g, '_'), hasUsername: c.suggestedUsername ? 'yes' : 'no', username: c.suggestedUsername ?? ''})]
  if (c.expires) details.push(t('commands.invite.expires', {when: formatZonedDateTime(consoleLanguage(), new Date(c.expires))}))
  if (c.roster === 'added') details.push(t('commands.invite.rosterAdded'))
  else if (c.roster === 'already') details.push(t('commands.invite.rosterAlready'))
  else if (c.roster) details.push(t('commands.invite.rosterFailed', {detail: c.roster.replace(/^failed:\s*/, '')}))
  return details
}
