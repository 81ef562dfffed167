import {loadCredentials} from '../credentials/credentials-file.js'
import {obtainPassword} from '../credentials/obtain-password.js'
import type {Workspace} from '../workspace.js'
import {loginAccount, type ConnectionDeps} from './account.js'
import {connectionSettingsFrom, type ConnectionFlagValues} from './connection-flags.js'
import type {XmppSession} from './XmppSession.js'

/**
 * What a later command (rooms, invitations, history) calls to get a logged-in session: the
 * workspace's stored account merged with the connection flags, the password from stdin, the
 * store or a prompt. The caller closes the session.
 * Fails with NO_ACCOUNT, the password-input errors, and loginAccount's UserErrors.
 */
export async function connectFromWorkspace(workspace: Workspace, flags: ConnectionFlagValues, deps: ConnectionDeps = {}): Promise<XmppSession> {
  const stored = loadCredentials(workspace)
  const settings = connectionSettingsFrom(flags, stored)
  const {password} = await obtainPassword({jid: settings.jid.trim().toLowerCase(), passwordStdin: flags['password-stdin'] ?? false, stored})
  return loginAccount(settings, password, deps)
}
