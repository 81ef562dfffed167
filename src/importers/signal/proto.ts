// i18n-ignore-file: protobuf schema text, not words for people
import protobuf from 'protobufjs'

/**
 * The project's own subset of Signal's protobuf schemas: only the messages and fields the
 * importer reads (plus what the fixture writer needs to produce them). Field numbers follow
 * the public sources named on each block; unknown fields are skipped by protobufjs, so newer
 * backups with more fields still decode. protobufjs is imported here and nowhere else.
 */
// i18n-ignore: a protobuf schema, read by protobufjs
const SCHEMA = `
syntax = "proto3";
package xm.signal;

// --- Backup v2 frames: libsignal rust/message-backup/src/proto/backup.proto (fact sheet §2).
message BackupInfo {
  uint64 version = 1;
  uint64 backupTimeMs = 2;
  bytes mediaRootBackupKey = 3;
  string currentAppVersion = 4;
  string firstAppVersion = 5;
}
message Frame {
  oneof item {
    AccountData account = 1;
    Recipient recipient = 2;
    Chat chat = 3;
    ChatItem chatItem = 4;
  }
}
message AccountData {
  bytes profileKey = 1;
  optional string username = 2;
  string givenName = 4;
  string familyName = 5;
}
message Recipient {
  uint64 id = 1;
  oneof destination {
    Contact contact = 2;
    Group group = 3;
    DistributionListItem distributionList = 4;
    Self self = 5;
    ReleaseNotes releaseNotes = 6;
    CallLink callLink = 7;
  }
}
message Contact {
  message Name { string given = 1; string family = 2; }
  optional bytes aci = 1;
  optional bytes pni = 2;
  optional string username = 3;
  optional uint64 e164 = 4;
  bool blocked = 5;
  optional string profileGivenName = 11;
  optional string profileFamilyName = 12;
  Name nickname = 16;
  string systemGivenName = 18;
  string systemFamilyName = 19;
  string systemNickname = 20;
}
message Group {
  message GroupSnapshot {
    GroupAttributeBlob title = 2;
    GroupAttributeBlob description = 11;
    uint32 version = 6;
    repeated Member members = 7;
  }
  message GroupAttributeBlob {
    oneof content {
      string title = 1;
      bytes avatar = 2;
      uint32 disappearingMessagesDuration = 3;
      string descriptionText = 4;
    }
  }
  message Member {
    enum Role { UNKNOWN = 0; DEFAULT = 1; ADMINISTRATOR = 2; }
    bytes userId = 1;
    Role role = 2;
    uint32 joinedAtVersion = 5;
  }
  bytes masterKey = 1;
  bool whitelisted = 2;
  GroupSnapshot snapshot = 5;
  bool blocked = 6;
}
message Self {}
message ReleaseNotes {}
message CallLink { bytes rootKey = 1; string name = 3; }
message DistributionListItem {
  bytes distributionId = 1;
  oneof item {
    uint64 deletionTimestamp = 2;
    DistributionList distributionList = 3;
  }
}
message DistributionList { string name = 1; }
message Chat {
  uint64 id = 1;
  uint64 recipientId = 2;
  bool archived = 3;
}
message ChatItem {
  message IncomingMessageDetails { uint64 dateReceived = 1; optional uint64 dateServerSent = 2; bool read = 3; }
  message OutgoingMessageDetails { uint64 dateReceived = 2; }
  message DirectionlessMessageDetails {}
  uint64 chatId = 1;
  uint64 authorId = 2;
  uint64 dateSent = 3;
  optional uint64 expireStartDate = 4;
  optional uint64 expiresInMs = 5;
  repeated ChatItem revisions = 6;
  bool sms = 7;
  oneof directionalDetails {
    IncomingMessageDetails incoming = 8;
    OutgoingMessageDetails outgoing = 9;
    DirectionlessMessageDetails directionless = 10;
  }
  oneof item {
    StandardMessage standardMessage = 11;
    ContactMessage contactMessage = 12;
    StickerMessage stickerMessage = 13;
    RemoteDeletedMessage remoteDeletedMessage = 14;
    ChatUpdateMessage updateMessage = 15;
    PaymentNotification paymentNotification = 16;
    GiftBadge giftBadge = 17;
    ViewOnceMessage viewOnceMessage = 18;
    DirectStoryReplyMessage directStoryReplyMessage = 19;
    Poll poll = 20;
  }
}
message Text {
  string body = 1;
}
message StandardMessage {
  optional Quote quote = 1;
  optional Text text = 2;
  repeated MessageAttachment attachments = 3;
  optional FilePointer longText = 5;
  repeated Reaction reactions = 6;
}
message ContactMessage {
  message ContactAttachment {
    message Name { string givenName = 1; string familyName = 2; }
    optional Name name = 1;
  }
  ContactAttachment contact = 1;
  repeated Reaction reactions = 2;
}
message StickerMessage {
  message Sticker { optional string emoji = 4; FilePointer data = 5; }
  Sticker sticker = 1;
  repeated Reaction reactions = 2;
}
message RemoteDeletedMessage {}
message PaymentNotification {}
message GiftBadge {}
message ViewOnceMessage {
  MessageAttachment attachment = 1;
  repeated Reaction reactions = 2;
}
message DirectStoryReplyMessage {}
message Poll {
  string question = 1;
}
message MessageAttachment {
  enum Flag { NONE = 0; VOICE_MESSAGE = 1; BORDERLESS = 2; GIF = 3; }
  FilePointer pointer = 1;
  Flag flag = 2;
  bool wasDownloaded = 3;
  optional bytes clientUuid = 4;
}
message FilePointer {
  message LocatorInfo {
    bytes key = 1;
    oneof integrityCheck {
      bytes plaintextHash = 10;
      bytes encryptedDigest = 11;
    }
    uint32 size = 3;
    optional bytes localKey = 9;
  }
  optional string contentType = 4;
  optional string fileName = 7;
  optional uint32 width = 8;
  optional uint32 height = 9;
  optional string caption = 10;
  LocatorInfo locatorInfo = 13;
}
message Quote {
  optional uint64 targetSentTimestamp = 1;
  uint64 authorId = 2;
  optional Text text = 3;
}
message Reaction {
  string emoji = 1;
  uint64 authorId = 2;
  uint64 sentTimestamp = 3;
  uint64 sortOrder = 4;
}
message ChatUpdateMessage {
  oneof update {
    SimpleChatUpdate simpleUpdate = 1;
    GroupChangeChatUpdate groupChange = 2;
    ExpirationTimerChatUpdate expirationTimerChange = 3;
    ProfileChangeChatUpdate profileChange = 4;
    ThreadMergeChatUpdate threadMerge = 5;
    SessionSwitchoverChatUpdate sessionSwitchover = 6;
    IndividualCall individualCall = 7;
    GroupCall groupCall = 8;
    LearnedProfileChatUpdate learnedProfileChange = 9;
  }
}
message SimpleChatUpdate {
  enum Type {
    UNKNOWN = 0; JOINED_SIGNAL = 1; IDENTITY_UPDATE = 2; IDENTITY_VERIFIED = 3; IDENTITY_DEFAULT = 4;
    CHANGE_NUMBER = 5; RELEASE_CHANNEL_DONATION_REQUEST = 6; END_SESSION = 7; CHAT_SESSION_REFRESH = 8;
    BAD_DECRYPT = 9; PAYMENTS_ACTIVATED = 10; PAYMENT_ACTIVATION_REQUEST = 11;
    UNSUPPORTED_PROTOCOL_MESSAGE = 12; REPORTED_SPAM = 13; BLOCKED = 14; UNBLOCKED = 15;
    MESSAGE_REQUEST_ACCEPTED = 16;
  }
  Type type = 1;
}
message ExpirationTimerChatUpdate { uint64 expiresInMs = 1; }
message ProfileChangeChatUpdate { string previousName = 1; string newName = 2; }
message ThreadMergeChatUpdate { uint64 previousE164 = 1; }
message SessionSwitchoverChatUpdate { uint64 e164 = 1; }
message LearnedProfileChatUpdate {}
message IndividualCall {
  enum Type { UNKNOWN_TYPE = 0; AUDIO_CALL = 1; VIDEO_CALL = 2; }
  enum Direction { UNKNOWN_DIRECTION = 0; INCOMING = 1; OUTGOING = 2; }
  enum State { UNKNOWN_STATE = 0; ACCEPTED = 1; NOT_ACCEPTED = 2; MISSED = 3; MISSED_NOTIFICATION_PROFILE = 4; }
  Type type = 2;
  Direction direction = 3;
  State state = 4;
}
message GroupCall {
  uint32 state = 2;
}
message GroupChangeChatUpdate {
  message Update {
    oneof update {
      GenericGroupUpdate genericGroupUpdate = 1;
      GroupCreationUpdate groupCreationUpdate = 2;
      GroupNameUpdate groupNameUpdate = 3;
      GroupAvatarUpdate groupAvatarUpdate = 4;
      GroupDescriptionUpdate groupDescriptionUpdate = 5;
      GroupMemberLeftUpdate groupMemberLeftUpdate = 10;
      GroupMemberRemovedUpdate groupMemberRemovedUpdate = 11;
      GroupInvitationAcceptedUpdate groupInvitationAcceptedUpdate = 15;
      GroupMemberJoinedUpdate groupMemberJoinedUpdate = 17;
      GroupMemberAddedUpdate groupMemberAddedUpdate = 18;
      GroupMemberJoinedByLinkUpdate groupMemberJoinedByLinkUpdate = 28;
    }
  }
  repeated Update updates = 1;
}
message GenericGroupUpdate { optional bytes updaterAci = 1; }
message GroupCreationUpdate { optional bytes updaterAci = 1; }
message GroupNameUpdate { optional bytes updaterAci = 1; optional string newGroupName = 2; }
message GroupAvatarUpdate { optional bytes updaterAci = 1; bool wasRemoved = 2; }
message GroupDescriptionUpdate { optional bytes updaterAci = 1; optional string newDescription = 2; }
message GroupMemberLeftUpdate { bytes aci = 1; }
message GroupMemberRemovedUpdate { optional bytes removerAci = 1; bytes removedAci = 2; }
message GroupInvitationAcceptedUpdate { optional bytes inviterAci = 1; bytes newMemberAci = 2; }
message GroupMemberJoinedUpdate { bytes newMemberAci = 1; }
message GroupMemberAddedUpdate { optional bytes updaterAci = 1; bytes newMemberAci = 2; bool hadOpenInvitation = 3; optional bytes inviterAci = 4; }
message GroupMemberJoinedByLinkUpdate { bytes newMemberAci = 1; }

// --- Local backup metadata: Signal-Android local archive proto (fact sheet §4.3).
message LocalMetadata {
  message EncryptedBackupId {
    bytes iv = 1;
    bytes encryptedId = 2;
  }
  uint32 version = 1;
  EncryptedBackupId backupId = 2;
}
`

