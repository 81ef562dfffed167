import {allowManyBookmarks, bookmarksInSync, publishBookmark, publishLegacyBookmark, type Bookmark} from '../xmpp/bookmarks.js'
import type {XmppSession} from '../xmpp/XmppSession.js'

/**
 * Publishes the bookmarks of one run: the first publish goes alone, the others wait for it.
 * ejabberd refuses the `max_items` publish-option and then keeps one item per node (research
 * §7): if the first publish needed a fallback, the node is reconfigured (`max_items=max`)
 * before any other bookmark is published, so rooms published in parallel never replace each
 * other.
 */
export class BookmarkGate {
  readonly #session: XmppSession
  #first: Promise<0 | 1 | 2> | null = null
  #inSync: Promise<boolean> | null = null
  #legacy: Promise<void> = Promise.resolve()

  constructor(session: XmppSession) {
    this.#session = session
  }

  /**
   * Publishes one bookmark: XEP-0402, and the legacy XEP-0048 one too when the server does not
   * keep the two in step (no `#compat`, e.g. ejabberd 23.01), so the room appears in every app.
   */
  async publish(bookmark: Bookmark): Promise<void> {
    await this.#publish2(bookmark)
    this.#inSync ??= bookmarksInSync(this.#session)
    if (await this.#inSync) return
    // Read-modify-write of one stored document: one at a time.
    const next = this.#legacy.catch(() => {}).then(() => publishLegacyBookmark(this.#session, bookmark))
    this.#legacy = next
    await next
  }

  /** Publishes one XEP-0402 bookmark (item id = room JID: publishing again replaces, never duplicates). */
  async #publish2(bookmark: Bookmark): Promise<void> {
    if (this.#first === null) {
      const first = (async () => {
        const level = await publishBookmark(this.#session, bookmark)
        if (level > 0) await allowManyBookmarks(this.#session)
        return level
      })()
      this.#first = first
      try {
        await first
      } catch (error) {
        // Let the next room try from scratch rather than inherit this room's failure.
        this.#first = null
        throw error
      }
      return
    }
    const pending = this.#first
    let level: 0 | 1 | 2
    try {
      level = await pending
    } catch {
      if (this.#first === pending) this.#first = null
      return this.#publish2(bookmark)
    }
    await publishBookmark(this.#session, bookmark, level)
  }
}
