import type {Participant} from '../../model/types.js'
import type {ChatJson, FrameJson, GroupJson} from './frame-types.js'
import {signalEventText} from './update-text.js'
import {directChatSourceId, displayName, groupChatSourceId, joinName, phoneFromE164, serviceIdFromBase64} from './names.js'

/** A recipient of a backup-v2 stream, reduced to what chats and messages need. */
export type DirectoryRecipient =
  | {kind: 'contact'; name: string; phone: string | null; serviceId: string | null}
  | {kind: 'group'; masterKey: Uint8Array; title: string; memberServiceIds: string[]}
  | {kind: 'self'}
  | {kind: 'not-a-chat'} // My Story and other story lists, release notes, call links

/** What is known about a chat after the first pass. */
export interface DirectoryChat {
  /** File-local chat id. */
  id: string
  /** File-local recipient id of the other side. */
  recipientId: string
}

/**
 * The people, groups and chats of one backup-v2 stream (plaintext `main.jsonl` or decrypted
 * `main`), filled frame by frame. Recipient ids are local to the file (libsignal backup.proto
 * `Recipient.id`), so everything leaving this class is keyed by service id instead.
 */
export class FrameDirectory {
  /** The account owner's profile name (AccountData given + family name). */
  selfName = 'Me'
  /** The owner's ACI when an update item revealed it (the backup does not carry it). */
  selfServiceId: string | null = null
  private readonly recipients = new Map<string, DirectoryRecipient>()
  private readonly chats = new Map<string, DirectoryChat>()
  private readonly contactsByServiceId = new Map<string, {name: string; phone: string | null}>()

  /** Takes in an account, recipient or chat frame; other frames are ignored. */
  add(frame: FrameJson): void {
    if (frame.account) {
      this.selfName = joinName(frame.account.givenName, frame.account.familyName) ?? frame.account.username ?? 'Me'
    } else if (frame.recipient?.id !== undefined) {
      const recipient = toDirectoryRecipient(frame.recipient)
      this.recipients.set(frame.recipient.id, recipient)
      if (recipient.kind === 'contact' && recipient.serviceId) {
        this.contactsByServiceId.set(recipient.serviceId, {name: recipient.name, phone: recipient.phone})
      }
    } else if (frame.chat?.id !== undefined && frame.chat.recipientId !== undefined) {
      this.addChat(frame.chat)
    }
  }

  /** The recipient with that file-local id. */
  recipient(id: string | undefined): DirectoryRecipient | undefined {
    return id === undefined ? undefined : this.recipients.get(id)
  }

  /** The chat with that file-local id. */
  chat(id: string | undefined): DirectoryChat | undefined {
    return id === undefined ? undefined : this.chats.get(id)
  }

  /** Every chat, in file order. */
  allChats(): DirectoryChat[] {
    return [...this.chats.values()]
  }

  /** Display name of a recipient as a message author (the owner: the account's profile name). */
  authorName(recipientId: string | undefined): string | null {
    const recipient = this.recipient(recipientId)
    if (!recipient) return null
    if (recipient.kind === 'self') return this.selfName
    if (recipient.kind === 'contact') return recipient.name
    return null
  }

  /** The author part of a message source id: `self`, the service id, or the phone number. */
  authorKey(recipientId: string | undefined): string {
    const recipient = this.recipient(recipientId)
    if (recipient?.kind === 'self') return 'self'
    if (recipient?.kind === 'contact') return recipient.serviceId ?? recipient.phone ?? `recipient-${recipientId}`
    return `recipient-${recipientId ?? 'unknown'}`
  }

  /** Display name for an ACI named by an update item (base64), or null when unknown. */
  nameOfAci(aciBase64: string | undefined): string | null {
    const serviceId = serviceIdFromBase64(aciBase64)
    if (serviceId === null) return null
    if (serviceId === this.selfServiceId) return this.selfName
    return this.contactsByServiceId.get(serviceId)?.name ?? null
  }

  /** Notes the owner's ACI, learned from an update the owner made. */
  learnSelfAci(aciBase64: string | undefined): void {
    const serviceId = serviceIdFromBase64(aciBase64)
    if (serviceId !== null && !this.contactsByServiceId.has(serviceId)) this.selfServiceId = serviceId
  }

  /**
   * The chat's id, title, kind and participants (the other members: a group's current members
   * as its snapshot says, minus the owner). Null for chats that are not conversations (My Story,
   * release notes, call links). `unknownMembers` counts group members without a contact frame,
   * not counting the owner (a backup has no contact frame for its owner).
   */
  describeChat(chat: DirectoryChat): {sourceId: string; title: string; kind: 'direct' | 'group'; participants: Participant[]; unknownMembers: number} | null {
    const recipient = this.recipient(chat.recipientId)
    if (!recipient || recipient.kind === 'not-a-chat') return null
    if (recipient.kind === 'self') {
      return {sourceId: 'signal:note-to-self', title: signalEventText('noteToSelf'), kind: 'direct', participants: [], unknownMembers: 0}
    }
    if (recipient.kind === 'contact') {
      return {
        sourceId: directChatSourceId(recipient, chat.recipientId),
        title: recipient.name,
        kind: 'direct',
        participants: [{name: recipient.name, phone: recipient.phone, sourceId: recipient.serviceId}],
        unknownMembers: 0,
      }
    }
    const participants: Participant[] = []
    let unknownMembers = 0
    for (const serviceId of recipient.memberServiceIds) {
      const contact = this.contactsByServiceId.get(serviceId)
      if (contact) participants.push({name: contact.name, phone: contact.phone, sourceId: serviceId})
      else if (serviceId !== this.selfServiceId) unknownMembers++
    }
    // Without the owner's ACI, one unknown member is the owner.
    if (this.selfServiceId === null && unknownMembers > 0) unknownMembers--
    return {sourceId: groupChatSourceId(recipient.masterKey), title: recipient.title, kind: 'group', participants, unknownMembers}
  }

  private addChat(chat: ChatJson): void {
    if (chat.id !== undefined && chat.recipientId !== undefined) this.chats.set(chat.id, {id: chat.id, recipientId: chat.recipientId})
  }
}

function toDirectoryRecipient(recipient: NonNullable<FrameJson['recipient']>): DirectoryRecipient {
  if (recipient.contact) {
    const c = recipient.contact
    const phone = phoneFromE164(c.e164)
    const name = displayName({
      systemName: joinName(c.systemGivenName, c.systemFamilyName) ?? joinName(c.systemNickname),
      profileName: joinName(c.profileGivenName, c.profileFamilyName),
      phone,
      username: c.username ?? null,
    })
    return {kind: 'contact', name, phone, serviceId: serviceIdFromBase64(c.aci)}
  }
  if (recipient.group) return groupRecipient(recipient.group)
  if (recipient.self) return {kind: 'self'}
  return {kind: 'not-a-chat'}
}

function groupRecipient(group: GroupJson): DirectoryRecipient {
  const members = (group.snapshot?.members ?? [])
    .map((member) => serviceIdFromBase64(member.userId))
    .filter((id): id is string => id !== null)
  return {
    kind: 'group',
    masterKey: Buffer.from(group.masterKey ?? '', 'base64'),
    title: group.snapshot?.title?.title?.trim() || signalEventText('unnamedGroup'),
    memberServiceIds: members,
  }
}
