import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {t} from '../../i18n/index.js'
import {shareHistory, type ShareResult} from '../../history/share-service.js'
import {connectionFlags} from '../../ui/connection-flags.js'

/** `xmpp-migrate history upload`: a chat's history as PDF documents, in its room or sent to the person. */
export default class HistoryUpload extends BaseCommand<typeof HistoryUpload> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = "Put a chat's history where people look: PDF documents (with the photos) uploaded to your server, posted in the group's room or sent to the other person of a one-to-one chat."
  static override description =
    'The documents open in one tap in XMPP apps and phone browsers; a big chat is cut into several. The announcement is in the reader\'s language. Running it again sends nothing new unless the chat changed (a new import). Your server may delete uploaded files after some days (Prosody: 7 by default): people should save the documents.'
  static override examples = [
    '<%= config.bin %> history upload --chat 1',
    '<%= config.bin %> history upload --chat 2',
    '<%= config.bin %> history upload --chat 1 --to famille@conference.example.org --lang fr',
  ]

  static override flags = {
    ...connectionFlags,
    chat: Flags.integer({summary: 'The chat (its id in `xmpp-migrate chats`).', required: true}),
    to: Flags.string({summary: 'Send to this room (group) or person (one-to-one); default: the room `rooms create` made, or the other person\'s address.', aliases: ['room']}),
    lang: Flags.string({summary: "Language of the documents and messages (default: the members' or the person's).", options: ['fr', 'en']}),
    'max-messages': Flags.integer({summary: 'Most messages per document (default 3000).', min: 50}),
    timezone: Flags.string({summary: 'Time zone to show Signal dates in, e.g. Europe/Paris (default: the system zone).'}),
    'allow-http-upload': Flags.boolean({summary: 'Accept a plain http:// upload address from the server (refused by default, except on this machine): the documents would travel unencrypted.'}),
  }

  async run(): Promise<ShareResult> {
    const {flags} = await this.parse(HistoryUpload)
    const result = await shareHistory(this.workspace, {
      chatId: flags.chat,
      ...(flags.to ? {to: flags.to} : {}),
      ...(flags.lang ? {language: flags.lang as 'fr' | 'en'} : {}),
      ...(flags['max-messages'] ? {maxPartMessages: flags['max-messages']} : {}),
      ...(flags.timezone ? {timeZone: flags.timezone} : {}),
      connection: flags,
      allowHttpUpload: flags['allow-http-upload'],
      onProgress: (e) => {
        if (e.step !== 'render') this.note(t('commands.historyUpload.progress', {step: e.step, document: e.document, documents: e.documents}))
      },
    })
    const values = {id: result.chatId, kind: result.kind, to: result.to, documents: result.documents.length, messages: result.messages, megabytes: result.documents.reduce((sum, d) => sum + d.size, 0) / 1e6}
    this.log(t(result.alreadyDone ? 'commands.historyUpload.alreadyDone' : 'commands.historyUpload.sent', values))
    return result
  }
}
