/**
 * The terminal prompts in the console's language (issue 13): one @inquirer theme per prompt kind,
 * whose key hints ("↑↓ navigate • ⏎ select") come from the message catalogue, and a yes/no
 * prompt that reads and writes the language's own words ("(o/N)", "o"/"oui", echoed "Oui").
 *
 * @inquirer/prompts 7 writes its hints from English action names it passes to
 * `theme.style.keysHelpTip(keys)`; the themes here translate those names. Its `confirm` only
 * understands y/yes/n/no and echoes "Yes"/"No", hence {@link confirmPrompt}, built on
 * @inquirer/core (the library's own prompt kit) so that it draws, and is driven, like the others.
 */
import {styleText} from 'node:util'

import {createPrompt, isEnterKey, isTabKey, makeTheme, type Theme, useKeypress, usePrefix, useState} from '@inquirer/core'

import {type Lang, tr} from './index.js'

type KeyHint = [key: string, action: string]

/** The catalogue key of each action name @inquirer passes to `keysHelpTip`. */
const ACTIONS: Record<string, string> = {
  navigate: 'prompts.keys.navigate',
  select: 'prompts.keys.select',
  submit: 'prompts.keys.submit',
  all: 'prompts.keys.all',
  invert: 'prompts.keys.invert',
}

/** The catalogue key of each key name @inquirer writes in words. */
const KEY_NAMES: Record<string, string> = {
  space: 'prompts.keys.space',
}

/** "↑↓ naviguer • ⏎ choisir": @inquirer's hint line with the actions in `lang` (same look: bold key, dim action). */
export function keysHelpTip(lang: Lang): (keys: KeyHint[]) => string {
  return (keys) =>
    keys
      .map(([key, action]) => {
        const keyKey = KEY_NAMES[key]
        const actionKey = ACTIONS[action]
        const keyText = keyKey === undefined ? key : tr(lang, keyKey)
        const actionText = actionKey === undefined ? action : tr(lang, actionKey)
        return `${styleText('bold', keyText)} ${styleText('dim', actionText)}`
      })
      .join(styleText('dim', ' • '))
}

/** The theme of a `select` prompt in `lang`. */
export function selectTheme(lang: Lang): {style: {keysHelpTip: (keys: KeyHint[]) => string}} {
  return {style: {keysHelpTip: keysHelpTip(lang)}}
}

/** The theme of a `checkbox` prompt in `lang` (its hints name space, all, invert, submit). */
export function checkboxTheme(lang: Lang): {style: {keysHelpTip: (keys: KeyHint[]) => string}} {
  return {style: {keysHelpTip: keysHelpTip(lang)}}
}

/** The checkbox's shortcut keys in `lang` ("a" all / "i" invert; French "t" tout / "i" inverser). */
export function checkboxShortcuts(lang: Lang): {all: string; invert: string} {
  return {all: tr(lang, 'prompts.keys.allKey'), invert: tr(lang, 'prompts.keys.invertKey')}
}

/** The words that answer "yes" and "no" in `lang` (English ones are always understood too). */
function answerWords(lang: Lang, which: 'yes' | 'no'): string[] {
  const words = [tr(lang, `prompts.confirm.${which}Words`), tr('en', `prompts.confirm.${which}Words`)].join(',')
  return words
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '')
}

/**
 * What a typed answer means: true for a yes word of `lang` or English ("o", "oui", "y", "yes",
 * any case), false for a no word, else the default (an empty answer, or one not understood).
 */
export function confirmAnswer(lang: Lang, typed: string, defaultValue: boolean): boolean {
  const value = typed.trim().toLowerCase()
  if (value === '') return defaultValue
  if (answerWords(lang, 'yes').includes(value)) return true
  if (answerWords(lang, 'no').includes(value)) return false
  return defaultValue
}

/** "Oui" / "Non": how an answer is written back after the question. */
export function confirmWord(lang: Lang, value: boolean): string {
  return tr(lang, value ? 'prompts.confirm.yes' : 'prompts.confirm.no')
}

/** The configuration of {@link confirmPrompt}. */
export interface ConfirmConfig {
  /** The question. */
  message: string
  /** The answer Enter gives. */
  default: boolean
  /** The language of the hint "(o/N)", the words understood and the answer written back. */
  lang: Lang
  /** @inquirer's base theme (prefix, colors). */
  theme?: Partial<Theme>
}

/**
 * A yes/no question in a language: "? Continuer ? (o/N)", understands o/oui/n/non (and y/yes/no),
 * Tab completes to the word opposite the current answer, Enter writes back "Oui" or "Non".
 * Same behaviour as @inquirer's `confirm` otherwise.
 */
export const confirmPrompt = createPrompt<boolean, ConfirmConfig>((config, done) => {
  const {lang} = config
  const [status, setStatus] = useState<'idle' | 'done'>('idle')
  const [value, setValue] = useState('')
  const theme = makeTheme(config.theme)
  const prefix = usePrefix({status, theme})

  useKeypress((key, rl) => {
    if (status !== 'idle') return
    if (isEnterKey(key)) {
      const answer = confirmAnswer(lang, value, config.default)
      setValue(confirmWord(lang, answer))
      setStatus('done')
      done(answer)
    } else if (isTabKey(key)) {
      const word = confirmWord(lang, !confirmAnswer(lang, value, config.default))
      rl.clearLine(0) // the Tab itself
      rl.write(word)
      setValue(word)
    } else {
      setValue(rl.line)
    }
  })

  const message = theme.style.message(config.message, status)
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`
  const hint = theme.style.defaultAnswer(tr(lang, config.default ? 'prompts.confirm.hintYes' : 'prompts.confirm.hintNo'))
  return `${prefix} ${message} ${hint} ${value}`
})
