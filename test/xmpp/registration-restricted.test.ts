import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {createAccount, loginAccount} from '../../src/xmpp/account.js'
import {parseInvite} from '../../src/xmpp/invite-uri.js'
import {testServerKind, useTestServer} from '../server/index.js'
import {noQuestions, settingsFor, uniqueName} from './helpers/settings.js'

const captchaDir = mkdtempSync(join(tmpdir(), 'xm-captcha-'))

describe('registration on an invite-only server', () => {
  // ejabberd 23.01 has no invitation tokens: there is no invite-only mode to test there.
  const kind = testServerKind()
  const server = kind === 'ejabberd' ? null : useTestServer({registration: 'invite-only'})

  const noInvites = 'ejabberd 23.01 has no invitation tokens (XEP-0401), so no invite-only mode'

  it('without an invitation: XMPP_REGISTRATION_INVITE_ONLY, telling how to get in', async (ctx) => {
    const s = server?.()
    if (!s) return ctx.skip(noInvites)
    const error = await createAccount(settingsFor(s, uniqueName('kim')), {password: 'no-invite-1', ask: noQuestions, captchaDir}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_REGISTRATION_INVITE_ONLY'})
    expect((error as {suggestions: string[]}).suggestions.join(' ')).toContain('--invite')
  })

  it('with an invitation: the account is created', async (ctx) => {
    const s = server?.()
    if (!s) return ctx.skip(noInvites)
    const name = uniqueName('lou')
    const {session} = await createAccount(settingsFor(s, name), {password: 'with-invite-2', invite: parseInvite(await s.createAccountInvite()), ask: noQuestions, captchaDir})
    await session.close()
    await (await loginAccount(settingsFor(s, name), 'with-invite-2')).close()
  })
})

describe('registration on a closed server', () => {
  const server = useTestServer({registration: 'closed'})

  it('is XMPP_REGISTRATION_CLOSED with what to do next', async () => {
    const s = server()
    const error = await createAccount(settingsFor(s, uniqueName('max')), {password: 'closed-1', ask: noQuestions, captchaDir}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_REGISTRATION_CLOSED'})
    expect((error as {suggestions: string[]}).suggestions.join(' ')).toMatch(/invitation|account login/)
  })
})
