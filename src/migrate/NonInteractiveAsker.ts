import {UserError} from '../errors/index.js'
import {t} from '../i18n/index.js'
import type {Asker, QuestionBase} from './Asker.js'

/**
 * The asker of `--yes` runs and of runs without a terminal: a question that reaches it is an
 * answer the flags and the config file did not give, so it fails at once (never a prompt
 * that would hang a script) with MIGRATE_MISSING_ANSWER naming the flag to pass.
 */
export class NonInteractiveAsker implements Asker {
  /** Why there is no prompt: `--yes`, or standard input is not a terminal. */
  readonly reason: 'yes' | 'no-tty'

  constructor(reason: 'yes' | 'no-tty') {
    this.reason = reason
  }

  #missing(question: QuestionBase): never {
    throw new UserError('MIGRATE_MISSING_ANSWER', t('flow.missingAnswer.message', {reason: this.reason === 'yes' ? 'yes' : 'notty', question: question.message}), {
      suggestions: [t('flow.missingAnswer.flag', {flag: question.flag}), t('flow.missingAnswer.terminal')],
    })
  }

  async select<T>(question: QuestionBase): Promise<T> {
    return this.#missing(question)
  }

  async checkbox<T>(question: QuestionBase): Promise<T[]> {
    return this.#missing(question)
  }

  async input(question: QuestionBase): Promise<string> {
    return this.#missing(question)
  }

  async confirm(question: QuestionBase): Promise<boolean> {
    return this.#missing(question)
  }

  async password(question: QuestionBase): Promise<string> {
    return this.#missing(question)
  }
}
