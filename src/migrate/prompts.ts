/**
 * The terminal prompts of the guided flow: the only module importing @inquirer/prompts.
 * Prompts draw on stderr so that stdout keeps only the flow's report.
 */
import type {Readable, Writable} from 'node:stream'

import {checkbox, input, password, select} from '@inquirer/prompts'

import {consoleLanguage, type Lang} from '../i18n/index.js'
import {checkboxShortcuts, checkboxTheme, confirmPrompt, selectTheme} from '../i18n/prompt-theme.js'
import {terminalSafe} from '../ui/terminal-text.js'
import type {Asker, Choice, QuestionBase} from './Asker.js'

/** The choices as the terminal shows them: names and descriptions come from chats (terminalSafe). */
function safeChoices<T>(choices: Choice<T>[]): Choice<T>[] {
  return choices.map((c) => ({...c, name: terminalSafe(c.name), ...(c.description === undefined ? {} : {description: terminalSafe(c.description)})}))
}

/** Where the prompts read keys and draw (tests pass streams of their own). */
export interface PromptStreams {
  input?: Readable
  output?: Writable
  /** The language of the prompts' hints and yes/no words; default: the console's (issue 13). */
  lang?: Lang
}

/** An Asker on @inquirer/prompts. Ctrl-C rejects with inquirer's ExitPromptError (the flow stops; the store keeps what is done). */
export class InquirerAsker implements Asker {
  readonly #context: {input?: NodeJS.ReadableStream; output: NodeJS.WritableStream; clearPromptOnDone: boolean}
  readonly #lang: Lang | undefined

  constructor(streams: PromptStreams = {}) {
    this.#lang = streams.lang
    this.#context = {
      ...(streams.input ? {input: streams.input as NodeJS.ReadableStream} : {}),
      output: (streams.output ?? process.stderr) as NodeJS.WritableStream,
      clearPromptOnDone: false,
    }
  }

  /** The prompts' language, read when a question is asked (the command sets the console's first). */
  get #language(): Lang {
    return this.#lang ?? consoleLanguage()
  }

  async select<T>(question: QuestionBase & {choices: Choice<T>[]; default?: T}): Promise<T> {
    return select<T>(
      {message: terminalSafe(question.message), choices: safeChoices(question.choices), theme: selectTheme(this.#language), ...(question.default !== undefined ? {default: question.default} : {})},
      this.#context,
    )
  }

  async checkbox<T>(question: QuestionBase & {choices: Choice<T>[]}): Promise<T[]> {
    return checkbox<T>({message: terminalSafe(question.message), choices: safeChoices(question.choices), theme: checkboxTheme(this.#language), shortcuts: checkboxShortcuts(this.#language)}, this.#context)
  }

  async input(question: QuestionBase & {default?: string; validate?: (value: string) => string | true}): Promise<string> {
    return input(
      {message: terminalSafe(question.message), ...(question.default !== undefined ? {default: question.default} : {}), ...(question.validate ? {validate: question.validate} : {})},
      this.#context,
    )
  }

  async confirm(question: QuestionBase & {default: boolean}): Promise<boolean> {
    return confirmPrompt({message: terminalSafe(question.message), default: question.default, lang: this.#language}, this.#context)
  }

  async password(question: QuestionBase): Promise<string> {
    // Nothing is echoed, not even a mask: its length is a secret too.
    return password({message: terminalSafe(question.message)}, this.#context)
  }
}
