/**
 * Sends invitations one at a time across all rooms of a run: each job writes its stanzas,
 * waits until the server confirmed it read them, and records the step, before the next job
 * starts.
 *
 * Invitations are the one step that is not idempotent (a message sent twice arrives twice), so
 * the time between "received by the server" and "recorded" is kept as short and as alone as
 * possible: at any moment at most one invitation is in that state. A crash (SIGKILL, power
 * loss) can therefore resend at most that one invitation on the rerun; an interruption between
 * jobs resends none. One round trip per invitation, on one connection: cheap next to the rest,
 * and affiliations and the other steps stay parallel.
 */
export class InvitationOutbox {
  #tail: Promise<void> = Promise.resolve()

  /** Runs `job` after every job queued before it; resolves or rejects with it. */
  send(job: () => Promise<void>): Promise<void> {
    const run = this.#tail.then(job)
    // The queue goes on after a failed job; the failure is the caller's.
    this.#tail = run.catch(() => {})
    return run
  }
}
