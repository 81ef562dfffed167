import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {uploadHistory, type UploadResult} from '../../history/upload-service.js'
import {connectionFlags} from '../../xmpp/connection-flags.js'

/** `xmpp-migrate history upload`: a chat's archive, shared in its room. */
export default class HistoryUpload extends BaseCommand<typeof HistoryUpload> {
  // Changes the workspace or the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = "Put a chat's history in its room: the browsable archive (zip) is uploaded to your server and its link posted in the room."
  static override description = 'Running it again posts nothing new unless the chat changed (a new import). Your server may delete uploaded files after some days (Prosody: 7 by default): members should save the file.'
  static override examples = ['<%= config.bin %> history upload --chat 1', '<%= config.bin %> history upload --chat 1 --room famille@conference.example.org --lang fr']

  static override flags = {
    ...connectionFlags,
    chat: Flags.integer({summary: 'The chat (its id in `xmpp-migrate chats`).', required: true}),
    room: Flags.string({summary: 'Post in this room (default: the room `rooms create` made for the chat).'}),
    lang: Flags.string({summary: 'Language of the posted message (default: the members\' language).', options: ['fr', 'en']}),
    'allow-http-upload': Flags.boolean({summary: 'Accept a plain http:// upload address from the server (refused by default, except on this machine): the archive would travel unencrypted.'}),
  }

  async run(): Promise<UploadResult> {
    const {flags} = await this.parse(HistoryUpload)
    const result = await uploadHistory(this.workspace, {
      chatId: flags.chat,
      ...(flags.room ? {room: flags.room} : {}),
      ...(flags.lang ? {language: flags.lang as 'fr' | 'en'} : {}),
      connection: flags,
      allowHttpUpload: flags['allow-http-upload'],
    })
    if (!result.uploaded && !result.posted) this.log(`Already done: the archive of chat ${result.chatId} is in ${result.room} (${result.url}).`)
    else this.log(`${result.uploaded ? 'Uploaded' : 'Reused'} ${result.fileName} (${(result.size / 1e6).toFixed(1)} MB) and posted its link in ${result.room}.`)
    return result
  }
}
