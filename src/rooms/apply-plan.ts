import {createHash} from 'node:crypto'

import {UserError} from '../errors/index.js'
import type {Lang} from '../i18n/index.js'
import type {RoomStep, StoredRoom} from '../store/RoomRepository.js'
import {expectedRoomFeatures, fillRoomConfig} from '../xmpp/muc-config.js'
import {affiliationList, enterRoom, leaveRoom, pingServer, roomConfigForm, roomInfo, sendDirectInvite, sendMediatedInvite, setAffiliation, submitRoomConfig} from '../xmpp/muc.js'
import type {XmppSession} from '../xmpp/XmppSession.js'
import {stanzaErrorParts} from '../xmpp/XmppRequestError.js'
import {BookmarkGate} from './BookmarkGate.js'
import {InvitationOutbox} from './InvitationOutbox.js'
import {invitationLanguage, invitationReason} from './invitation-text.js'
import {configSignature} from './planner.js'
import {roomFailure} from './room-errors.js'
import type {RoomAction, RoomPlan, RoomsPlan} from './types.js'
import {t} from '../i18n/index.js'

/** Where the steps done are recorded (RoomRepository; an in-memory one in tests). */
export interface RoomLedger {
  /** Records the address chosen for a chat, before the room is created. */
  reserve(chatId: number, address: string, name: string, isPublic: boolean): void
  /** Records one step done; committed when it returns. */
  recordStep(chatId: number, step: RoomStep, target?: string): void
  /** Records several steps (of any rooms) in one transaction. */
  recordSteps(steps: {chatId: number; step: RoomStep; target: string}[]): void
  /** Forgets a step (found undone). */
  forgetStep(chatId: number, step: RoomStep, target?: string): void
}

/** A progress event of one room (printed on stderr by `rooms create`). */
export interface RoomProgress {
  /** The chat id. */
  chatId: number
  /** The room address. */
  address: string
  /** What just happened. */
  phase: 'start' | 'created' | 'adopted' | 'configured' | 'members' | 'invited' | 'bookmarked' | 'done' | 'failed'
  /** Details in the console's language (a count in words, the error message). */
  detail?: string
  /** How many members were added (`members`) or invitations sent (`invited`). */
  count?: number
}

/** Inputs of {@link applyRoomsPlan}. */
export interface ApplyOptions {
  /** An authenticated session of the owner. */
  session: XmppSession
  /** The plan (from planRooms). */
  plan: RoomsPlan
  /** What the store knew when planning, by chat id. */
  stored: ReadonlyMap<number, StoredRoom>
  /** Where steps are recorded. */
  ledger: RoomLedger
  /** The owner's nickname in the rooms and in bookmarks. */
  nick: string
  /** The owner's name as members see it in invitations. */
  inviterName: string
  /** Language of invitations for members without their own (null: the console's). */
  defaultLanguage: Lang | null
  /** Password of public rooms, or null. */
  password: string | null
  /** Progress events. */
  onProgress?: (event: RoomProgress) => void
  /**
   * Called after each step is recorded. Tests throw from it to stop a room mid-way, as a crash
   * would; a throw fails that room like any error.
   */
  afterStep?: (chatId: number, step: RoomStep, target: string) => void
}

/** What happened to one room. JSON-serializable (part of `rooms create --json`). */
export interface RoomResult {
  /** The chat id. */
  chatId: number
  /** The room address. */
  address: string
  /** Room name. */
  name: string
  /** Public room or private group. */
  public: boolean
  /** What the plan said. */
  action: RoomAction
  /** done: everything applied; unchanged: nothing to do; planned: `--dry-run`; failed: see `error` (steps before it stay done). */
  status: 'done' | 'unchanged' | 'planned' | 'failed'
  /** Steps done by this run: `created`, `adopted`, `configured`, `member x@y`, `invited x@y`, `bookmark`. */
  done: string[]
  /** Things the person should know (a config field the server lacks, an early occupant). */
  warnings: string[]
  /** Members (with a JID) of the room. */
  members: number
  /** Participants still without a JID. */
  pending: number
  /** The failure, when status is failed. */
  error?: {code: string; message: string; suggestions: string[]}
}