/**
 * Legacy \`.backup\` frames (proto2, so field presence shows which parameter is set): Signal-Android
 * protowire/Backups.proto (fact sheet §5.2); group state: Signal-Android DecryptedGroups.proto
 * (fact sheet §5.6).
 */
// i18n-ignore: a protobuf schema, read by protobufjs
const LEGACY_SCHEMA = `
syntax = "proto2";
package xm.signal.legacy;

message SqlStatement {
  message SqlParameter {
    optional string stringParamter = 1;
    optional uint64 integerParameter = 2;
    optional double doubleParameter = 3;
    optional bytes blobParameter = 4;
    optional bool nullparameter = 5;
  }
  optional string statement = 1;
  repeated SqlParameter parameters = 2;
}
message SharedPreference {
  optional string file = 1;
  optional string key = 2;
  optional string value = 3;
}
message Attachment {
  optional uint64 rowId = 1;
  optional uint64 attachmentId = 2;
  optional uint32 length = 3;
}
message Sticker {
  optional uint64 rowId = 1;
  optional uint32 length = 2;
}
message Avatar {
  optional string name = 1;
  optional string recipientId = 3;
  optional uint32 length = 2;
}
message DatabaseVersion {
  optional uint32 version = 1;
}
message Header {
  optional bytes iv = 1;
  optional bytes salt = 2;
  optional uint32 version = 3;
}
message KeyValue {
  optional string key = 1;
  optional bytes blobValue = 2;
  optional bool booleanValue = 3;
  optional float floatValue = 4;
  optional int32 integerValue = 5;
  optional int64 longValue = 6;
  optional string stringValue = 7;
}
message BackupFrame {
  optional Header header = 1;
  optional SqlStatement statement = 2;
  optional SharedPreference preference = 3;
  optional Attachment attachment = 4;
  optional DatabaseVersion version = 5;
  optional bool end = 6;
  optional Avatar avatar = 7;
  optional Sticker sticker = 8;
  optional KeyValue keyValue = 9;
}

// DecryptedGroups.proto (proto3 upstream; the wire format is the same).
message DecryptedMember {
  optional bytes aciBytes = 1;
  optional uint32 role = 2;
  optional uint32 joinedAtRevision = 5;
  optional bytes pniBytes = 6;
}
message DecryptedString { optional string value = 1; }
message DecryptedGroupChange {
  optional bytes editorServiceIdBytes = 1;
  optional uint32 revision = 2;
  repeated DecryptedMember newMembers = 3;
  repeated bytes deleteMembers = 4;
  repeated DecryptedMember promotePendingMembers = 9;
  optional DecryptedString newTitle = 10;
}
message DecryptedGroup {
  optional string title = 2;
  optional uint32 revision = 6;
  repeated DecryptedMember members = 7;
}
message DecryptedGroupV2Context {
  optional DecryptedGroupChange change = 2;
  optional DecryptedGroup groupState = 3;
}

// message.message_extras (Signal-Android Database.proto; signalbackup-tools
// groupv2statusmessageproto_typedef.h): newer databases keep group updates here, body NULL.
message GV2UpdateDescription {
  optional DecryptedGroupV2Context gv2ChangeDescription = 1;
  optional .xm.signal.GroupChangeChatUpdate groupChangeUpdate = 2;
}
message MessageExtras {
  optional GV2UpdateDescription gv2UpdateDescription = 1;
}
`

