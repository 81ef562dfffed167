/**
 * The rooms' console texts, in the console's language (issue 13): the progress of `rooms create`
 * (and of the guided flow's rooms step), the `rooms plan` listing and the `rooms create` report.
 * `--json` keeps the typed results (phases, actions and steps as codes).
 */
import {t} from '../i18n/index.js'
import type {RoomProgress, RoomResult} from './apply-plan.js'
import type {RoomPlan} from './types.js'
import type {RoomsCreateResult, RoomsPlanResult} from './workspace-rooms.js'

/** One progress line: "famille@conference.example.org: 4 members added" / "… : 4 membres ajoutés". */
export function roomProgressLine(event: RoomProgress): string {
  const {address} = event
  const count = event.count ?? 0
  switch (event.phase) {
    case 'start':
      return t('rooms.progress.start', {address})
    case 'created':
      return t('rooms.progress.created', {address})
    case 'adopted':
      return t('rooms.progress.adopted', {address})
    case 'configured':
      return t('rooms.progress.configured', {address})
    case 'members':
      return t('rooms.progress.members', {address, count})
    case 'invited':
      return t('rooms.progress.invited', {address, count})
    case 'bookmarked':
      return t('rooms.progress.bookmarked', {address})
    case 'done':
      return t('rooms.progress.done', {address})
    case 'failed':
      return t('rooms.progress.failed', {address, message: event.detail ?? ''})
  }
}

/** A planned change ("member x@y", "invite x@y", "configure"…) in words. */
function changeText(change: string): string {
  const [verb, ...rest] = change.split(' ')
  const jid = rest.join(' ')
  switch (verb) {
    case 'create':
      return t('rooms.plan.change.create')
    case 'configure':
      return t('rooms.plan.change.configure')
    case 'member':
      return t('rooms.plan.change.member', {jid})
    case 'invite':
      return t('rooms.plan.change.invite', {jid})
    case 'bookmark':
      return t('rooms.plan.change.bookmark')
    default:
      return change
  }
}

function actionText(action: RoomPlan['action']): string {
  switch (action) {
    case 'create':
      return t('rooms.plan.action.create')
    case 'update':
      return t('rooms.plan.action.update')
    case 'unchanged':
      return t('rooms.plan.action.unchanged')
  }
}

/** The lines of `rooms plan`: each room with its members, who is still missing, and what is left to do. */
export function formatRoomsPlan(result: RoomsPlanResult): string[] {
  const lines = [t('rooms.plan.title', {account: result.account, service: result.mucService})]
  if (result.rooms.length === 0) lines.push(t('rooms.plan.none'))
  for (const room of result.rooms) {
    const values = {action: actionText(room.action), address: room.address, name: room.name, chat: room.chatId}
    lines.push(room.public ? t('rooms.plan.roomPublic', values) : t('rooms.plan.room', values))
    lines.push(room.members.length === 0 ? t('rooms.plan.noMembers') : t('rooms.plan.members', {members: room.members.map((m) => m.jid).join(', ')}))
    if (room.pending.length > 0) lines.push(t('rooms.plan.pending', {names: room.pending.map((p) => p.name).join(', ')}))
    if (room.action === 'update') lines.push(t('rooms.plan.toDo', {changes: room.changes.map(changeText).join(', ')}))
  }
  return lines
}

function statusText(status: RoomResult['status']): string {
  switch (status) {
    case 'done':
      return t('rooms.create.status.done')
    case 'unchanged':
      return t('rooms.create.status.unchanged')
    case 'planned':
      return t('rooms.create.status.planned')
    case 'failed':
      return t('rooms.create.status.failed')
  }
}

/** The report of `rooms create`: one line per room (its warnings and failure), then the counts. */
export function formatRoomsCreate(result: RoomsCreateResult): string[] {
  const lines: string[] = []
  for (const room of result.rooms) {
    const values = {mark: room.status === 'failed' ? '✗' : '✓', address: room.address, name: room.name, status: statusText(room.status), steps: room.done.length}
    lines.push(room.done.length > 0 ? t('rooms.create.roomWithSteps', values) : t('rooms.create.room', values))
    for (const w of room.warnings) lines.push(t('rooms.create.warning', {message: w}))
    if (room.error) {
      lines.push(`    ${room.error.message}`)
      for (const s of room.error.suggestions) lines.push(`    → ${s}`)
    }
  }
  const s = result.summary
  lines.push(t(result.dryRun ? 'rooms.create.summaryDryRun' : 'rooms.create.summary', {created: s.created, updated: s.updated, unchanged: s.unchanged, failed: s.failed}))
  return lines
}
