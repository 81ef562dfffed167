/**
 * 5. Rooms: each group chat becomes a private room (planned, confirmed, created).
 */
import {chatMembers, type ChatMember} from '../../contacts/index.js'
import {UserError} from '../../errors/index.js'
import type {RoomPlan, RoomsPlan} from '../../rooms/types.js'
import {createRoomsForWorkspace, planRoomsForWorkspace} from '../../rooms/workspace-rooms.js'
import {Store} from '../../store/index.js'
import {loadServerInfo} from '../../xmpp/server-info-file.js'
import {tr} from '../../i18n/index.js'
import type {Flow, FlowStep} from '../flow.js'
import {holdRun, skipIfHeld} from '../holds.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'
import {planRoomsOffline} from '../offline-plan.js'

/** A title's letters and digits only, lower case, single spaces (emoji and punctuation dropped). */
function titleWords(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
}

/** Chat ids of the groups to make public: answered, asked, or none. */
async function choosePublicChats(flow: Flow, groups: {id: number; title: string}[]): Promise<number[]> {
  const answer = flow.request.answers.publicGroups
  if (answer !== undefined) {
    return answer.map((g) => {
      // By id, by title, else by the title's words alone: "Les amis du jeudi" names "Les amis du jeudi 🍷".
      const exact = groups.find((c) => String(c.id) === g.trim() || c.title.normalize('NFC').toLowerCase() === g.trim().normalize('NFC').toLowerCase())
      const loose = groups.filter((c) => titleWords(c.title) === titleWords(g) && titleWords(g) !== '')
      const found = exact ?? (loose.length === 1 ? loose[0] : undefined)
      if (!found) throw new UserError('MIGRATE_NOT_A_GROUP', tr(flow.request.lang, 'flow.rooms2.notAGroup', {group: g}), {suggestions: [tr(flow.request.lang, 'flow.rooms2.notAGroupHint', {groups: groups.map((c) => `${c.id} (${c.title})`).join(', ')})]})
      return found.id
    })
  }
  // Private rooms are the safe default: a run without prompts makes none public.
  if (flow.request.asker instanceof NonInteractiveAsker || groups.length === 0) return []
  return flow.request.asker.checkbox<number>({message: flow.m.askPublic, flag: tr(flow.request.lang, 'flow.flags.public'), choices: groups.map((g) => ({name: g.title, value: g.id}))})
}

async function run(flow: Flow): Promise<void> {
  // Contacts left without an answer: rooms made now would leave them out (issue 16).
  if (!flow.request.dryRun && skipIfHeld(flow, 'rooms')) return
  const groups = flow.plan.chats.filter((c) => c.kind === 'group')
  if (groups.length === 0) {
    flow.log(flow.m.noGroups)
    flow.report('rooms', 'skipped', flow.m.noGroups)
    return
  }
  const publicChats = await choosePublicChats(flow, groups)
  if (flow.request.dryRun || flow.plan.account === null) {
    flow.plan.rooms = offlinePlan(flow, publicChats)
    flow.plan.roomAddressesAssumed = true
    showPlan(flow, flow.plan.rooms.rooms, flow.plan.rooms.mucService)
    flow.log(flow.m.addressesAssumed)
    if (flow.plan.account === null && flow.request.answers.mucService === undefined && loadServerInfo(flow.workspace) === null) flow.log(flow.m.placeholderService)
    flow.report('rooms', 'planned', flow.m.roomsPlanned(flow.plan.rooms.rooms.length, flow.plan.rooms.mucService))
    return
  }
  const connection = flow.request.timeoutSeconds !== undefined ? {timeout: flow.request.timeoutSeconds} : {}
  const connect = flow.connect
  const mucService = flow.request.answers.mucService
  const common = {publicChats, connection, ...(mucService !== undefined ? {mucService} : {}), ...(connect ? {connect} : {})}
  const planned = await planRoomsForWorkspace(flow.workspace, common)
  flow.plan.rooms = {mucService: planned.mucService, rooms: planned.rooms}
  showPlan(flow, planned.rooms, planned.mucService)
  if (planned.rooms.every((r) => r.action === 'unchanged')) {
    flow.log(flow.m.alreadyDone)
    flow.report('rooms', 'already-done', flow.m.roomsResult(0, 0, planned.rooms.length, 0))
    return
  }
  if (!(flow.request.asker instanceof NonInteractiveAsker) && !(await flow.request.asker.confirm({message: flow.m.askCreateRooms, flag: '--yes', default: true}))) {
    // A "no" holds what depends on the rooms in this run; nothing is recorded, a rerun asks again.
    const reason = tr(flow.request.lang, 'flow.rooms2.declined')
    holdRun(flow, {step: 'rooms', reason})
    const detail = `${flow.m.roomsNotConfirmed} ${reason}`
    flow.log(detail)
    flow.report('rooms', 'skipped', detail)
    return
  }
  const created = await createRoomsForWorkspace(flow.workspace, {...common, chatIds: [], dryRun: false, roomPassword: null, ...(flow.request.onRoomProgress ? {onProgress: flow.request.onRoomProgress} : {})})
  const s = created.summary
  const detail = flow.m.roomsResult(s.created, s.updated, s.unchanged, s.failed)
  flow.log(detail)
  for (const r of created.rooms) if (r.status === 'failed') flow.log(flow.m.roomFailed(r.address, r.error?.message ?? ''))
  if (s.failed > 0) flow.failed = true
  flow.report('rooms', s.failed > 0 ? 'failed' : 'done', detail)
}

/** The plan without the server: known service, else the account's `conference.` name, else a placeholder. */
function offlinePlan(flow: Flow, publicChats: number[]): RoomsPlan {
  const info = loadServerInfo(flow.workspace)
  const domain = flow.plan.account?.jid.split('@')[1]
  const mucService = flow.request.answers.mucService ?? info?.muc?.jid ?? (domain !== undefined ? `conference.${domain}` : 'conference.example.org')
  const store = Store.open(flow.workspace.storePath)
  try {
    const answers = flow.contactAnswers
    const dryMe = flow.dryMe
    const other = flow.request.dryRun ? (flow.request.answers.otherContacts ?? flow.dryOther) : undefined
    // Dry run: the answers not stored are laid over the book's members.
    const membersOf = (s: Store, chatId: number): ChatMember[] =>
      chatMembers(s, chatId).map((member) => {
        const choice = answers.get(member.contactId)
        const jid = member.jid ?? (choice?.kind === 'jid' ? choice.jid.trim().toLowerCase() : null)
        const isMe = dryMe === null ? member.isMe : member.contactId === dryMe
        return {...member, jid: isMe ? member.jid : jid, isMe, invite: member.invite || choice?.kind === 'invite' || (other === 'invite' && jid === null)}
      })
    return planRoomsOffline(store, {mucService, ownJid: flow.plan.account?.jid ?? '', publicChats, membersOf})
  } finally {
    store.close()
  }
}

function showPlan(flow: Flow, rooms: RoomPlan[], mucService: string): void {
  flow.log(flow.m.roomsPlanned(rooms.length, mucService))
  for (const r of rooms) {
    flow.log(flow.m.roomLine(r.action, r.address, r.name, r.public))
    flow.log(flow.m.roomMembers(r.members.length === 0 ? flow.m.labels.none : r.members.map((p) => `${p.name} <${p.jid}>`).join(', ')))
    if (r.pending.length > 0) flow.log(flow.m.roomPending(r.pending.map((p) => p.name).join(', ')))
  }
}

/** 5. Rooms: each group chat becomes a private room (planned, confirmed, created). */
export const roomsStep: FlowStep = {name: 'rooms', run}