const root = protobuf.parse(SCHEMA, {keepCase: true}).root
// One root for both, so the legacy MessageExtras can embed the backup's GroupChangeChatUpdate.
protobuf.parse(LEGACY_SCHEMA, root, {keepCase: true})
const legacyRoot = root

/** A decoded protobuf message in proto3-JSON shape (see {@link toJsonShape}). */
export type JsonObject = Record<string, unknown>

/** A message type of the schema, able to decode and encode. */
export type ProtoType = protobuf.Type

/** Looks up a type of the backup-v2 schema by its short name (e.g. `Frame`). */
export function backupType(name: string): ProtoType {
  return root.lookupType(`xm.signal.${name}`)
}

/** Looks up a type of the legacy `.backup` schema by its short name (e.g. `BackupFrame`). */
export function legacyType(name: string): ProtoType {
  return legacyRoot.lookupType(`xm.signal.legacy.${name}`)
}

/**
 * Decodes bytes into the shape the proto3 JSON mapping gives (so one mapper serves the
 * plaintext `main.jsonl` and the binary frames): 64-bit integers as decimal strings, bytes as
 * base64, enums by name, absent fields absent (proto2 presence kept).
 *
 * @throws Error (protobufjs) on bytes that are not a valid message of that type.
 */
export function decodeToJson(type: ProtoType, bytes: Uint8Array): JsonObject {
  return type.toObject(type.decode(bytes), {longs: String, bytes: String, enums: String, defaults: false}) as JsonObject
}

