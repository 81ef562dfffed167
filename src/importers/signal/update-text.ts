/**
 * Sentences for Signal's update items (group changes, calls, timers), shared by the backup-v2
 * frames and the legacy database so that both inputs word an event the same way. `author` is
 * null on such messages; the sentence names who did what.
 */
import {t} from '../../i18n/index.js'

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

/**
 * Who did it, or "Someone". The sentences are stored as the history's text, in the language of
 * the run that imports them (the organizer's, who usually shares the group's language).
 */
function who(name: string | null): string {
  return name ?? t('importers.signal.events.someone')
}

function whom(name: string | null): string {
  return name ?? t('importers.signal.events.someoneLower')
}

/** One sentence per change: `Papa added Léa.`, `Papa changed the group name to "Famille".` */
export function groupChangeText(change: GroupChange): string {
  const e = (key: string, values: Record<string, string>): string => t(`importers.signal.events.${key}`, values)
  switch (change.kind) {
    case 'created':
      return e('created', {who: who(change.updater)})
    case 'title':
      return change.title === null ? e('titleRemoved', {who: who(change.updater)}) : e('title', {who: who(change.updater), title: change.title})
    case 'added':
      return e('added', {who: who(change.updater), member: whom(change.member)})
    case 'joined':
      return e('joined', {who: who(change.member)})
    case 'left':
      return e('left', {who: who(change.member)})
    case 'removed':
      return e('removed', {who: who(change.updater), member: whom(change.member)})
    case 'description':
      return e('description', {who: who(change.updater)})
    case 'avatar':
      return e(change.removed ? 'avatarRemoved' : 'avatar', {who: who(change.updater)})
    case 'other':
      return e('other', {who: who(change.updater)})
  }
}

/** "Someone joined Signal.", "Someone changed their phone number.", "Group call"… (stored as the history's text). */
export function signalEventText(key: 'groupCall' | 'joinedSignal' | 'numberChanged' | 'nameChanged' | 'noteToSelf' | 'unnamedGroup', values: {who?: string | null; previous?: string | null; name?: string} = {}): string {
  return t(`importers.signal.events.${key}`, {who: who(values.who ?? null), previous: who(values.previous ?? null), name: values.name ?? ''})
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
  const direction = call.missed ? (call.outgoing ? 'unanswered' : 'missed') : call.outgoing ? 'outgoing' : 'incoming'
  return t('importers.signal.events.call', {direction, video: String(call.video)})
}
