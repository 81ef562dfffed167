import {BugError, UserError, XmError} from '../errors/index.js'
import {XmppRequestError} from '../xmpp/XmppRequestError.js'
import {t} from '../i18n/index.js'

/** What was being done to a room when it failed (used in messages): the catalogue's `errors.rooms.phase.*`. */
const PHASES = new Set(['enter', 'ownership', 'configure', 'affiliate', 'invite', 'bookmark'])

/**
 * Turns a failure while working on one room into an error naming the room, what was being done
 * and what to do (XEP-0045 error conditions, RFC 6120 §8.3.3). Our own XmErrors pass through;
 * anything unknown is a bug.
 */
export function roomFailure(error: unknown, room: string, phase: string): XmError {
  if (error instanceof XmError) return error
  const doing = PHASES.has(phase) ? t(`errors.rooms.phase.${phase}`) : phase
  const RERUN = t('errors.rooms.rerun')
  if (error instanceof XmppRequestError) {
    const said = error.text ? ` ${t('errors.xmpp.serverSaid', {text: error.text})}` : ''
    const condition = error.condition
    switch (error.condition) {
      case 'not-allowed':
      case 'forbidden':
        if (phase === 'enter') {
          return new UserError('ROOM_CREATION_REFUSED', t('errors.rooms.creationRefused', {room, condition}) + said, {
            cause: error,
            suggestions: [t('errors.rooms.creationRefusedFix'), RERUN],
          })
        }
        return new UserError('ROOM_REFUSED', t('errors.rooms.refused', {doing, room, condition}) + said, {
          cause: error,
          suggestions: [t('errors.rooms.refusedCheckOwner'), RERUN],
        })
      case 'registration-required':
      case 'not-authorized':
        return new UserError('ROOM_NOT_OURS', t('errors.rooms.notMember', {room}) + said, {
          cause: error,
          suggestions: [t('errors.rooms.planAgain')],
        })
      case 'conflict':
        return new UserError('ROOM_NICK_TAKEN', t('errors.rooms.nickTaken', {room}) + said, {
          cause: error,
          suggestions: [t('errors.rooms.nickTakenFix'), RERUN],
        })
      case 'resource-constraint':
      case 'policy-violation':
      case 'service-unavailable':
      case 'remote-server-timeout':
        return new UserError('ROOM_SERVER_BUSY', t('errors.rooms.busy', {doing, room, condition}) + said, {
          cause: error,
          suggestions: [t('errors.rooms.waitMinutes'), RERUN],
        })
      case 'bad-request':
      case 'not-acceptable':
      case 'feature-not-implemented':
        return new UserError('ROOM_UNSUPPORTED', t('errors.rooms.unsupported', {doing, room, condition}) + said, {
          cause: error,
          suggestions: [t('errors.rooms.report'), RERUN],
        })
      default:
        return new UserError('ROOM_REFUSED', t('errors.rooms.refused', {doing, room, condition}) + said, {cause: error, suggestions: [RERUN]})
    }
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || /connection closed/i.test(error.message))) {
    return new UserError('ROOM_CONNECTION_LOST', t('errors.rooms.connectionLost', {doing, room}), {cause: error, suggestions: [t('errors.rooms.checkNetwork'), RERUN]})
  }
  return new BugError(`Unexpected failure while ${doing} for ${room}: ${error instanceof Error ? error.message : String(error)}`, {cause: error})
}
