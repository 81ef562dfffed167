/**
 * What the scenario (scenario.ts) must give, written by hand from the rules (issue 7,
 * "Into the model" and "The parse --json contract"), never produced by the importer:
 *
 * - chats sorted by title; Bernard (no messages), release notes and My Story are not chats;
 * - participants: the other members, group members as the group state says (Léa included,
 *   added during the history), the owner left out;
 * - author: system name ("Papa", "Léa Martin") over profile name ("Sophie Martin"); the owner's
 *   messages carry the account's profile name ("Camille Martin");
 * - dates: ISO 8601 UTC with milliseconds, the time first sent (the edit keeps 08:07);
 * - the deleted message is left out; the reaction is on the photo, not a message; the reply's
 *   text is its own, the quote is in `replyTo`; messages ordered by sent time (d4 before d2).
 */
import type {Message, Participant} from '../../../src/model/types.js'

const MAMAN = '5e1f0000-0000-4000-8000-00000000b003'
const PAPA = '5e1f0000-0000-4000-8000-00000000a002'
const LEA = '5e1f0000-0000-4000-8000-00000000d004'

/** A chat as the tests compare it. */
export interface ExpectedChat {
  title: string
  kind: 'direct' | 'group'
  participants: Participant[]
  messages: Message[]
}

const text = (date: string, author: string, body: string, sourceId: string): Message => ({date, author, text: body, attachment: null, system: false, kind: 'text', sourceId})

export const EXPECTED_CHATS: ExpectedChat[] = [
  {
    title: 'Famille Martin 🏡',
    kind: 'group',
    participants: [
      {name: 'Papa', phone: '+33611111111', sourceId: PAPA},
      {name: 'Sophie Martin', phone: '+33622222222', sourceId: MAMAN},
      {name: 'Léa Martin', phone: '+33633333333', sourceId: LEA},
    ],
    messages: [
      text('2024-05-03T08:00:00.123Z', 'Sophie Martin', 'Bonjour à tous !\nOn se retrouve dimanche ? ', `${MAMAN}:1714723200123`),
      {date: '2024-05-03T08:01:00.123Z', author: null, text: 'Papa added Léa Martin.', attachment: null, system: true, kind: 'system', sourceId: `${PAPA}:1714723260123`},
      text('2024-05-03T08:02:00.123Z', 'Léa Martin', 'Merci Papa ! 😘', `${LEA}:1714723320123`),
      {date: '2024-05-03T08:03:00.123Z', author: null, text: 'Papa changed the group name to "Famille Martin 🏡".', attachment: null, system: true, kind: 'system', sourceId: `${PAPA}:1714723380123`},
      {
        date: '2024-05-03T08:04:00.123Z',
        author: 'Camille Martin',
        text: "Photo de l'anniversaire",
        attachment: {name: 'anniversaire.jpg', mediaType: 'image/jpeg', size: 34, sha256: null, storedPath: null},
        system: false,
        kind: 'media',
        sourceId: 'self:1714723440123',
        reactions: [{emoji: '❤️', author: 'Sophie Martin', authorSourceId: MAMAN, date: '2024-05-03T08:05:00.123Z'}],
      },
      {date: '2024-05-03T08:06:00.123Z', author: 'Sophie Martin', text: '', attachment: null, system: false, kind: 'media', sourceId: `${MAMAN}:1714723560123`},
      {date: '2024-05-03T08:07:00.123Z', author: 'Papa', text: 'Dimanche 13h', attachment: null, system: false, kind: 'edited', edited: true, sourceId: `${PAPA}:1714723620123`},
    ],
  },
  {
    title: 'Sophie Martin',
    kind: 'direct',
    participants: [{name: 'Sophie Martin', phone: '+33622222222', sourceId: MAMAN}],
    messages: [
      text('2024-05-03T08:16:40.123Z', 'Sophie Martin', 'Tu as pensé à acheter le pain ?', `${MAMAN}:1714724200123`),
      text('2024-05-03T08:17:30.123Z', 'Sophie Martin', 'Et du fromage !', `${MAMAN}:1714724250123`),
      {
        ...text('2024-05-03T08:18:20.123Z', 'Camille Martin', 'Oui, deux baguettes', 'self:1714724300123'),
        replyTo: {sourceId: `${MAMAN}:1714724200123`, author: 'Sophie Martin', text: 'Tu as pensé à acheter le pain ?'},
      },
      {date: '2024-05-03T08:20:00.123Z', author: null, text: 'Incoming voice call', attachment: null, system: true, kind: 'call', sourceId: `${MAMAN}:1714724400123`},
    ],
  },
]

/** Chat ids: the group's from its master key (never the key itself), the 1:1 from the ACI. */
export const EXPECTED_DIRECT_SOURCE_ID = `signal:direct:${MAMAN}`
