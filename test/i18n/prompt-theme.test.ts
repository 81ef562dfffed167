import {describe, expect, it} from 'vitest'

import {confirmAnswer} from '../../src/i18n/prompt-theme.js'
import {InquirerAsker} from '../../src/migrate/prompts.js'
import {KEY, PromptDriver} from '../migrate/prompt-driver.js'

// The prompts' hints and yes/no words follow the language (issue 13), drawn and driven as at a terminal.

function asker(lang: string): {driver: PromptDriver; ask: InquirerAsker} {
  const driver = new PromptDriver()
  return {driver, ask: new InquirerAsker({input: driver.input, output: driver.output, lang})}
}

const choices = [
  {name: 'Famille Dupont', value: 1},
  {name: 'Les amis du jeudi', value: 2},
]

describe('prompts in the console language (issue 13)', {timeout: 30_000}, () => {
  it('French: select and checkbox hints, (o/N), "o" and "oui" understood, "Oui" written back', async () => {
    const {driver, ask} = asker('fr')
    const chosen = ask.select({message: 'Quel groupe ?', flag: '--x', choices})
    await driver.answer('Quel groupe ?', [KEY.down, KEY.enter])
    expect(await chosen).toBe(2)
    expect(driver.screen).toContain('↑↓ naviguer • ⏎ choisir')

    const ticked = ask.checkbox({message: 'Quels groupes publics ?', flag: '--x', choices})
    await driver.answer('Quels groupes publics ?', [KEY.space, KEY.enter])
    expect(await ticked).toEqual([1])
    // "t" (tout) ticks every group in French.
    const all = ask.checkbox({message: 'Lesquels ?', flag: '--x', choices})
    await driver.answer('Lesquels ?', ['t', KEY.enter])
    expect(await all).toEqual([1, 2])
    expect(driver.screen).toContain('↑↓ naviguer • espace choisir • t tout • i inverser • ⏎ valider')

    const first = ask.confirm({message: 'Continuer ?', flag: '--x', default: false})
    await driver.answer('Continuer ?', ['o', KEY.enter])
    expect(await first).toBe(true)
    const second = ask.confirm({message: 'Envoyer ?', flag: '--x', default: false})
    await driver.answer('Envoyer ?', [...'oui', KEY.enter])
    expect(await second).toBe(true)
    const third = ask.confirm({message: 'Effacer ?', flag: '--x', default: true})
    await driver.answer('Effacer ?', [...'non', KEY.enter])
    expect(await third).toBe(false)

    expect(driver.screen).toContain('Continuer ? (o/N)')
    expect(driver.screen).toContain('Effacer ? (O/n)')
    expect(driver.screen).toMatch(/Continuer \? Oui\n/)
    expect(driver.screen).toMatch(/Effacer \? Non/)
    expect(driver.screen).not.toMatch(/navigate|submit|y\/N|Yes|\bNo\b/)
  })

  it('English stays as @inquirer writes it: ↑↓ navigate • ⏎ select, (y/N), Yes', async () => {
    const {driver, ask} = asker('en')
    const chosen = ask.select({message: 'Which group?', flag: '--x', choices})
    await driver.answer('Which group?', [KEY.enter])
    expect(await chosen).toBe(1)
    const ticked = ask.checkbox({message: 'Which public groups?', flag: '--x', choices})
    await driver.answer('Which public groups?', [KEY.down, KEY.space, KEY.enter])
    expect(await ticked).toEqual([2])
    const yes = ask.confirm({message: 'Go on?', flag: '--x', default: false})
    await driver.answer('Go on?', ['y', KEY.enter])
    expect(await yes).toBe(true)
    expect(driver.screen).toContain('↑↓ navigate • ⏎ select')
    expect(driver.screen).toContain('↑↓ navigate • space select • a all • i invert • ⏎ submit')
    expect(driver.screen).toContain('Go on? (y/N)')
    expect(driver.screen).toMatch(/Go on\? Yes/)
  })

  it('a yes/no answer: the language\'s words and English, any case; anything else is the default', () => {
    expect(confirmAnswer('fr', 'O', false)).toBe(true)
    expect(confirmAnswer('fr', ' Oui ', false)).toBe(true)
    expect(confirmAnswer('fr', 'yes', false)).toBe(true)
    expect(confirmAnswer('fr', 'n', true)).toBe(false)
    expect(confirmAnswer('fr', 'Non', true)).toBe(false)
    expect(confirmAnswer('fr', '', true)).toBe(true)
    expect(confirmAnswer('fr', 'peut-être', false)).toBe(false)
    // "o" is no English word: left to the default there.
    expect(confirmAnswer('en', 'o', false)).toBe(false)
    expect(confirmAnswer('en', 'YES', false)).toBe(true)
  })
})
