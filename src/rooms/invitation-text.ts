/**
 * The reason text of room invitations (XEP-0045 §7.8.2 `<reason/>`, XEP-0249 `reason`), in the
 * invitee's language and tone (catalogue key `people.roomInvitation`). Shown by clients next to
 * "accept / decline", so it names the inviter and the group the person knows from WhatsApp or
 * Signal.
 */
import {personLanguage, personTone} from '../contacts/language.js'
import type {ContactTone} from '../contacts/types.js'
import {tr, type Lang} from '../i18n/index.js'

/**
 * The invitation text for `groupName` from `inviterName`, in `language` (see
 * {@link invitationLanguage}), addressing the person with `tone` in French.
 */
export function invitationReason(language: Lang, inviterName: string, groupName: string, tone: ContactTone | null = null): string {
  return tr(language, 'people.roomInvitation', {inviter: inviterName, group: groupName, tone: personTone(tone)})
}

/**
 * The language for one member: theirs, else the workspace's, else the organizer's console
 * language (the flow run in French writes in French to people nobody set a language for).
 */
export function invitationLanguage(member: Lang | null, workspaceDefault: Lang | null): Lang {
  return personLanguage(member, workspaceDefault)
}
