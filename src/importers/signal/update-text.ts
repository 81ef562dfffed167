/**
 * Sentences for Signal's update items (group changes, calls, timers), shared by the backup-v2
 * frames and the legacy database so that both inputs word an event the same way. `author` is
 * null on such messages; the sentence names who did what.
 */

/** A group change, reduced to what the sentence needs; names are display names or null. */
export type GroupChange =
  | {kind: 'created'; updater: string | null}
  | {kind: 'title'; updater: string | null; title: string | null}
  | {kind: 'added'; updater: string | null; member: string | null}
  | {kind: 'joined'; member: string | null}
  | {kind: 'left'; member: string | null}
  | {kind: 'removed'; updater: string | null; member: string | null}
  | {kind: 'description'; updater: string | null}
  | {kind: 'avatar'; updater: string | null; removed: boolean}
  | {kind: 'other'; updater: string | null}

const SOMEONE = 'Someone'

/** One sentence per change: `Papa added Léa.`, `Papa changed the group name to "Famille".` */
export function groupChangeText(change: GroupChange): string {
  switch (change.kind) {
    case 'created':
      return `${change.updater ?? SOMEONE} created the group.`
    case 'title':
      return change.title === null
        ? `${change.updater ?? SOMEONE} removed the group name.`
        : `${change.updater ?? SOMEONE} changed the group name to "${change.title}".`
    case 'added':
      return `${change.updater ?? SOMEONE} added ${change.member ?? SOMEONE.toLowerCase()}.`
    case 'joined':
      return `${change.member ?? SOMEONE} joined the group.`
    case 'left':
      return `${change.member ?? SOMEONE} left the group.`
    case 'removed':
      return `${change.updater ?? SOMEONE} removed ${change.member ?? SOMEONE.toLowerCase()}.`
    case 'description':
      return `${change.updater ?? SOMEONE} changed the group description.`
    case 'avatar':
      return change.removed ? `${change.updater ?? SOMEONE} removed the group photo.` : `${change.updater ?? SOMEONE} changed the group photo.`
    case 'other':
      return `${change.updater ?? SOMEONE} updated the group.`
  }
}

/** A one-to-one call as an update item. */
export interface CallEvent {
  /** Video rather than voice. */
  video: boolean
  /** The account owner called. */
  outgoing: boolean
  /** Nobody answered. */
  missed: boolean
}

/** `Missed voice call`, `Outgoing video call`, `Incoming voice call`. */
export function callText(call: CallEvent): string {
  const what = call.video ? 'video call' : 'voice call'
  if (call.missed) return call.outgoing ? `Unanswered ${what}` : `Missed ${what}`
  return call.outgoing ? `Outgoing ${what}` : `Incoming ${what}`
}
