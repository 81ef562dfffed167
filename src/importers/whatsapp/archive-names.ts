// i18n-ignore-file: WhatsApp's own file names in its languages, to recognize exports (data, never shown as our text)
/**
 * Names WhatsApp gives to what "Export chat" produces, and how to recognize them.
 *
 * - Android writes `WhatsApp Chat with NAME.txt` (and `.zip` with media); the words come from the
 *   app's `email_conversation_subject` string, so they follow the phone's language:
 *   `Discussion WhatsApp avec NAME.txt`, `WhatsApp Chat mit NAME.txt`, `NAME ile WhatsApp Sohbeti.txt`…
 *   Some apps that save the file replace spaces with `_`.
 * - iOS writes `WhatsApp Chat - NAME.zip` holding `_chat.txt`.
 *
 * The chat text is found by these names, never as "any .txt": a document shared in the chat
 * (`My notes.txt`) is an attachment, not the chat (WhatsApp fact sheet §1 and §9).
 */

// i18n-ignore-file: WhatsApp's own file names in its many languages, matched in exports (data, not texts we write)

/**
 * Chat-name templates, `{name}` standing for the chat's title. The Android ones are the
 * `email_conversation_subject` texts of WhatsApp's translations (as collected in public parsers
 * of exports); the iOS one is the archive name.
 */
const TEMPLATES: readonly string[] = [
  // iOS archive (and the folder it unzips to)
  'WhatsApp Chat - {name}',
  // Android, by language
  'WhatsApp Chat with {name}', // en
  'WhatsApp Chat mit {name}', // de (also written "WhatsApp-Chat mit")
  'WhatsApp-Unterhaltung mit {name}', // de, older versions
  'Discussion WhatsApp avec {name}', // fr
  'Chat de WhatsApp con {name}', // es
  'Chat WhatsApp con {name}', // it
  'Chat di WhatsApp con {name}', // it, variant
  'Conversa no WhatsApp com {name}', // pt-PT
  'Conversa do WhatsApp com {name}', // pt-BR
  'WhatsApp-chat met {name}', // nl
  'WhatsApp-gesprek met {name}', // nl, variant
  'WhatsApp Gesprek met {name}', // af
  'Чат WhatsApp с {name}', // ru
  'WhatsApp Чат с {name}', // bg
  'Бесіда WhatsApp з {name}', // uk
  'Czat WhatsApp z {name}', // pl
  'Chat WhatsApp s uživatelem {name}', // cs
  'WhatsApp chat s používateľom {name}', // sk
  'WhatsApp-chatt med {name}', // sv
  'WhatsApp chat med {name}', // da
  'WhatsApp-samtale med {name}', // nb
  'WhatsApp-keskustelu henkilön {name} kanssa', // fi
  'Xat de WhatsApp amb {name}', // ca
  'Conversație WhatsApp cu {name}', // ro
  'WhatsApp csevegés vele: {name}', // hu
  'Συνομιλία WhatsApp με {name}', // el
  'WhatsApp razgovor s {name}', // hr
  '{name} ile WhatsApp Sohbeti', // tr
  'Chat WhatsApp dengan {name}', // id
  'Sembang WhatsApp dengan {name}', // ms
  'WhatsApp Chat kay {name}', // tl
  'Trò chuyện WhatsApp với {name}', // vi
  'แชท WhatsApp กับ {name}', // th
  'دردشة واتساب مع {name}', // ar
  'گفتگوی WhatsApp با {name}', // fa
  'צ\'אט WhatsApp עם {name}', // he
  '{name} के साथ WhatsApp चैट', // hi
  '{name}とのWhatsAppチャット', // ja
  '{name}님과의 WhatsApp 대화', // ko
  'WhatsApp 与 {name} 的对话', // zh-CN
  'WhatsApp 與 {name} 的對話', // zh-TW, zh-HK
]

/** A compiled template. */
interface NamePattern {
  regex: RegExp
}

/**
 * Turns a template into a regex: spaces and hyphens between words match " ", "_" or "-" (saved
 * names vary: "WhatsApp-Chat mit", "WhatsApp_Chat_with"), " - " matches with spaces or underscores,
 * case is ignored; `s`: a name may hold any character, even U+2028.
 */
