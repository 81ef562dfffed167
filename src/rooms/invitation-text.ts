/**
 * The reason text of room invitations (XEP-0045 §7.8.2 `<reason/>`, XEP-0249 `reason`), in the
 * invitee's language. Shown by clients next to "accept / decline", so it names the inviter and
 * the group the person knows from WhatsApp or Signal.
 */

/** Languages invitations are written in. */
export type InviteLanguage = 'fr' | 'en'

/**
 * The invitation text for `groupName` from `inviterName`, in `language` (the member's own, else
 * the workspace default, else English: see {@link invitationLanguage}).
 */
export function invitationReason(language: InviteLanguage, inviterName: string, groupName: string): string {
  switch (language) {
    case 'fr':
      return `${inviterName} vous invite à rejoindre le groupe « ${groupName} » (il remplace le groupe du même nom sur WhatsApp ou Signal).`
    case 'en':
      return `${inviterName} invites you to join the group "${groupName}" (it replaces the group of the same name on WhatsApp or Signal).`
  }
}

/** The language for one member: theirs, else the workspace default, else English. */
export function invitationLanguage(member: 'fr' | 'en' | null, workspaceDefault: 'fr' | 'en' | null): InviteLanguage {
  return member ?? workspaceDefault ?? 'en'
}
