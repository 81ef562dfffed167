import type {Message} from '../../model/types.js'
import {messageFromChatItem, type DatedMessage} from './chat-items.js'
import type {FrameDirectory} from './FrameDirectory.js'
import type {FrameSource} from './open-frames.js'

/**
 * Serves each chat's messages from a frame stream that interleaves all chats (fact sheet §2.1:
 * items come in global receive order). Reading the whole stream once per chat would decrypt a
 * backup as many times as it has chats; holding every chat would hold the whole history. So
 * chats are grouped into batches whose estimated size stays under a budget: one pass over the
 * stream collects a whole batch, the asked chat is served, and the batch's other chats wait in
 * memory for their turn (each is dropped once served, and the cache is emptied before the next
 * batch is read). Memory is bounded by the budget, not by the size of the backup.
 */
export class ChatBatchReader {
  private readonly batchOf = new Map<string, ReadonlySet<string>>()
  private readonly cached = new Map<string, DatedMessage[]>()

  /**
   * @param batches chat ids grouped in the order chats are likely read (see {@link planBatches}).
   */
  constructor(
    private readonly source: FrameSource,
    private readonly directory: FrameDirectory,
    batches: string[][],
  ) {
    for (const batch of batches) {
      const set = new Set(batch)
      for (const chatId of batch) this.batchOf.set(chatId, set)
    }
  }

  /** The chat's messages in the order they were first sent (ties: receive order). */
  async *messages(chatId: string): AsyncGenerator<Message> {
    let dated = this.cached.get(chatId)
    if (dated) {
      this.cached.delete(chatId)
    } else {
      const batch = this.batchOf.get(chatId) ?? new Set([chatId])
      this.cached.clear()
      const collected = await this.readBatch(batch)
      dated = collected.get(chatId) ?? []
      for (const [id, messages] of collected) if (id !== chatId) this.cached.set(id, messages)
    }
    // Stable sort: items sent in the same millisecond keep their receive order.
    dated.sort((a, b) => a.firstSent - b.firstSent)
    for (const {message} of dated) yield message
  }

  /** One pass over the source collecting the messages of the batch's chats. */
  private async readBatch(batch: ReadonlySet<string>): Promise<Map<string, DatedMessage[]>> {
    const collected = new Map<string, DatedMessage[]>([...batch].map((id) => [id, []]))
    for await (const frame of this.source.frames({onlyChatIds: batch})) {
      const chatId = frame.chatItem?.chatId
      if (chatId === undefined || !frame.chatItem) continue
      const list = collected.get(chatId)
      if (!list) continue
      const dated = messageFromChatItem(frame.chatItem, this.directory)
      if (dated) list.push(dated)
    }
    return collected
  }
}

/**
 * Groups chats (in the given order) into batches whose estimated in-memory size stays under
 * `budgetBytes`; a chat larger than the budget is a batch of its own.
 */
export function planBatches(chats: Array<{id: string; estimatedBytes: number}>, budgetBytes: number): string[][] {
  const batches: string[][] = []
  let current: string[] = []
  let size = 0
  for (const chat of chats) {
    if (current.length > 0 && size + chat.estimatedBytes > budgetBytes) {
      batches.push(current)
      current = []
      size = 0
    }
    current.push(chat.id)
    size += chat.estimatedBytes
  }
  if (current.length > 0) batches.push(current)
  return batches
}
