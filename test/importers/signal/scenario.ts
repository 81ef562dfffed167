/**
 * The one synthetic Signal scenario every Signal fixture is written from (issue 7): a French
 * family group where Papa adds Léa and renames the group, a photo with and one without an
 * original file name, a reaction, an edit, a deletion for everyone; a one-to-one with Maman
 * with a reply quoting her message, a call, and a message that arrived after a later one.
 * Also: a contact with no messages, the release-notes channel and My Story (none are chats).
 *
 * All people, numbers and keys are invented. Times are UTC milliseconds.
 */

/** A person of the scenario. */
export interface ScenarioPerson {
  /** Key used by the scenario's items. */
  key: 'self' | 'papa' | 'maman' | 'lea' | 'bernard'
  /** ACI as UUID text. */
  aci: string
  /** Phone number digits, without "+". */
  e164: string
  /** Profile name. */
  profileGiven: string
  profileFamily: string
  /** Address-book name, if the owner saved one. */
  systemGiven?: string
  systemFamily?: string
}

export const PEOPLE: Record<ScenarioPerson['key'], ScenarioPerson> = {
  self: {key: 'self', aci: '5e1f0000-0000-4000-8000-00000000c001', e164: '33612345678', profileGiven: 'Camille', profileFamily: 'Martin'},
  // System name "Papa" wins over the profile name.
  papa: {key: 'papa', aci: '5e1f0000-0000-4000-8000-00000000a002', e164: '33611111111', profileGiven: 'Jean', profileFamily: 'Martin', systemGiven: 'Papa'},
  // No address-book entry: the profile name is shown.
  maman: {key: 'maman', aci: '5e1f0000-0000-4000-8000-00000000b003', e164: '33622222222', profileGiven: 'Sophie', profileFamily: 'Martin'},
  lea: {key: 'lea', aci: '5e1f0000-0000-4000-8000-00000000d004', e164: '33633333333', profileGiven: 'Léa', profileFamily: 'M.', systemGiven: 'Léa', systemFamily: 'Martin'},
  bernard: {key: 'bernard', aci: '5e1f0000-0000-4000-8000-00000000e005', e164: '33644444444', profileGiven: 'Bernard', profileFamily: ''},
}

/** 2024-05-03T08:00:00.123Z */
export const T0 = Date.UTC(2024, 4, 3, 8, 0, 0, 123)
const s = (seconds: number): number => T0 + seconds * 1000

/** The group's 32-byte master key (invented). */
export const GROUP_MASTER_KEY = Buffer.from('6d61737465722d6b65792d6f662d6c612d66616d696c6c652d6d617274696e21', 'hex')
export const GROUP_TITLE_BEFORE = 'Famille Martin'
export const GROUP_TITLE = 'Famille Martin 🏡'

/** A photo, with its bytes (for the plaintext export's files/). */
export interface ScenarioPhoto {
  fileName: string | null
  contentType: string
  bytes: Buffer
  /** Random-looking 32-byte local key and plaintext hash, fixed. */
  localKey: Buffer
}

/** One chat item of the scenario, in receive order. */
export type ScenarioItem =
  | {kind: 'text'; id: string; chat: 'group' | 'maman' | 'release'; author: ScenarioPerson['key'] | 'release'; sent: number; body: string; editedTo?: {sent: number; body: string}; quote?: {id: string}; reactions?: Array<{author: ScenarioPerson['key']; emoji: string; sent: number}>}
  | {kind: 'photo'; id: string; chat: 'group'; author: ScenarioPerson['key']; sent: number; body: string; photo: ScenarioPhoto; reactions?: Array<{author: ScenarioPerson['key']; emoji: string; sent: number}>}
  | {kind: 'deleted'; id: string; chat: 'group'; author: ScenarioPerson['key']; sent: number}
  | {kind: 'member-added'; id: string; chat: 'group'; author: ScenarioPerson['key']; sent: number; member: ScenarioPerson['key']}
  | {kind: 'title'; id: string; chat: 'group'; author: ScenarioPerson['key']; sent: number; title: string}
  | {kind: 'call'; id: string; chat: 'maman'; author: ScenarioPerson['key']; sent: number}

const photoBytes = (label: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`synthetic jpeg: ${label}`, 'utf8'), Buffer.from([0xff, 0xd9])])

export const ITEMS: ScenarioItem[] = [
  // Trailing space and a line break: the body must come out exactly as sent.
  {kind: 'text', id: 'g1', chat: 'group', author: 'maman', sent: s(0), body: 'Bonjour à tous !\nOn se retrouve dimanche ? '},
  {kind: 'member-added', id: 'g2', chat: 'group', author: 'papa', sent: s(60), member: 'lea'},
  {kind: 'text', id: 'g3', chat: 'group', author: 'lea', sent: s(120), body: 'Merci Papa ! 😘'},
  {kind: 'title', id: 'g4', chat: 'group', author: 'papa', sent: s(180), title: GROUP_TITLE},
  {
    kind: 'photo',
    id: 'g5',
    chat: 'group',
    author: 'self',
    sent: s(240),
    body: "Photo de l'anniversaire",
    photo: {fileName: 'anniversaire.jpg', contentType: 'image/jpeg', bytes: photoBytes('anniversaire'), localKey: Buffer.alloc(32, 0x11)},
    reactions: [{author: 'maman', emoji: '❤️', sent: s(300)}],
  },
  // A gallery photo: no original file name, no caption.
  {kind: 'photo', id: 'g6', chat: 'group', author: 'maman', sent: s(360), body: '', photo: {fileName: null, contentType: 'image/jpeg', bytes: photoBytes('gallery'), localKey: Buffer.alloc(32, 0x22)}},
  {kind: 'text', id: 'g7', chat: 'group', author: 'papa', sent: s(420), body: 'Dimanche 12h', editedTo: {sent: s(480), body: 'Dimanche 13h'}},
  {kind: 'deleted', id: 'g8', chat: 'group', author: 'lea', sent: s(540)},
  {kind: 'text', id: 'd1', chat: 'maman', author: 'maman', sent: s(1000), body: 'Tu as pensé à acheter le pain ?'},
  {kind: 'text', id: 'd2', chat: 'maman', author: 'self', sent: s(1100), body: 'Oui, deux baguettes', quote: {id: 'd1'}},
  {kind: 'call', id: 'd3', chat: 'maman', author: 'maman', sent: s(1200)},
  // Sent before d2 but received after d3 (phone offline): sorted by sent time.
  {kind: 'text', id: 'd4', chat: 'maman', author: 'maman', sent: s(1050), body: 'Et du fromage !'},
  {kind: 'text', id: 'r1', chat: 'release', author: 'release', sent: s(2000), body: 'Nouveautés de Signal'},
]

/** Items of the older snapshot of the SignalBackups folder (a prefix of the history). */
export const OLDER_SNAPSHOT_ITEMS = new Set(['g1', 'g2', 'g3', 'd1'])

/** The 64-character recovery key of the synthetic backups, as Signal shows it (groups of four, upper case). */
export const RECOVERY_KEY_DISPLAYED =
  'ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789 ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789'
/** The legacy passphrase, as Signal shows it (six groups of five digits). */
export const PASSPHRASE_DISPLAYED = '12345 67890 13579 24680 11223 34455'
