/**
 * What the guided flow records about its own steps, in the store's `settings` table (so that a
 * rerun, and `status`, know it from the store, as everything else): contacts the person chose
 * to leave without an address, where the history archive and the invitation kit were written.
 * Rooms, contacts, imports and the account are known from their own tables and files.
 */
import {ContactRepository, type Store} from '../store/index.js'

/** Keys of the flow's records (prefixed, to stay apart from the other settings). */
const KEY = {
  skipped: 'migrate.contacts.skipped',
  history: 'migrate.history.dir',
  kit: 'migrate.kit.dir',
  shared: 'migrate.history.shared',
  addresses: 'migrate.addresses.problems',
} as const

/**
 * A contact address the flow found doubtful (issue 16): `misspelled` (close to a domain known to
 * work: `suggestion` is the address with it), `not-found` (no XMPP server answers for its domain).
 */
export interface AddressProblem {
  /** The contact. */
  contactId: number
  /** The address as it was when checked (a problem no longer applies once the address changed). */
  jid: string
  /** What is wrong. */
  problem: 'misspelled' | 'not-found'
  /** The likely address, or null. */
  suggestion: string | null
}

/** The flow's records. */
export interface MigrateRecords {
  /** Contact ids the person chose to leave without an address (not asked again). */
  skippedContacts: number[]
  /** Where the history archive was written (absolute), or null. */
  historyDir: string | null
  /** Where the invitation kit was written (absolute), or null. */
  kitDir: string | null
  /** When the history was first shared in the rooms and to the people (ISO 8601), or null. */
  historySharedAt: string | null
  /** Doubtful addresses found by the last check. */
  addressProblems: AddressProblem[]
}

function withRepo<T>(store: Store, work: (repo: ContactRepository) => T): T {
  const repo = ContactRepository.open(store)
  try {
    return work(repo)
  } finally {
    repo.close()
  }
}

/** Reads the flow's records (empty ones for a store that has none). */
export function readRecords(store: Store): MigrateRecords {
  return withRepo(store, (repo) => {
    const skipped = repo.setting(KEY.skipped)
    let ids: number[] = []
    try {
      const parsed: unknown = skipped === undefined ? [] : JSON.parse(skipped)
      if (Array.isArray(parsed)) ids = parsed.filter((n): n is number => Number.isInteger(n))
    } catch {
      // A damaged record only means the person is asked again.
      ids = []
    }
    let problems: AddressProblem[] = []
    try {
      const parsed: unknown = JSON.parse(repo.setting(KEY.addresses) ?? '[]')
      if (Array.isArray(parsed)) problems = parsed.filter((p): p is AddressProblem => typeof p === 'object' && p !== null && Number.isInteger((p as AddressProblem).contactId) && typeof (p as AddressProblem).jid === 'string')
    } catch {
      // A damaged record only means the addresses are checked again on the next run.
      problems = []
    }
    return {skippedContacts: ids, historyDir: repo.setting(KEY.history) ?? null, kitDir: repo.setting(KEY.kit) ?? null, historySharedAt: repo.setting(KEY.shared) ?? null, addressProblems: problems}
  })
}

/** Adds contact ids to the skipped ones (one committed transaction). */
export function recordSkippedContacts(store: Store, ids: number[]): void {
  if (ids.length === 0) return
  withRepo(store, (repo) =>
    repo.transaction(() => {
      const before = repo.setting(KEY.skipped)
      let known: number[] = []
      try {
        const parsed: unknown = before === undefined ? [] : JSON.parse(before)
        if (Array.isArray(parsed)) known = parsed.filter((n): n is number => Number.isInteger(n))
      } catch {
        known = []
      }
      const all = [...new Set([...known, ...ids])].sort((a, b) => a - b)
      repo.setSetting(KEY.skipped, JSON.stringify(all))
    }),
  )
}

/** Records where the history archive was written. */
export function recordHistoryDir(store: Store, dir: string): void {
  withRepo(store, (repo) => repo.transaction(() => repo.setSetting(KEY.history, dir)))
}

/** Records where the invitation kit was written. */
export function recordKitDir(store: Store, dir: string): void {
  withRepo(store, (repo) => repo.transaction(() => repo.setSetting(KEY.kit, dir)))
}

/** Records that the history was shared (the step shares again on reruns: only what is missing goes). */
export function recordHistoryShared(store: Store, at: Date = new Date()): void {
  withRepo(store, (repo) => repo.transaction(() => {
    if (repo.setting(KEY.shared) === undefined) repo.setSetting(KEY.shared, at.toISOString())
  }))
}

/** Replaces the doubtful addresses with those of the last check (an empty list clears them). */
export function recordAddressProblems(store: Store, problems: AddressProblem[]): void {
  withRepo(store, (repo) => repo.transaction(() => repo.setSetting(KEY.addresses, JSON.stringify(problems))))
}