/** Encodes a proto3-JSON-shaped object (the inverse of {@link decodeToJson}); used by fixtures. */
export function encodeFromJson(type: ProtoType, object: JsonObject): Uint8Array {
  return type.encode(type.fromObject(object)).finish()
}

/** Encodes a varint length prefix, as protobuf's delimited streams write before each message. */
export function encodeDelimited(type: ProtoType, object: JsonObject): Uint8Array {
  const writer = protobuf.Writer.create()
  writer.bytes(encodeFromJson(type, object))
  return writer.finish()
}

/**
 * The `chatId` of a `Frame` holding a `chatItem` (Frame field 4, ChatItem field 1), read
 * without decoding the frame; null for other frames or when the chat item does not start with
 * its chat id. Lets a chat's pass skip other chats' items cheaply.
 */
export function peekChatItemChatId(frame: Uint8Array): string | null {
  try {
    const reader = protobuf.Reader.create(frame)
    const tag = reader.uint32()
    if (tag !== ((4 << 3) | 2)) return null
    const length = reader.uint32()
    const end = reader.pos + length
    while (reader.pos < end) {
      const innerTag = reader.uint32()
      if (innerTag === ((1 << 3) | 0)) return reader.uint64().toString()
      reader.skipType(innerTag & 7)
    }
    return null
  } catch {
    return null
  }
}
