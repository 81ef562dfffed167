import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {consoleLanguage, t} from '../../i18n/index.js'
import {USAGE_EXIT_CODE} from '../../ui/usage-error.js'
import {terminalSafe} from '../../ui/terminal-text.js'
import {UserError} from '../../errors/index.js'
import {flowLanguage} from '../../migrate/language.js'
import {PROVIDER_CATEGORIES, listProviders, localizedUrl, providerFacts, providerTexts, type Provider, type ProviderCategory} from '../../providers/index.js'


/** `xmpp-migrate providers`: the public XMPP providers that suit, best first, with why. */
export default class Providers extends BaseCommand<typeof Providers> {
  static override summary = 'Public XMPP providers where you and your contacts can create an account, best first, with why.'

  static override description = `The list is the XMPP Providers project's (CC0-1.0), built into xmpp-migrate; --providers uses a fresher one.
Providers with pages in your language (--lang) and servers in your country (--country) come first, then those keeping history longer.
A server that is not in the list (your own, a CHATONS host) works just as well: give it to --server.`

  static override examples = [
    '<%= config.bin %> providers --lang fr --country FR',
    '<%= config.bin %> providers --category A --json',
    '<%= config.bin %> providers --providers https://example.org/providers.json',
  ]

  // --lang here is any language code (de, es…) to rank providers; the console speaks it when it can.
  static override freeLanguageFlag = true

  static override flags = {
    lang: Flags.string({summary: 'Your language (fr, en, de…): providers with pages in it first; fr or en also sets the language of this output.'}),
    country: Flags.string({summary: 'Your country (FR, BE, CH…): providers with servers there first.'}),
    category: Flags.string({summary: 'Only this category: A (usable with no choice to make), B, C or D.', options: [...PROVIDER_CATEGORIES]}),
    providers: Flags.string({summary: 'A provider list in the XMPP Providers format, as a file or an http(s) URL (fetched once, then kept in the workspace).'}),
    refresh: Flags.boolean({summary: 'Download the --providers URL again instead of using the copy kept in the workspace.', dependsOn: ['providers']}),
  }

  async run(): Promise<Provider[]> {
    const {flags} = this
    const lang = flags.lang?.trim().toLowerCase()
    if (lang !== undefined && !/^[a-z]{2,3}$/.test(lang)) {
      throw new UserError('PROVIDERS_BAD_FLAG', t('commands.providers.badLang', {value: flags.lang ?? ''}), {exitCode: USAGE_EXIT_CODE})
    }
    const country = flags.country?.trim().toLowerCase()
    if (country !== undefined && !/^[a-z]{2}$/.test(country)) {
      throw new UserError('PROVIDERS_BAD_FLAG', t('commands.providers.badCountry', {value: flags.country ?? ''}), {exitCode: USAGE_EXIT_CODE})
    }
    const {list, ranked} = await listProviders({
      ...(flags.providers ? {source: flags.providers, workspace: this.workspace, refresh: flags.refresh} : {}),
      ...(lang ? {lang} : {}),
      ...(country ? {country} : {}),
      ...(flags.category ? {category: flags.category as ProviderCategory} : {}),
    })
    for (const issue of list.issues) this.note(t('commands.providers.leftOut', {index: issue.index + 1, jid: issue.jid ? issue.jid : '__none', message: issue.message}))

    if (!this.jsonEnabled()) {
      // The output's language: --lang when a catalogue speaks it, else the workspace's or the system's (BaseCommand).
      const out = flowLanguage(consoleLanguage())
      const texts = providerTexts(out)
      // i18n-ignore: a source's name, date and licence
      const origin = list.origin.kind === 'built-in' ? `XMPP Providers, ${list.origin.date ?? ''}, CC0-1.0` : `${terminalSafe(list.origin.location)}${list.origin.date ? `, ${list.origin.date}` : ''}`
      this.log(texts.listHeading(ranked.length, origin))
      if (ranked.length === 0) this.log(texts.none)
      ranked.forEach((entry, i) => {
        const p = entry.provider
        this.log('')
        this.log(`${String(i + 1).padStart(2)}. ${terminalSafe(p.jid)}  (${texts.category(p.category)})`)
        this.log(`    ${terminalSafe(providerFacts(entry, out).join(' · '))}`)
        const page = entry.registration === 'web-page' ? entry.registrationUrl : localizedUrl(p.website, lang ?? out)
        if (page) this.log(`    ${terminalSafe(page)}`)
      })
    }
    return ranked.map((entry) => entry.provider)
  }
}
