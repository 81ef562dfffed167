/**
 * Part of 4. Contacts (issue 13): the workspace's language, and "tu" or "vous" asked once per
 * group. Called at the end of the contacts step (src/migrate/steps/contacts.ts), once everyone
 * has an address, an invitation, or nothing.
 *
 * - The flow's language becomes the workspace language when none was set, so what relatives
 *   without a language of their own receive (room invitations, kit pages, history posts) is
 *   written in the language the organizer ran the flow in.
 * - For each group whose members will receive French texts and whose tone was never said, one
 *   question: "In « Famille Dupont », do you say tu or vous?". The answer is stored on those
 *   members only (a tone already set, by `contacts set --tone` or an earlier group, is kept),
 *   so a rerun asks nothing more. Without a terminal (`--yes`) and in a dry run nothing is asked
 *   or stored: French texts then say "tu", the default for families and friends.
 */
import {getMe, getWorkspaceLanguage, listContacts, rememberWorkspaceLanguage, setContactTones, type ContactRow, type ContactTone} from '../../contacts/index.js'
import {personLanguage} from '../../contacts/language.js'
import {formatList, tr} from '../../i18n/index.js'
import type {Flow} from '../flow.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'

/** One group whose French-speaking members have no tone yet. */
export interface ToneQuestion {
  /** The chat's id. */
  chatId: number
  /** The group's title. */
  title: string
  /** Members who will receive French texts and whose tone was never said. */
  members: ContactRow[]
}

/**
 * The groups to ask about, in chat order: members other than me who will receive something (an
 * address or an invitation), whose texts are in French (their language, else the workspace's,
 * else the flow's) and whose tone is not set. A member of two groups is asked about in the first.
 */
export function toneQuestions(contacts: readonly ContactRow[], meId: number | null, workspaceLang: string | null, flowLang: string): ToneQuestion[] {
  const groups = new Map<number, ToneQuestion>()
  const asked = new Set<number>()
  const french = contacts.filter((c) => !c.isMe && c.id !== meId && c.tone === null && (c.jid !== null || c.invite) && personLanguage(c.language, workspaceLang, flowLang) === 'fr')
  const chats = [...new Map(french.flatMap((c) => c.chats.filter((ch) => ch.kind === 'group').map((ch) => [ch.id, ch] as const))).values()].sort((a, b) => a.id - b.id)
  for (const chat of chats) {
    const members = french.filter((c) => !asked.has(c.id) && c.chats.some((ch) => ch.id === chat.id))
    if (members.length === 0) continue
    for (const m of members) asked.add(m.id)
    groups.set(chat.id, {chatId: chat.id, title: chat.title, members})
  }
  return [...groups.values()]
}

/** Stores the workspace language if unset, then asks "tu" or "vous" once per group (see the module comment). */
export async function askTones(flow: Flow): Promise<void> {
  const lang = flow.request.lang
  if (flow.request.dryRun) return
  rememberWorkspaceLanguage(flow.store, lang)
  if (flow.request.asker instanceof NonInteractiveAsker) return
  const meId = getMe(flow.store)?.id ?? null
  for (const question of toneQuestions(listContacts(flow.store), meId, getWorkspaceLanguage(flow.store), lang)) {
    const names = formatList(lang, question.members.map((m) => m.name))
    const tone = await flow.request.asker.select<ContactTone>({
      message: tr(lang, 'people.tone.ask', {group: question.title, names}),
      flag: 'contacts set NAME --tone tu|vous', // i18n-ignore: a command line
      choices: [
        {name: tr(lang, 'people.tone.tu'), value: 'tu'},
        {name: tr(lang, 'people.tone.vous'), value: 'vous'},
      ],
      default: 'tu',
    })
    setContactTones(flow.store, question.members.map((m) => m.id), tone)
  }
}
