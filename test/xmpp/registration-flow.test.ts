import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {registerAccount, type AskField, type IqSession} from '../../src/xmpp/registration.js'
import {parseXml, type Element} from '../../src/xmpp/xml.js'
import {XmppRequestError} from '../../src/xmpp/XmppRequestError.js'

// The CAPTCHA and web-only paths, which neither test server offers, against a scripted server.
// Forms and errors written for these tests after XEP-0077 §3.3, §5 and XEP-0158 §3.

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

function captchaForm(): string {
  return `<iq type='result' id='x'><query xmlns='jabber:iq:register'>
    <instructions>Prove you are human.</instructions>
    <x xmlns='jabber:x:data' type='form'>
      <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
      <field type='hidden' var='challenge'><value>c-7</value></field>
      <field type='text-single' var='captcha-fallback-url'><value>https://example.test/captcha/c-7</value></field>
      <field type='text-single' var='username'><required/></field>
      <field type='text-private' var='password'><required/></field>
      <field type='text-single' var='ocr' label='Enter the text you see'><required/>
        <media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:sha1+77@bob.xmpp.org</uri></media></field>
    </x></query>
    <data xmlns='urn:xmpp:bob' cid='sha1+77@bob.xmpp.org' type='image/png'>${PNG_BYTES.toString('base64')}</data></iq>`
}

/** A scripted server: answers each iq with the next reply (an XML string or an error to throw). */
function scripted(replies: (string | XmppRequestError)[]): {session: IqSession; sent: Element[]} {
  const sent: Element[] = []
  const session: IqSession = {
    options: {domain: 'example.test'},
    async iq(stanza: Element): Promise<Element> {
      sent.push(stanza)
      const next = replies.shift()
      if (next === undefined) throw new Error('unexpected iq')
      if (next instanceof XmppRequestError) throw next
      return parseXml(next)
    },
  }
  return {session, sent}
}

