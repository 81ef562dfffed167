import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {openExport} from '../importers/open-export.js'
import type {Message} from '../model/types.js'
import {writeJsonParseOutput} from '../ui/parse-output.js'

/** `xmpp-migrate parse <file>`: reads an export and prints the normalized chats; stores nothing. */
export default class Parse extends BaseCommand<typeof Parse> {
  static override summary = 'Read a chat export and print what xmpp-migrate understands of it, without storing anything.'
  static override description =
    'Accepts a WhatsApp "Export chat" file (.txt, or the .zip with media, or an unzipped folder). With --json, prints {source, chats: [{title, kind, participants, messages}]} on stdout.'

  static override examples = [
    '<%= config.bin %> parse "WhatsApp Chat with Maman.txt"',
    '<%= config.bin %> parse "WhatsApp Chat - Famille.zip" --json > famille.json',
  ]

  static override args = {
    file: Args.string({description: 'The export: a .txt, a .zip or a folder.', required: true}),
  }

  static override flags = {
    'date-order': Flags.string({
      summary: 'Order of day and month in the export\'s dates, when it cannot be inferred.',
      options: ['dmy', 'mdy', 'ymd'],
    }),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(Parse)
    const opened = await openExport(args.file, {dateOrder: this.flags['date-order'] as 'dmy' | 'mdy' | 'ymd' | undefined})
    if (this.jsonEnabled()) {
      await writeJsonParseOutput(process.stdout, opened)
      return
    }

    for (const chat of opened.chats) {
      this.log(`# ${chat.info.title} (${chat.info.kind}, ${chat.info.participants.length} participants)`)
      let count = 0
      for await (const message of chat.messages()) {
        this.log(formatMessageLine(message))
        count++
      }
      this.log(`# ${count} messages`)
    }
    for (const issue of opened.issues) this.note(`warning: ${issue.message}`)
  }
}

/** One line of human output per message; continuation lines indented. */
function formatMessageLine(message: Message): string {
  const who = message.system ? '*' : `${message.author}:`
  return `${message.date.replace('T', ' ')} ${who} ${message.text.replaceAll('\n', '\n    ')}`
}
