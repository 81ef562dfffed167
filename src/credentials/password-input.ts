import type {Readable, Writable} from 'node:stream'

import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'

/**
 * Reads a password piped on standard input (`--password-stdin`): everything up to the end,
 * minus one trailing newline. Fails with PASSWORD_EMPTY on empty input.
 */
export async function readPasswordFromStdin(input: Readable = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  if (password === '') {
    throw new UserError('PASSWORD_EMPTY', t('errors.account.passwordStdinEmpty'), {
      suggestions: [t('errors.account.passwordStdinFix')],
    })
  }
  return password
}

/**
 * Reads every line piped on standard input (for commands reading more than one secret, e.g.
 * `account create --invite-stdin --password-stdin`: the link, then the password). Trailing `\r`
 * are removed; the last empty line (final newline) is dropped.
 */
export async function readLinesFromStdin(input: Readable = process.stdin): Promise<string[]> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').map((l) => l.replace(/\r$/, ''))
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/**
 * Asks for a password on the terminal without echoing it. Fails with PASSWORD_NO_TTY when there
 * is no terminal to ask on, and PASSWORD_EMPTY when nothing is typed.
 */
export async function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: Writable = process.stderr): Promise<string> {
  if (!input.isTTY) {
    throw new UserError('PASSWORD_NO_TTY', t('errors.account.passwordNoTty'), {
      suggestions: [t('errors.account.passwordPipe'), t('errors.account.passwordLoginOnce')],
    })
  }
  output.write(question)
  const wasRaw = input.isRaw
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  try {
    const password = await new Promise<string>((resolve, reject) => {
      let typed = ''
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            input.off('data', onData)
            resolve(typed)
            return
          }
          if (ch === '\u0003') {
            input.off('data', onData)
            reject(new UserError('INTERRUPTED', t('errors.interrupted'), {suggestions: [t('errors.interruptedFix')]}))
            return
          }
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('')
          else typed += ch
        }
      }
      input.on('data', onData)
    })
    if (password === '') throw new UserError('PASSWORD_EMPTY', t('errors.account.passwordEmpty'), {suggestions: [t('errors.account.passwordEmptyFix')]})
    return password
  } finally {
    input.setRawMode(wasRaw)
    input.pause()
    output.write('\n')
  }
}
