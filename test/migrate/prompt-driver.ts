/**
 * Drives the @inquirer prompts of the flow through streams, as a person at a terminal would:
 * waits until a question is drawn, then types keys. (What @inquirer/testing does; that package
 * is not a dependency here.)
 */
import {PassThrough, Writable} from 'node:stream'
import {setTimeout as sleep} from 'node:timers/promises'
import {stripVTControlCharacters} from 'node:util'

/** Keys as a terminal sends them. */
export const KEY = {enter: '\r', down: '\u001B[B', up: '\u001B[A', space: ' '} as const

export class PromptDriver {
  /** What the prompts read. */
  readonly input = new PassThrough()
  /** Where the prompts draw. */
  readonly output: Writable
  #text = ''
  #offset = 0

  constructor() {
    this.output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.#text += stripVTControlCharacters(chunk.toString('utf8'))
        done()
      },
    })
    // Each prompt ends the stream it draws on when it is done (harmless on a terminal's stderr):
    // this one stays open for the next prompt.
    this.output.end = (() => this.output) as Writable['end']
  }

  /** Everything drawn so far, without terminal escapes. */
  get screen(): string {
    return this.#text
  }

  /** Waits (at most 20 s) until `question` is drawn after the last answered one, then types `keys`. */
  async answer(question: string, keys: string[]): Promise<void> {
    const giveUpAt = Date.now() + 20_000
    for (;;) {
      const at = this.#text.indexOf(question, this.#offset)
      if (at >= 0) {
        this.#offset = at + question.length
        break
      }
      if (Date.now() > giveUpAt) throw new Error(`The question "${question}" was never asked. Screen:\n${this.#text.slice(-2000)}`)
      await sleep(10)
    }
    for (const key of keys) {
      this.input.write(key)
      await sleep(20)
    }
  }
}
