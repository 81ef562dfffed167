import type {Writable} from 'node:stream'

import type {OpenedExport} from '../model/importer.js'

/**
 * Streams the `parse --json` document without holding every message in memory:
 * `{ "source", "chats": [ { "title", "kind", "participants": [{name, phone}], "messages": [
 * { "date", "author", "text", "attachment", "system", "kind" } ] } ], "issues": [...] }`.
 * `attachment` is the exported file name (or null), as the issue fixes it.
 */
export async function writeJsonParseOutput(out: Writable, opened: OpenedExport): Promise<void> {
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }

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
      if (buffer.length > 1 << 16) {
        await write(buffer)
        buffer = ''
      }
    }
    await write(`${buffer}\n    ]}`)
  }
  // Issues are complete only once every chat has been streamed.
  await write(`\n  ],\n  "issues": ${JSON.stringify(opened.issues)}\n}\n`)
}
