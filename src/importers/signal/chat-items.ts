import {createHash} from 'node:crypto'

import type {Attachment, Message, MessageKind, Reaction} from '../../model/types.js'
import type {ChatItemJson, FilePointerJson, GroupChangeUpdateJson, ReactionJson, UpdateMessageJson} from './frame-types.js'
import type {FrameDirectory} from './FrameDirectory.js'
import {isoFromMillis, joinName, messageSourceId} from './names.js'
import {callText, groupChangeText, signalEventText, type GroupChange} from './update-text.js'

/** A message with the time it was first sent, for ordering a chat. */
export interface DatedMessage {
  /** Sender's timestamp of the first version, ms since the epoch. */
  firstSent: number
  /** The normalized message. */
  message: Message
  /**
   * Name of the first attachment's file in the backup's media store (§2.4: hex SHA-256 of
   * plaintextHash ‖ localKey), when the message has a named attachment and the pointer says.
   */
  mediaName?: string
}

/**
 * Turns one backup-v2 chat item into the model's message, or null when nothing of it is to be
 * migrated: deleted for everyone, disappearing (the exporters leave those out too, fact sheet
 * §3), unset content (libsignal: "skip without error"), payments, gift badges, story replies.
 *
 * An edited message keeps the time its first version was sent (its `revisions`, oldest first)
 * and shows its latest text (the outer item). Reactions ride on the message they react to.
 */
export function messageFromChatItem(item: ChatItemJson, directory: FrameDirectory): DatedMessage | null {
  if (item.remoteDeletedMessage) return null
  if (item.expiresInMs !== undefined && Number(item.expiresInMs) > 0) return null
  const firstSent = Number(item.revisions?.[0]?.dateSent ?? item.dateSent ?? Number.NaN)
  if (!Number.isFinite(firstSent)) return null
  const base = {
    date: isoFromMillis(firstSent),
    sourceId: messageSourceId(directory.authorKey(item.authorId), firstSent),
  }

  if (item.updateMessage) {
    const update = updateMessage(item.updateMessage, item, directory)
    if (update === null) return null
    return {firstSent, message: {...base, author: null, text: update.text, attachment: null, system: true, kind: update.kind}}
  }

  const author = directory.authorName(item.authorId) ?? 'Unknown'
  let text = ''
  let kind: MessageKind = 'text'
  let attachment: Attachment | null = null
  let reactions: ReactionJson[] = []
  const message: Message = {...base, author, text, attachment, system: false, kind}

  if (item.standardMessage) {
    const standard = item.standardMessage
    text = standard.text?.body ?? ''
    const pointers = (standard.attachments ?? []).map((a) => a.pointer ?? {})
    if (pointers.length > 0) {
      kind = 'media'
      attachment = attachmentOf(pointers[0] ?? {})
    }
    reactions = standard.reactions ?? []
    if (standard.quote) {
      const target = standard.quote.targetSentTimestamp
      message.replyTo = {
        sourceId: target === undefined ? null : messageSourceId(directory.authorKey(standard.quote.authorId), Number(target)),
        author: directory.authorName(standard.quote.authorId),
        text: standard.quote.text?.body ?? '',
      }
    }
  } else if (item.contactMessage) {
    kind = 'contact'
    text = joinName(item.contactMessage.contact?.name?.givenName, item.contactMessage.contact?.name?.familyName) ?? ''
    reactions = item.contactMessage.reactions ?? []
  } else if (item.stickerMessage) {
    kind = 'media'
    text = item.stickerMessage.sticker?.emoji ?? ''
    reactions = item.stickerMessage.reactions ?? []
  } else if (item.viewOnceMessage) {
    kind = 'view-once'
    reactions = item.viewOnceMessage.reactions ?? []
  } else if (item.poll) {
    kind = 'poll'
    text = item.poll.question ?? ''
  } else {
    return null
  }

  const edited = (item.revisions?.length ?? 0) > 0
  if (edited && kind === 'text') kind = 'edited'
  Object.assign(message, {text, kind, attachment})
  if (edited) message.edited = true
  if (reactions.length > 0) message.reactions = reactions.map((r) => reactionOf(r, directory))
  const mediaName = attachment ? mediaNameOf(item.standardMessage?.attachments?.[0]?.pointer) : null
  return mediaName ? {firstSent, message, mediaName} : {firstSent, message}
}

/**
 * mediaName = lower-case hex SHA-256(plaintextHash ‖ localKey) (fact sheet §2.4; Signal-Android
 * ArchiveFileSystem, MediaName), or null when the pointer lacks either.
 */
export function mediaNameOf(pointer: FilePointerJson | undefined): string | null {
  const hash = pointer?.locatorInfo?.plaintextHash
  const localKey = pointer?.locatorInfo?.localKey
  if (!hash || !localKey) return null
  return createHash('sha256').update(Buffer.from(hash, 'base64')).update(Buffer.from(localKey, 'base64')).digest('hex')
}

