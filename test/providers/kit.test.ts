import {describe, expect, it} from 'vitest'

import {providersKitHtml, providersKitText} from '../../src/providers/kit.js'
import {proposeFrom} from '../../src/providers/ranking.js'
import type {Provider} from '../../src/providers/types.js'
import {fixtureProviders} from './helpers.js'

const ROSTER = 'xmpp:marie@chat.example?roster'

function pick(...wanted: string[]): Provider[] {
  const list = fixtureProviders()
  return wanted.map((jid) => list.find((p) => p.jid === jid)!)
}

describe('providersKitHtml', () => {
  it('in French: the providers, how to register on each, then the link to open', () => {
    const html = providersKitHtml('fr', pick('libre.example', 'captcha.example', 'web.example'), ROSTER, 'vous')
    expect(html).toMatch(/^<section class="xm-providers" lang="fr">/)
    expect(html).toContain('<h2>Créez d’abord votre compte</h2>')
    expect(html).toContain('<li><strong class="xm-provider-domain">libre.example\u202F:</strong> Dans l’application, choisissez «\u202FCréer un compte\u202F» et indiquez le serveur libre.example.')
    expect(html).toContain('L’application vous montrera un code à recopier.')
    // A relative the organizer says "tu" to (the default):
    const tu = providersKitHtml('fr', pick('captcha.example'), ROSTER)
    expect(tu).toContain('<h2>Crée d’abord ton compte</h2>')
    expect(tu).toContain('L’application te montrera un code à recopier.')
    // The web page in French, as a link, then how to come back.
    expect(html).toContain('<a href="https://web.example/inscription">https://web.example/inscription</a>')
    expect(html).toContain('historique gardé 1 an')
    expect(html).toContain(`<a href="${ROSTER}">${ROSTER}</a>`)
    expect(html.indexOf('libre.example')).toBeLessThan(html.indexOf('captcha.example'))
    expect(html.indexOf('web.example')).toBeLessThan(html.indexOf(ROSTER))
  })

  it('in English, from ranked proposals as well as from providers', () => {
    const proposals = proposeFrom(fixtureProviders(), {lang: 'en', limit: 2, inAppOnly: true, today: '2026-12-06'})
    const html = providersKitHtml('en', proposals, ROSTER)
    expect(html).toContain('lang="en"')
    expect(html).toContain('First, create your account')
    for (const p of proposals) expect(html).toContain(`In the app, choose "Create account" and enter the server ${p.provider.jid}.`.replace(/"/g, '&quot;'))
  })

  it('escapes what the list says and links only to web pages', () => {
    const hostile: Provider = {jid: 'evil<b>.example', category: 'B', inBandRegistration: false, registrationWebPage: {en: 'javascript:alert(1)'}, maximumMessageArchiveManagementStorageTime: 7}
    const html = providersKitHtml('en', [hostile], 'xmpp:a@b.example?roster;x="y"')
    expect(html).not.toContain('<b>')
    expect(html).toContain('evil&lt;b&gt;.example')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('The account is created on the web site of evil&lt;b&gt;.example.')
    expect(html).toContain('href="xmpp:a@b.example?roster;x=&quot;y&quot;"')
  })
})

describe('providersKitText', () => {
  it('gives the message lines: intro, one line per provider, the link alone on its line', () => {
    const lines = providersKitText('en', pick('libre.example', 'email.example', 'web.example'), ROSTER)
    expect(lines).toEqual([
      'Choose one of these free providers to create your XMPP account:',
      '- libre.example: In the app, choose "Create account" and enter the server libre.example.',
      '- email.example: In the app, choose "Create account" and enter the server email.example. You will be asked for an e-mail address.',
      '- web.example: Create the account on its web site: https://web.example/register then log in from the app with the address and password you chose.',
      'Once your account exists, open this link in the app:',
      ROSTER,
      'Already have an XMPP account somewhere else? It works too: just open the link.',
    ])
  })

  it('in French, with French punctuation and the French page', () => {
    const lines = providersKitText('fr', pick('web.example'), ROSTER, 'vous')
    expect(lines[1]).toBe('- web.example\u202F: Créez le compte sur son site\u202F: https://web.example/inscription puis connectez-vous dans l’application avec l’adresse et le mot de passe choisis.')
    expect(providersKitText('fr', pick('web.example'), ROSTER)[1]).toBe('- web.example\u202F: Crée le compte sur son site\u202F: https://web.example/inscription puis connecte-toi dans l’application avec l’adresse et le mot de passe choisis.')
    expect(lines).toContain(ROSTER)
  })
})
