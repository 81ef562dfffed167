// i18n-ignore-file: HTML markup only; the words come from texts.ts (providers.* in locales/)
import type {ContactTone} from '../contacts/types.js'
import {escapeHtml} from '../ui/html.js'
import {historyPhrase, providerOf, type ProviderLike} from './describe.js'
import {localizedUrl, registrationWay} from './ranking.js'
import {providerTexts, type ProviderTexts} from './texts.js'
import type {Provider} from './types.js'

// Pure renderers for the invitation kit of a person whose organizer's server cannot create their
// account: "create an account on one of these providers, then open this link". The kit places the
// fragment on the page and the lines in the message; it chooses the providers (proposeProviders).

/** Only web links are made clickable: a list from a URL is not trusted to hold `javascript:`. */
function webUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined
}

/** How one provider's account is made, as sentences (plain text) and its web page if that is the way. */
function howToRegister(provider: Provider, texts: ProviderTexts): {sentences: string[]; url?: string} {
  const way = registrationWay(provider)
  if (way.startsWith('in-app')) {
    const sentences = [texts.kitInApp(provider.jid)]
    if (way === 'in-app-captcha') sentences.push(texts.kitCaptcha)
    if (way === 'in-app-email') sentences.push(texts.kitEmail)
    return {sentences}
  }
  const url = webUrl(localizedUrl(provider.registrationWebPage, texts.lang))
  return url ? {sentences: [texts.kitWebPage], url} : {sentences: [texts.kitWebSiteOf(provider.jid)]}
}

/**
 * The HTML fragment for the kit page: a heading, the providers (how to register on each, and the
 * history it keeps), then the link to open once the account exists. Every value is escaped; only
 * http(s) pages become links. `lang` is the invited person's, `tone` how French texts address them ("tu" when null).
 */
export function providersKitHtml(lang: string, providers: readonly ProviderLike[], rosterLink: string, tone: ContactTone | null = null): string {
  const texts = providerTexts(lang, tone)
  const items = providers.map((p) => {
    const provider = providerOf(p)
    const how = howToRegister(provider, texts)
    const history = historyPhrase(provider, texts)
    const parts = [`<strong class="xm-provider-domain">${escapeHtml(texts.kitLabel(provider.jid))}</strong>`, ...how.sentences.map((s) => escapeHtml(s))]
    if (how.url) parts.push(`<a href="${escapeHtml(how.url)}">${escapeHtml(how.url)}</a>`, escapeHtml(texts.kitWebPageThen))
    if (history) parts.push(`<span class="xm-provider-history">${escapeHtml(texts.kitHistory(history))}</span>`)
    return `    <li>${parts.join(' ')}</li>`
  })
  return [
    `<section class="xm-providers" lang="${texts.lang}">`,
    `  <h2>${escapeHtml(texts.kitTitle)}</h2>`,
    `  <p>${escapeHtml(texts.kitIntro)}</p>`,
    '  <ol>',
    ...items,
    '  </ol>',
    `  <p>${escapeHtml(texts.kitThen)}</p>`,
    `  <p class="xm-providers-link"><a href="${escapeHtml(rosterLink)}">${escapeHtml(rosterLink)}</a></p>`,
    `  <p>${escapeHtml(texts.kitOtherServer)}</p>`,
    '</section>',
  ].join('\n')
}

/**
 * The same help as plain-text lines, for the message sent to the person (join with "\n"): the
 * intro, one line per provider ("- jabber.fr: In the app, …"), the link to open, and a line for
 * someone who already has an account elsewhere.
 */
export function providersKitText(lang: string, providers: readonly ProviderLike[], rosterLink: string, tone: ContactTone | null = null): string[] {
  const texts = providerTexts(lang, tone)
  const lines = [texts.kitIntro]
  for (const p of providers) {
    const provider = providerOf(p)
    const how = howToRegister(provider, texts)
    const sentence = [...how.sentences, ...(how.url ? [how.url, texts.kitWebPageThen] : [])].join(' ')
    lines.push(texts.kitLine(provider.jid, sentence))
  }
  lines.push(texts.kitThen, rosterLink, texts.kitOtherServer)
  return lines
}