/** The model's attachment for a file pointer: the original name, or null when there is none. */
function attachmentOf(pointer: FilePointerJson): Attachment | null {
  // Gallery photos usually carry no file name; the contract prints null for them.
  if (!pointer.fileName) return null
  const size = pointer.locatorInfo?.size
  return {
    name: pointer.fileName,
    mediaType: pointer.contentType ?? null,
    size: typeof size === 'number' ? size : null,
    // Set by the media store once the file itself is stored, not from the source's claim.
    sha256: null,
    storedPath: null,
  }
}

function reactionOf(reaction: ReactionJson, directory: FrameDirectory): Reaction {
  return {
    emoji: reaction.emoji ?? '',
    author: directory.authorName(reaction.authorId) ?? 'Unknown',
    authorSourceId: directory.authorKey(reaction.authorId),
    date: reaction.sentTimestamp === undefined ? null : isoFromMillis(Number(reaction.sentTimestamp)),
  }
}

/** Sentence and kind of an update item, or null for updates not worth migrating. */
function updateMessage(update: UpdateMessageJson, item: ChatItemJson, directory: FrameDirectory): {text: string; kind: MessageKind} | null {
  if (update.groupChange) {
    const authorIsSelf = directory.recipient(item.authorId)?.kind === 'self'
    const name = (aci: string | undefined): string | null => directory.nameOfAci(aci)
    const updater = (aci: string | undefined): string | null => {
      // The owner's ACI is not in the backup; an update the owner authored reveals it.
      if (authorIsSelf && aci !== undefined) directory.learnSelfAci(aci)
      return name(aci)
    }
    const changes = (update.groupChange.updates ?? []).map((u) => groupChangeFromUpdate(u, name, updater))
    const lines = changes.filter((c): c is GroupChange => c !== null).map(groupChangeText)
    return lines.length === 0 ? null : {text: lines.join('\n'), kind: 'system'}
  }
  if (update.individualCall) {
    const call = update.individualCall
    return {
      text: callText({
        video: call.type === 'VIDEO_CALL',
        outgoing: call.direction === 'OUTGOING',
        missed: call.state === 'MISSED' || call.state === 'NOT_ACCEPTED' || call.state === 'MISSED_NOTIFICATION_PROFILE',
      }),
      kind: 'call',
    }
  }
  if (update.groupCall) return {text: signalEventText('groupCall'), kind: 'call'}
  if (update.profileChange?.newName) {
    return {text: signalEventText('nameChanged', {previous: update.profileChange.previousName ?? null, name: update.profileChange.newName}), kind: 'system'}
  }
  if (update.simpleUpdate?.type === 'JOINED_SIGNAL') return {text: signalEventText('joinedSignal', {who: directory.authorName(item.authorId) ?? null}), kind: 'system'}
  if (update.simpleUpdate?.type === 'CHANGE_NUMBER') return {text: signalEventText('numberChanged', {who: directory.authorName(item.authorId) ?? null}), kind: 'system'}
  // Safety-number changes, session refreshes, timer changes: noise for the new history.
  return null
}

/**
 * One GroupChangeChatUpdate.Update as a GroupChange (libsignal backup.proto), names resolved by
 * `name` (an ACI in base64 → display name) and `updater` (the same for whoever made the change).
 * Shared with the legacy reader, whose newer databases keep the same message in
 * `message_extras`.
 */
export function groupChangeFromUpdate(
  update: GroupChangeUpdateJson,
  name: (aci: string | undefined) => string | null,
  updater: (aci: string | undefined) => string | null = name,
): GroupChange | null {
  if (update.groupCreationUpdate) return {kind: 'created', updater: updater(update.groupCreationUpdate.updaterAci)}
  if (update.groupNameUpdate) return {kind: 'title', updater: updater(update.groupNameUpdate.updaterAci), title: update.groupNameUpdate.newGroupName ?? null}
  if (update.groupMemberAddedUpdate) {
    return {kind: 'added', updater: updater(update.groupMemberAddedUpdate.updaterAci), member: name(update.groupMemberAddedUpdate.newMemberAci)}
  }
  if (update.groupMemberJoinedUpdate) return {kind: 'joined', member: name(update.groupMemberJoinedUpdate.newMemberAci)}
  if (update.groupMemberJoinedByLinkUpdate) return {kind: 'joined', member: name(update.groupMemberJoinedByLinkUpdate.newMemberAci)}
  if (update.groupInvitationAcceptedUpdate) return {kind: 'joined', member: name(update.groupInvitationAcceptedUpdate.newMemberAci)}
  if (update.groupMemberLeftUpdate) return {kind: 'left', member: name(update.groupMemberLeftUpdate.aci)}
  if (update.groupMemberRemovedUpdate) {
    return {kind: 'removed', updater: updater(update.groupMemberRemovedUpdate.removerAci), member: name(update.groupMemberRemovedUpdate.removedAci)}
  }
  if (update.groupDescriptionUpdate) return {kind: 'description', updater: updater(update.groupDescriptionUpdate.updaterAci)}
  if (update.groupAvatarUpdate) return {kind: 'avatar', updater: updater(update.groupAvatarUpdate.updaterAci), removed: update.groupAvatarUpdate.wasRemoved === true}
  if (update.genericGroupUpdate) return {kind: 'other', updater: updater(update.genericGroupUpdate.updaterAci)}
  return null
}