function compile(template: string): NamePattern {
  const [before = '', after = ''] = template.split('{name}')
  const part = (text: string): string =>
    text
      .split(' - ')
      .map((piece) =>
        [...piece]
          .map((char) => (char === ' ' || char === '-' ? '[ _-]' : char.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')))
          .join(''),
      )
      .join('[ _]-[ _]')
  return {regex: new RegExp(`^${part(before)}(?<name>.+?)${part(after)}$`, 'ius')}
}

const PATTERNS: readonly NamePattern[] = TEMPLATES.map(compile)

/** Bidi controls some systems keep around right-to-left names. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu

/** The last segment of a path that may use "/" or "\" (entry names, file names). */
function baseName(path: string): string {
  const parts = path.split(/[/\\]/u)
  return parts[parts.length - 1] ?? path
}

/**
 * The chat title that a file, archive or folder name carries, or null:
 * `WhatsApp Chat with Maman.txt` → `Maman`, `WhatsApp Chat - Famille Martin.zip` → `Famille Martin`,
 * `Discussion_WhatsApp_avec_Tata_Jeanne.txt` → `Tata Jeanne`, `Léa ile WhatsApp Sohbeti.txt` → `Léa`.
 * A `.txt` or `.zip` extension and a download counter (` (1)`) are ignored; `_` stands for a space
 * when the whole name uses it so. Accepts a path (only the last segment counts).
 */
export function chatTitleFromName(fileName: string): string | null {
  let stem = baseName(fileName).normalize('NFC').replace(BIDI_CONTROLS, '').trim()
  stem = stem.replace(/\.(txt|zip)$/iu, '')
  // Browsers and file managers add " (1)", "(2)" to a second download of the same name.
  stem = stem.replace(/\s?\(\d{1,3}\)$/u, '').trim()
  for (const {regex} of PATTERNS) {
    const match = regex.exec(stem)
    const name = match?.groups?.['name']
    if (name === undefined) continue
    const underscored = !/\s/u.test(stem) && stem.includes('_')
    const title = (underscored ? name.replace(/_/gu, ' ') : name).trim()
    if (title.length > 0) return title
  }
  return null
}

/** True for `_chat.txt`, the name iOS gives the chat text inside its archive. */
export function isIosChatTextName(name: string): boolean {
  return baseName(name).normalize('NFC').toLowerCase() === '_chat.txt'
}

/**
 * True when a file or entry name is the chat text of an export: `_chat.txt` or a `.txt` named like
 * `WhatsApp Chat with NAME.txt` (any language). A path is accepted (only the last segment counts);
 * macOS resource forks (`__MACOSX/`, `._name`) never are.
 */
export function isChatTextName(name: string): boolean {
  if (isMacResourceFork(name)) return false
  const base = baseName(name)
  if (isIosChatTextName(base)) return true
  return /\.txt$/iu.test(base) && chatTitleFromName(base) !== null
}

/** True for the `__MACOSX/…` and `._name` companions that macOS adds to archives it makes. */
export function isMacResourceFork(name: string): boolean {
  return name.startsWith('__MACOSX/') || baseName(name).startsWith('._')
}

/** The outcome of {@link findChatText}. */
export interface ChatTextChoice {
  /** The entry (or file) name of the chat text, exactly as listed. */
  name: string
  /** The folder part of `name` (`""` or ending with "/"); attachments are looked up beside it. */
  folder: string
  /** Other names that also look like a chat text (not chosen; they stay ordinary files). */
  others: string[]
}

/**
 * Finds the chat text among the names of an archive's entries or a folder's files. Preference:
 * the shallowest `_chat.txt` (iOS); then a `WhatsApp Chat with NAME.txt` whose NAME is
 * `containerTitle` (the title carried by the archive or folder name, when known); then the
 * shallowest, alphabetically first such name. Returns null when no name is a chat text (a zip of
 * photos, or of `notes.txt` only, is not an export).
 */
export function findChatText(names: readonly string[], containerTitle: string | null = null): ChatTextChoice | null {
  const candidates = names.filter((name) => !name.endsWith('/') && isChatTextName(name))
  if (candidates.length === 0) return null
  const depth = (name: string): number => name.split('/').length
  const wanted = containerTitle?.normalize('NFC').toLowerCase() ?? null
  const rank = (name: string): number => {
    if (isIosChatTextName(name)) return 0
    if (wanted !== null && chatTitleFromName(name)?.toLowerCase() === wanted) return 1
    return 2
  }
  const sorted = [...candidates].sort(
    (a, b) => rank(a) - rank(b) || depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0),
  )
  const chosen = sorted[0] as string
  const slash = chosen.lastIndexOf('/')
  return {name: chosen, folder: slash === -1 ? '' : chosen.slice(0, slash + 1), others: sorted.slice(1)}
}
