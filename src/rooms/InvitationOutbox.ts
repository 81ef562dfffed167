import type {RoomStep} from '../store/RoomRepository.js'

/** One invitation to send: its writes, and the step to record once the server has it. */
export interface OutboxJob {
  /** Writes the stanzas (resolves when written to the connection). */
  write: () => Promise<void>
  /** The step recorded once the server confirmed it read them. */
  step: {chatId: number; step: RoomStep; target: string}
}

/**
 * Sends the invitations of a run in batches: the jobs queued while a batch is in flight form the
 * next batch; a batch is written, confirmed by one round trip (`confirm`: a ping, answered only
 * after the server has read everything sent before on the stream, RFC 6120 §10.1), then its
 * steps are committed together (`commit`, one transaction), and only then resolved.
 *
 * Invitations are the one step that is not idempotent (a message sent twice arrives twice).
 * "Written" is not "received": a crashed client's connection is reset and the server drops what
 * it had not read yet, so steps are recorded only after the confirmation. The commit follows the
 * confirmation synchronously, so a crash can fall between the two only within that instant; an
 * interruption anywhere else resends nothing and loses nothing. One round trip per batch rather
 * than per invitation keeps a family-sized run well under its time target.
 */
export class InvitationOutbox {
  readonly #confirm: () => Promise<void>
  readonly #commit: (steps: OutboxJob['step'][]) => void
  #queue: {job: OutboxJob; resolve: () => void; reject: (error: unknown) => void}[] = []
  #running = false

  constructor(confirm: () => Promise<void>, commit: (steps: OutboxJob['step'][]) => void) {
    this.#confirm = confirm
    this.#commit = commit
  }

  /** Queues one invitation; resolves once its step is recorded, rejects if it failed. */
  send(job: OutboxJob): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#queue.push({job, resolve, reject}))
    if (!this.#running) void this.#drain()
    return done
  }

  async #drain(): Promise<void> {
    this.#running = true
    try {
      while (this.#queue.length > 0) {
        // Let the rooms that are about to queue their invitations do so (same tick).
        await Promise.resolve()
        const batch = this.#queue.splice(0)
        try {
          await Promise.all(batch.map((b) => b.job.write()))
          await this.#confirm()
          this.#commit(batch.map((b) => b.job.step))
        } catch (error) {
          for (const b of batch) b.reject(error)
          continue
        }
        for (const b of batch) b.resolve()
      }
    } finally {
      this.#running = false
    }
  }
}
