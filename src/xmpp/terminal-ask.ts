import {createInterface} from 'node:readline/promises'

import {UserError} from '../errors/index.js'
import {languages, t} from '../i18n/index.js'
import {confirmAnswer} from '../i18n/prompt-theme.js'
import {terminalSafe} from '../ui/terminal-text.js'
import {XmppErrorCode} from './errors.js'
import type {AskContext, AskField} from './registration.js'
import type {RegistrationField} from './registration-form.js'

/**
 * An AskField that asks on the terminal (questions on stderr, so stdout stays clean). Without a
 * terminal (or when stdin carries the password) it fails with XMPP_REGISTRATION_FIELD_MISSING
 * naming the field, since nobody can answer.
 */
export function terminalAsk(options: {interactive: boolean}): AskField {
  return async (field: RegistrationField, context: AskContext): Promise<string> => {
    if (!options.interactive || !process.stdin.isTTY) {
      throw new UserError(XmppErrorCode.REGISTRATION_FIELD_MISSING, t(context.captcha ? 'errors.registration.captchaNoTerminal' : 'errors.registration.fieldNoTerminal', {label: field.label}), {
        suggestions: [t('errors.registration.runInTerminal'), ...(context.url ? [t('errors.registration.orRegisterOnWeb', {url: context.url})] : [])],
      })
    }
    const lines: string[] = []
    if (context.instructions) lines.push(context.instructions)
    if (context.captcha) {
      lines.push(t('prompts.registration.captcha'))
      for (const file of field.savedMedia) lines.push(t('prompts.registration.captchaImage', {file}))
      for (const m of field.media) if (/^https?:/.test(m.uri)) lines.push(t('prompts.registration.captchaLink', {url: m.uri}))
      if (context.url) lines.push(t('prompts.registration.captchaPage', {url: context.url}))
    }
    if (field.description) lines.push(field.description)
    if (field.options) lines.push(t('prompts.registration.choices', {choices: field.options.map((o) => `${o.value} (${o.label})`).join(', ')}))
    // The server wrote these texts: no escape sequence of theirs reaches the terminal (issue 14).
    process.stderr.write(terminalSafe(`${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`))
    const rl = createInterface({input: process.stdin, output: process.stderr})
    try {
      const question = field.type === 'boolean' ? t('prompts.registration.yesNoQuestion', {label: field.label}) : t('prompts.registration.question', {label: field.label})
      const answer = (await rl.question(terminalSafe(question))).trim()
      // Yes in any language the tool speaks (y, yes, o, oui…), as the other prompts understand it.
      if (field.type === 'boolean') return /^(1|true)$/i.test(answer) || languages().some((lang) => confirmAnswer(lang, answer, false)) ? '1' : '0'
      return answer
    } finally {
      rl.close()
    }
  }
}
