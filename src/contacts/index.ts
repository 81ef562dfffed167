/**
 * The contact book (issue 4): who is who across the imported chats, and their XMPP addresses.
 * Rooms (issue 5) and invitations (issue 6) build on these four functions.
 */
import type {Lang} from '../i18n/index.js'
import {saveLanguage, storedLanguage, storedRegion} from '../settings/index.js'
import {ContactRepository, type Store} from '../store/index.js'
import type {Workspace} from '../workspace.js'
import type {CardSuggestion} from './apply.js'
import {listWith, meWith, membersWith, refreshWith} from './book.js'
import {suggestSharedCards} from './service.js'
import {parseLanguage} from './language.js'
import type {ChatMember, ContactRow, ContactTone, RefreshSummary} from './types.js'

export type {ApplyResult, CardSuggestion, RowError} from './apply.js'

export type * from './types.js'

/** Runs `work` on a contact repository of the store, closing it afterwards. */
function withRepository<T>(store: Store, work: (repo: ContactRepository) => T): T {
  const repo = ContactRepository.open(store)
  try {
    return work(repo)
  } finally {
    repo.close()
  }
}

/**
 * Re-derives the contact book from every imported chat (idempotent, keeps manual edits).
 * Call it after an import has committed (not while an import transaction is open on the store).
 * Phone numbers without a country code are read with the workspace's region (setting), if any.
 * Fails with the store's UserErrors (STORE_BUSY, STORE_DISK_FULL, …).
 */
export function refreshContacts(store: Store): RefreshSummary {
  return withRepository(store, (repo) => refreshWith(repo))
}

/**
 * Members of one imported chat, as contacts (me included, flagged). Derives the contact book
 * first if the chat has participants not linked yet. Empty for an unknown chat id.
 */
export function chatMembers(store: Store, chatId: number): ChatMember[] {
  return withRepository(store, (repo) => membersWith(repo, chatId))
}

/** The contact of the person themself, or null when not decided (set, or detected for sure). */
export function getMe(store: Store): ContactRow | null {
  return withRepository(store, (repo) => meWith(repo))
}

/** Every contact, by id, with aliases, chats and status (does not re-derive: see refreshContacts). */
export function listContacts(store: Store): ContactRow[] {
  return withRepository(store, (repo) => listWith(repo))
}

/**
 * Re-derives the book, then lists the contact cards (.vcf) shared in the imported chats (stored in
 * the workspace's media folder by the import) as suggestions: nothing from them is applied
 * (issue 14: anyone in a chat can share a card giving someone else an address). The organizer
 * applies them with `contacts import --from-chats` or `contacts set`. For the import/migrate
 * flow, after an import has committed.
 */
export function sharedCardSuggestions(store: Store, workspace: Workspace): CardSuggestion[] {
  return withRepository(store, (repo) => {
    refreshWith(repo)
    return suggestSharedCards(repo, workspace, storedRegion(repo))
  })
}

/** The workspace language (`contacts --default-language`), for contacts without their own; null when never set. */
export function getWorkspaceLanguage(store: Store): 'fr' | 'en' | null {
  return withRepository(store, (repo) => storedLanguage(repo))
}

/**
 * Makes `lang` the workspace language (texts to contacts without their own) when none was set
 * yet: the guided flow run in French leaves French for the relatives' invitations, kit pages and
 * history posts, unless the organizer chose otherwise (`contacts --default-language`). Returns
 * true when it stored it. English, the fallback of every run, is not stored: it would pin the
 * console of later runs started in another locale. Fails with the store's UserErrors.
 */
export function rememberWorkspaceLanguage(store: Store, lang: Lang): boolean {
  const language = parseLanguage(lang)
  if (language === null || language === undefined || language === 'en') return false
  return withRepository(store, (repo) =>
    repo.transaction(() => {
      if (storedLanguage(repo) !== null) return false
      saveLanguage(repo, language)
      return true
    }),
  )
}

/**
 * Sets how French texts address these contacts (`tu`/`vous`), in one transaction; a contact
 * whose tone was already set is left as it is unless `overwrite`. Returns how many changed.
 */
export function setContactTones(store: Store, contactIds: readonly number[], tone: ContactTone, options: {overwrite?: boolean} = {}): number {
  return withRepository(store, (repo) =>
    repo.transaction(() => {
      let changed = 0
      for (const id of contactIds) {
        const contact = repo.contact(id)
        if (contact === undefined || contact.tone === tone || (contact.tone !== null && options.overwrite !== true)) continue
        repo.updateContact(id, {tone})
        changed++
      }
      return changed
    }),
  )
}
