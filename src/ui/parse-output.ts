import type {Writable} from 'node:stream'

import type {OpenedExport} from '../model/importer.js'
import type {Message} from '../model/types.js'
import {t} from '../i18n/index.js'
import {terminalSafe} from './terminal-text.js'

/**
 * Characters gathered before one write. Kept under 32,000 on purpose (issue 17): a string of
 * more than ~32K two-byte characters is allocated by V8 in its large-object space, and so is the
 * Buffer `write` makes of it; at 64 Ki characters every flush mapped and unmapped memory
 * (6,071 munmap, 122,916 page faults for 1M messages) and `parse --json` took 7.7 s instead of
 * 4.5 s. Text is appended to the pending chunk until it passes this size, so one write stays
 * below FLUSH_CHARS plus one message.
 */
export const FLUSH_CHARS = 24_000

/** Writes `text`, waiting for `drain` when the stream's buffer is full (a slow reader). */
function writerOf(out: Writable): (text: string) => Promise<void> {
  return async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
}

/**
 * Streams the `parse --json` document without holding every message in memory:
 * `{ "source", "chats": [ { "title", "kind", "participants": [{name, phone}], "messages": [
 * { "date", "author", "text", "attachment", "system", "kind" } ] } ], "issues": [...] }`.
 * `attachment` is the exported file name (or null), as the issue fixes it.
 */
export async function writeJsonParseOutput(out: Writable, opened: OpenedExport): Promise<void> {
  const write = writerOf(out)

  await write(`{\n  "source": ${JSON.stringify(opened.source)},\n  "chats": [`)
  let firstChat = true
  for (const chat of opened.chats) {
    const {title, kind, participants, sourceId} = chat.info
    const head = {
      title,
      kind,
      sourceId,
      participants: participants.map((p) => ({name: p.name, phone: p.phone})),
    }
    const headJson = JSON.stringify(head)
    await write(`${firstChat ? '' : ','}\n    ${headJson.slice(0, -1)},"messages":[`)
    firstChat = false
    let buffer = ''
    let firstMessage = true
    for await (const m of chat.messages()) {
      buffer += `${firstMessage ? '' : ','}\n      ${JSON.stringify({
        date: m.date,
        author: m.author,
        text: m.text,
        attachment: m.attachment ? m.attachment.name : null,
        system: m.system,
        kind: m.kind,
      })}`
      firstMessage = false
      if (buffer.length >= FLUSH_CHARS) {
        await write(buffer)
        buffer = ''
      }
    }
    await write(`${buffer}\n    ]}`)
  }
  // Issues are complete only once every chat has been streamed.
  await write(`\n  ],\n  "issues": ${JSON.stringify(opened.issues)}\n}\n`)
}

/**
 * Prints the export for a person, in the console's language: per chat a `# title (kind, N participants)` line, one line per
 * message (continuation lines indented), and `# N messages`. Text from the export goes through
 * terminalSafe. Lines are gathered into chunks of about FLUSH_CHARS characters, one write each:
 * a write (or an oclif `log`) per line cost more than the parsing (issue 17: 10.7 s for 1M lines).
 * The output is the same as one `console.log` per line.
 */
export async function writeTextParseOutput(out: Writable, opened: OpenedExport): Promise<void> {
  const write = writerOf(out)
  for (const chat of opened.chats) {
    let buffer = `${terminalSafe(`# ${t('commands.parse.chat', {title: chat.info.title, kind: chat.info.kind, participants: chat.info.participants.length})}`)}\n`
    let count = 0
    for await (const message of chat.messages()) {
      buffer += `${terminalSafe(formatMessageLine(message))}\n`
      count++
      if (buffer.length >= FLUSH_CHARS) {
        await write(buffer)
        buffer = ''
      }
    }
    await write(`${buffer}# ${t('commands.parse.messages', {count})}\n`)
  }
}

/** One line of human output per message; continuation lines indented. */
export function formatMessageLine(message: Message): string {
  // A Telegram message from a deleted account has no author (`from: null`).
  const who = message.system ? '*' : `${message.author ?? '?'}:`
  return `${message.date.replace('T', ' ')} ${who} ${message.text.replaceAll('\n', '\n    ')}`
}
