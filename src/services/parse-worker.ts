/**
 * Worker-thread entry of ParseWorkerFeed (src/services/ParseWorkerFeed.ts): opens the WhatsApp
 * export again, parses it and computes the dedupe keys on the second core while the main thread
 * writes to the store. Posts, in order: `opened`, then per chat its `batch`es and a `chat-end`,
 * or one `error`. Never touches the store.
 */
import {parentPort, workerData} from 'node:worker_threads'

import {XmError} from '../errors/index.js'
import {setConsoleLanguage} from '../i18n/index.js'
import {openWhatsAppExport} from '../importers/whatsapp/index.js'
// MessageKeyer alone: the store's index would load better-sqlite3 into this thread for nothing.
import {MessageKeyer} from '../store/MessageKeyer.js'
import {keyOfMessage} from '../store/import-export.js'
import type {Message} from '../model/types.js'
import type {ParseWorkerData, ParseWorkerReply} from './ParseWorkerFeed.js'

const data = workerData as ParseWorkerData
setConsoleLanguage(data.lang)
const port = parentPort
// i18n-ignore: a developer's misuse
if (port === null) throw new Error('parse-worker.ts runs only as a worker thread.')
// This thread's own module state: the issues (and errors) it writes follow the command's language.
setConsoleLanguage(data.lang)
/** Batches consumed by the main thread (slot 0), to stay at most `maxAhead` batches ahead. */
const consumed = new Int32Array(data.consumed)

function post(reply: ParseWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer)
}

/** Blocks this thread (not the main one) while the main thread has `maxAhead` batches queued. */
function waitForRoom(sent: number): void {
  for (;;) {
    const done = Atomics.load(consumed, 0)
    if (sent - done < data.maxAhead) return
    Atomics.wait(consumed, 0, done, 200)
  }
}

async function run(): Promise<void> {
  // WhatsApp only (what openExport picks once no Signal input is detected): a Signal input given
  // first fails here at once instead of being read twice, and the main thread then uses no feed.
  const opened = await openWhatsAppExport(data.path, data.options)
  post({type: 'opened', chats: opened.chats.map((c) => ({sourceId: c.info.sourceId, messageCount: c.messageCount ?? null}))})
  let sent = 0
  for (const [chat, source] of opened.chats.entries()) {
    const keyer = new MessageKeyer()
    let messages: Message[] = []
    let keys: Buffer[] = []
    const send = (): void => {
      // Messages as one JSON string and keys packed into one transferred buffer: copying a string
      // and parsing it costs the main thread less than structured-cloning thousands of objects.
      const ends = new Uint32Array(keys.length)
      let length = 0
      for (const [i, key] of keys.entries()) ends[i] = length += key.length
      const bytes = new Uint8Array(length)
      let offset = 0
      for (const key of keys) {
        bytes.set(key, offset)
        offset += key.length
      }
      waitForRoom(sent)
      post({type: 'batch', chat, messages: JSON.stringify(messages), keyBytes: bytes, keyEnds: ends}, [bytes.buffer, ends.buffer])
      sent++
      messages = []
      keys = []
    }
    for await (const message of source.messages()) {
      messages.push(message)
      keys.push(keyer.keyOf(message) ?? (await keyOfMessage(keyer, message, source)))
      if (messages.length >= data.batchSize) send()
    }
    if (messages.length > 0) send()
    // Issues are complete for this chat once its stream ended (importers fill them meanwhile).
    post({type: 'chat-end', chat, participants: source.info.participants, issues: opened.issues})
  }
}

run().catch((error: unknown) => {
  post({
    type: 'error',
    error:
      error instanceof XmError
        ? {code: error.code, message: error.message, suggestions: error.suggestions}
        : {message: error instanceof Error ? (error.stack ?? error.message) : String(error)},
  })
})
