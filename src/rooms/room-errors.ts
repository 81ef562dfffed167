import {BugError, UserError, XmError} from '../errors/index.js'
import {XmppRequestError} from '../xmpp/XmppRequestError.js'

/** What was being done to a room when it failed (used in messages). */
const PHASES: Record<string, string> = {
  enter: 'creating or entering it',
  ownership: 'checking who owns it',
  configure: 'configuring it',
  affiliate: 'adding its members',
  invite: 'inviting its members',
  bookmark: 'bookmarking it on your account',
}

const RERUN = 'Then run `xmpp-migrate rooms create` again: what is done is kept, the rest is finished.'

/**
 * Turns a failure while working on one room into an error naming the room, what was being done
 * and what to do (XEP-0045 error conditions, RFC 6120 §8.3.3). Our own XmErrors pass through;
 * anything unknown is a bug.
 */
export function roomFailure(error: unknown, room: string, phase: string): XmError {
  if (error instanceof XmError) return error
  const doing = PHASES[phase] ?? phase
  if (error instanceof XmppRequestError) {
    const said = error.text ? ` The server said: "${error.text}".` : ''
    switch (error.condition) {
      case 'not-allowed':
      case 'forbidden':
        if (phase === 'enter') {
          return new UserError('ROOM_CREATION_REFUSED', `The server does not let you create the room ${room} (${error.condition}).${said}`, {
            cause: error,
            suggestions: ['Ask the server administrator to allow you to create group chats (Prosody: restrict_room_creation; ejabberd: access_create), or name another group chat service with --muc-service.', RERUN],
          })
        }
        return new UserError('ROOM_REFUSED', `The server refused ${doing} for ${room} (${error.condition}).${said}`, {
          cause: error,
          suggestions: ['Check that your account owns this room (your client shows its affiliations), or ask the server administrator.', RERUN],
        })
      case 'registration-required':
      case 'not-authorized':
        return new UserError('ROOM_NOT_OURS', `The room ${room} exists and is restricted to its members; you are not one.${said}`, {
          cause: error,
          suggestions: ['Run `xmpp-migrate rooms plan` again: it picks another address for this group.'],
        })
      case 'conflict':
        return new UserError('ROOM_NICK_TAKEN', `Your nickname is already used in ${room}.${said}`, {
          cause: error,
          suggestions: ['Leave the room in your other clients for a moment, or wait a minute.', RERUN],
        })
      case 'resource-constraint':
      case 'policy-violation':
      case 'service-unavailable':
      case 'remote-server-timeout':
        return new UserError('ROOM_SERVER_BUSY', `The server did not accept ${doing} for ${room} now (${error.condition}: too many requests, or a limit).${said}`, {
          cause: error,
          suggestions: ['Wait a few minutes.', RERUN],
        })
      case 'bad-request':
      case 'not-acceptable':
      case 'feature-not-implemented':
        return new UserError('ROOM_UNSUPPORTED', `The server does not support ${doing} for ${room} the way xmpp-migrate does it (${error.condition}).${said}`, {
          cause: error,
          suggestions: ['Report it with the server software and version (`xmpp-migrate account show`).', RERUN],
        })
      default:
        return new UserError('ROOM_REFUSED', `The server refused ${doing} for ${room} (${error.condition}).${said}`, {cause: error, suggestions: [RERUN]})
    }
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || /connection closed/i.test(error.message))) {
    return new UserError('ROOM_CONNECTION_LOST', `The connection was lost while ${doing} for ${room}.`, {cause: error, suggestions: ['Check the network.', RERUN]})
  }
  return new BugError(`Unexpected failure while ${doing} for ${room}: ${error instanceof Error ? error.message : String(error)}`, {cause: error})
}