describe('registerAccount with a CAPTCHA (XEP-0158)', () => {
  it('saves the image, tells where to read the challenge, and submits the answer with the hidden fields', async () => {
    const captchaDir = join(mkdtempSync(join(tmpdir(), 'xm-captcha-')), 'captcha')
    const {session, sent} = scripted([captchaForm(), `<iq type='result' id='y'/>`])
    const questions: {name: string; files: string[]; url?: string; captcha: boolean}[] = []
    const ask: AskField = async (field, context) => {
      questions.push({name: field.name, files: [...field.savedMedia], url: context.url, captcha: context.captcha})
      return 'W7KP'
    }
    const outcome = await registerAccount(session, {username: 'marie', password: 'pw-1', ask, captchaDir})
    expect(outcome).toEqual({formKind: 'data-form', captcha: true, askedFields: ['ocr'], usedInvite: false})
    expect(questions).toHaveLength(1)
    expect(questions[0]).toMatchObject({name: 'ocr', url: 'https://example.test/captcha/c-7', captcha: true})
    const image = questions[0]?.files[0] ?? ''
    expect(readFileSync(image)).toEqual(PNG_BYTES)
    expect(statSync(image).mode & 0o777).toBe(0o600)
    const submitted = Object.fromEntries((sent[1]?.getChild('query', 'jabber:iq:register')?.getChild('x', 'jabber:x:data')?.getChildren('field') ?? []).map((f) => [f.attrs.var, f.getChildText('value')]))
    expect(submitted).toMatchObject({FORM_TYPE: 'urn:xmpp:captcha', challenge: 'c-7', username: 'marie', password: 'pw-1', ocr: 'W7KP'})
  })

  it('a refused answer is XMPP_CAPTCHA_WRONG, pointing at the web page', async () => {
    const {session} = scripted([captchaForm(), new XmppRequestError('not-acceptable', 'The CAPTCHA verification has failed', 'modify', '')])
    const error = await registerAccount(session, {username: 'marie', password: 'pw-1', ask: async () => 'nope', captchaDir: mkdtempSync(join(tmpdir(), 'xm-c-'))}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_CAPTCHA_WRONG'})
    expect((error as {suggestions: string[]}).suggestions.join(' ')).toContain('https://example.test/captcha/c-7')
  })
})

describe('registerAccount: servers that say no', () => {
  const noAsk: AskField = async () => {
    throw new Error('no question expected')
  }
  const captchaDir = mkdtempSync(join(tmpdir(), 'xm-c-'))

  it('web-only registration (XEP-0077 §5 OOB) is XMPP_REGISTRATION_WEB_ONLY with the URL', async () => {
    const {session, sent} = scripted([`<iq type='result'><query xmlns='jabber:iq:register'><instructions>Use the web.</instructions><x xmlns='jabber:x:oob'><url>https://example.test/signup</url></x></query></iq>`])
    const error = await registerAccount(session, {username: 'marie', password: 'pw', ask: noAsk, captchaDir}).catch((e: unknown) => e)
    expect(error).toMatchObject({code: 'XMPP_REGISTRATION_WEB_ONLY', message: expect.stringContaining('https://example.test/signup')})
    expect(sent).toHaveLength(1) // nothing submitted
  })

  it('not-allowed on the form request is XMPP_REGISTRATION_CLOSED', async () => {
    const {session} = scripted([new XmppRequestError('not-allowed', '', 'cancel', '')])
    await expect(registerAccount(session, {username: 'marie', password: 'pw', ask: noAsk, captchaDir})).rejects.toMatchObject({code: 'XMPP_REGISTRATION_CLOSED'})
  })

  it('a throttle (resource-constraint, wait) is XMPP_REGISTRATION_THROTTLED', async () => {
    const {session} = scripted([`<iq type='result'><query xmlns='jabber:iq:register'><username/><password/></query></iq>`, new XmppRequestError('resource-constraint', 'Users are not allowed to register accounts so quickly', 'wait', '')])
    await expect(registerAccount(session, {username: 'marie', password: 'pw', ask: noAsk, captchaDir})).rejects.toMatchObject({code: 'XMPP_REGISTRATION_THROTTLED'})
  })

  it('sends the preauth token before asking for the form (XEP-0401 §4), and maps a refused token', async () => {
    const ok = scripted([`<iq type='result'/>`, `<iq type='result'><query xmlns='jabber:iq:register'><username/><password/></query></iq>`, `<iq type='result'/>`])
    const invite = {token: 'TOKEN-abc123', domain: 'example.test', action: 'register' as const, allowsRegistration: true}
    await registerAccount(ok.session, {username: 'marie', password: 'pw', invite, ask: noAsk, captchaDir})
    expect(ok.sent[0]?.toString()).toMatch(/^<iq type="set" to="example.test"( id="[^"]*")?><preauth xmlns="urn:xmpp:pars:0" token="TOKEN-abc123"\/><\/iq>$/)
    expect(ok.sent[1]?.getChild('query', 'jabber:iq:register')).toBeDefined()
    const refused = scripted([new XmppRequestError('forbidden', 'The invite token is invalid or expired', 'auth', '')])
    await expect(registerAccount(refused.session, {username: 'marie', password: 'pw', invite, ask: noAsk, captchaDir})).rejects.toMatchObject({code: 'XMPP_INVITE_INVALID'})
  })

  it('any other refusal keeps the server\'s reason (XMPP_REGISTRATION_REJECTED)', async () => {
    const {session} = scripted([`<iq type='result'><query xmlns='jabber:iq:register'><username/><password/></query></iq>`, new XmppRequestError('not-acceptable', 'The password is too weak', 'modify', '')])
    await expect(registerAccount(session, {username: 'marie', password: 'pw', ask: noAsk, captchaDir})).rejects.toMatchObject({code: 'XMPP_REGISTRATION_REJECTED', message: expect.stringContaining('too weak')})
  })
})