/**
 * Applies a plan: rooms in parallel, each room's own order kept (enter/create → configure →
 * affiliate → invite → bookmark). Every step is recorded in the ledger as soon as the server
 * acknowledged it, so a rerun (planned again from the store) skips it. A room that fails does
 * not stop the others: its result says what happened and what to do.
 */
export async function applyRoomsPlan(options: ApplyOptions): Promise<RoomResult[]> {
  const gate = new BookmarkGate(options.session)
  const outbox = new InvitationOutbox(
    () => pingServer(options.session),
    (steps) => {
      options.ledger.recordSteps(steps)
      for (const s of steps) options.afterStep?.(s.chatId, s.step, s.target)
    },
  )
  return Promise.all(options.plan.rooms.map((room) => applyRoom(room, options, gate, outbox)))
}

function has(stored: StoredRoom | undefined, step: RoomStep, target = ''): boolean {
  return stored?.steps.get(step)?.has(target) ?? false
}

/** A stanza id that is the same on every run for one invitation (recognisable duplicates). */
function invitationId(kind: string, room: string, jid: string): string {
  return `xm-invite-${kind}-${createHash('sha256').update(`${room}\n${jid}`).digest('hex').slice(0, 16)}`
}

async function applyRoom(room: RoomPlan, options: ApplyOptions, gate: BookmarkGate, outbox: InvitationOutbox): Promise<RoomResult> {
  const {session, ledger} = options
  const result: RoomResult = {
    chatId: room.chatId,
    address: room.address,
    name: room.name,
    public: room.public,
    action: room.action,
    status: 'unchanged',
    done: [],
    warnings: [],
    members: room.members.length,
    pending: room.pending.length,
  }
  if (room.action === 'unchanged') return result
  const progress = (phase: RoomProgress['phase'], detail?: string, count?: number): void =>
    options.onProgress?.({chatId: room.chatId, address: room.address, phase, ...(detail !== undefined ? {detail} : {}), ...(count !== undefined ? {count} : {})})
  const record = (step: RoomStep, target = ''): void => {
    ledger.recordStep(room.chatId, step, target)
    options.afterStep?.(room.chatId, step, target)
  }
  const stored = options.stored.get(room.chatId)
  const sameAddress = stored !== undefined && stored.address.toLowerCase() === room.address
  const known = sameAddress ? stored : undefined
  const password = room.public ? options.password : null
  let phase = 'enter'
  let entered: {nick: string} | null = null
  let endWatch: () => void = () => {}
  progress('start')
  try {
    ledger.reserve(room.chatId, room.address, room.name, room.public)
    // XEP-0045 §10.1.1: presence to an absent room creates it (status 201) with us as owner; to
    // an existing one, enters it. Staying in the room until done also satisfies ejabberd, which
    // relays mediated invitations only from occupants (research §6.3).
    // Anyone else entering before the configuration is applied (ejabberd does not lock new
    // rooms, research §6.3) shows up as a presence from the room: watch until configured.
    const earlyOccupants = new Set<string>()
    let watching = true
    const stopWatching = session.onStanza((stanza) => {
      const from = stanza.attrs.from ?? ''
      if (!watching || stanza.name !== 'presence' || stanza.attrs.type !== undefined || (from.split('/')[0] ?? '').toLowerCase() !== room.address) return
      if (from.slice(room.address.length + 1) !== (entered?.nick ?? options.nick)) earlyOccupants.add(from)
    })
    endWatch = (): void => {
      watching = false
      stopWatching()
    }
    const entry = await enterRoom(session, room.address, options.nick, password)
    entered = {nick: entry.nick}
    let fresh = entry.created
    if (entry.created) {
      // A room we recorded before but the server made anew (destroyed meanwhile): its
      // configuration and affiliations are gone, redo them.
      if (known) {
        ledger.forgetStep(room.chatId, 'configured', [...(known.steps.get('configured') ?? [])][0] ?? '')
        for (const jid of known.steps.get('member') ?? []) ledger.forgetStep(room.chatId, 'member', jid)
      }
      record('created')
      result.done.push('created')
      progress('created')
    } else if (!has(known, 'created')) {
      phase = 'ownership'
      const owners = await affiliationList(session, room.address, 'owner')
      const own = (session.boundJid ?? '').split('/')[0]!.toLowerCase()
      if (!owners.includes(own)) {
        throw new UserError('ROOM_NOT_OURS', t('errors.rooms.belongsToOther', {room: room.address}), {
          suggestions: [t('errors.rooms.planAgain')],
        })
      }
      record('created')
      result.done.push('adopted')
      progress('adopted')
      fresh = true
    }

    phase = 'configure'
    const wish = {name: room.name, description: room.description, public: room.public, password}
    const signature = configSignature(wish)
    const configuredBefore = known?.steps.get('configured')
    if (entry.created || !configuredBefore?.has(signature)) {
      const form = await roomConfigForm(session, room.address)
      const filled = fillRoomConfig(form, wish)
      for (const field of filled.missing) result.warnings.push(t('rooms.warnings.formField', {field}))
      await submitRoomConfig(session, room.address, filled.values)
      const info = await roomInfo(session, room.address)
      const lacking = expectedRoomFeatures(room.public).filter((f) => !info?.features.includes(f))
      if (lacking.length > 0) {
        throw new UserError('ROOM_CONFIG_NOT_APPLIED', t('errors.rooms.configNotApplied', {room: room.address, lacking: lacking.join(', ')}), {
          suggestions: [t('errors.rooms.configNotAppliedFix')],
        })
      }
      record('configured', signature)
      result.done.push('configured')
      progress('configured')
    }
    endWatch()
    if (entry.created && earlyOccupants.size > 0) {
      // XEP-0045 §10.2: a room made members-only removes its non-members, so they are out now;
      // still worth knowing who was there.
      result.warnings.push(t('rooms.warnings.earlyOccupants', {room: room.address, occupants: [...earlyOccupants].join(', ')}))
    }

    phase = 'affiliate'
    const affiliated = fresh ? new Set<string>() : new Set(known?.steps.get('member') ?? [])
    const toAffiliate = room.members.filter((m) => !affiliated.has(m.jid))
    if (toAffiliate.length > 0) {
      // Pipelined: independent requests in flight together, one <item/> each (Prosody applies
      // only the first item of a multi-item request while answering success).
      await Promise.all(toAffiliate.map((m) => setAffiliation(session, room.address, m.jid, 'member')))
      let listed = await affiliatedJids(session, room.address)
      const missing = toAffiliate.filter((m) => !listed.has(m.jid))
      if (missing.length > 0) {
        for (const m of missing) await setAffiliation(session, room.address, m.jid, 'member')
        listed = await affiliatedJids(session, room.address)
      }
      const shown = toAffiliate.filter((m) => listed.has(m.jid))
      // Recorded together, one transaction (one disk sync) for the room's members rather than
      // one each (issue 17: 1,000 members made 1,000 syncs); setting an affiliation again is
      // harmless, so a crash before this commit only repeats requests.
      ledger.recordSteps(shown.map((m) => ({chatId: room.chatId, step: 'member' as const, target: m.jid})))
      for (const m of shown) {
        options.afterStep?.(room.chatId, 'member', m.jid)
        result.done.push(`member ${m.jid}`)
      }
      const notShown = toAffiliate.find((m) => !listed.has(m.jid))
      if (notShown !== undefined) {
        throw new UserError('ROOM_MEMBER_NOT_SET', t('errors.rooms.memberNotSet', {jid: notShown.jid, room: room.address}), {
          suggestions: [t('errors.rooms.memberNotSetFix')],
        })
      }
      progress('members', t('rooms.progress.membersCount', {count: toAffiliate.length}), toAffiliate.length)
    }

    phase = 'invite'
    const invited = known?.steps.get('invited') ?? new Set<string>()
    const toInvite = room.members.filter((m) => !invited.has(m.jid))
    if (toInvite.length > 0) {
      const ids = new Map<string, string>()
      const refused = new Map<string, string>()
      const stop = session.onStanza((stanza) => {
        if (stanza.name !== 'message' || stanza.attrs.type !== 'error') return
        const jid = ids.get(stanza.attrs.id ?? '')
        if (jid !== undefined) refused.set(jid, stanzaErrorParts(stanza).condition)
      })
      try {
        // Both kinds (issue 5): the mediated one (XEP-0045 §7.8.2) reaches clients that only
        // know MUC, the direct one (XEP-0249) those that ignore messages from unknown rooms.
        // Recorded by the outbox once the server confirmed it read them (see InvitationOutbox).
        await Promise.all(
          toInvite.map((m) => {
            const reason = invitationReason(invitationLanguage(m.language, options.defaultLanguage), options.inviterName, room.name, m.tone ?? null)
            const mediatedId = invitationId('mediated', room.address, m.jid)
            const directId = invitationId('direct', room.address, m.jid)
            ids.set(mediatedId, m.jid)
            ids.set(directId, m.jid)
            return outbox.send({
              write: async () => {
                await Promise.all([sendMediatedInvite(session, room.address, m.jid, reason, mediatedId), sendDirectInvite(session, room.address, m.jid, reason, directId, password)])
              },
              step: {chatId: room.chatId, step: 'invited', target: m.jid},
            })
          }),
        )
        // A round trip to the room: it answers after relaying the invitations sent before
        // (one stream, in order), so refusals have arrived by then.
        await roomInfo(session, room.address)
      } finally {
        stop()
      }
      for (const m of toInvite) {
        const condition = refused.get(m.jid)
        if (condition !== undefined) {
          ledger.forgetStep(room.chatId, 'invited', m.jid)
          result.warnings.push(t('rooms.warnings.invitationRefused', {jid: m.jid, condition}))
        } else {
          result.done.push(`invited ${m.jid}`)
        }
      }
      progress('invited', t('rooms.progress.invitedCount', {count: toInvite.length - refused.size}), toInvite.length - refused.size)
    }

    phase = 'bookmark'
    if (!has(known, 'bookmark') || !sameAddress) {
      await gate.publish({room: room.address, name: room.name, autojoin: true, nick: options.nick})
      record('bookmark')
      result.done.push('bookmark')
      progress('bookmarked')
    }
    result.status = 'done'
    progress('done')
  } catch (error) {
    const failure = roomFailure(error, room.address, phase)
    // The address is someone else's (now): forget that it was ours, so the next plan looks it
    // up again and picks another address instead of failing the same way.
    if (failure.code === 'ROOM_NOT_OURS') ledger.forgetStep(room.chatId, 'created')
    result.status = 'failed'
    result.error = {code: failure.code, message: failure.message, suggestions: failure.suggestions}
    progress('failed', failure.message)
  } finally {
    endWatch()
    if (entered) await leaveRoom(session, room.address, entered.nick).catch(() => {})
  }
  return result
}

/** Bare JIDs with member, admin or owner affiliation (all count as members of the group). */
async function affiliatedJids(session: XmppSession, room: string): Promise<Set<string>> {
  const lists = await Promise.all((['member', 'admin', 'owner'] as const).map((a) => affiliationList(session, room, a)))
  return new Set(lists.flat())
}
