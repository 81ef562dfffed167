// i18n-ignore-file: HTML markup only; every word of the kit comes from kit-texts.ts (kit.* in locales/)
/**
 * The kit's documents (pure: strings in, strings out). Pages are self-contained and printable:
 * inline CSS and SVG, no script, no external resource (a Content-Security-Policy forbids any),
 * so they work offline, from a USB stick or on paper.
 */
import {escapeHtml} from '../ui/html.js'
import {APP_STORES, kitTexts} from './kit-texts.js'
import type {ContactInvitation, KitLanguage} from './types.js'

// default-src 'none': nothing may load; inline styles only (and images from data: none used).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:42em;margin:1.5em auto;padding:0 1em;color:#111;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.4em}
.qr{width:300px;height:300px;margin:1em auto;display:block}
.qr svg{width:100%;height:100%}
.link{word-break:break-all;font-family:monospace;font-size:.95em}
.button{display:block;text-align:center;font-size:1.3em;font-weight:bold;padding:.9em 1em;margin:1em 0;background:#1a73e8;color:#fff;border-radius:.6em;text-decoration:none}
.hint{color:#444;font-size:.95em;text-align:center}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em;text-align:left;vertical-align:top}
@media print{body{margin:0}.noprint{display:none}}
`

function head(lang: KitLanguage, title: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>`
}

/** The link a person should open: the web link when there is one (cameras open https), else the xmpp: URI. */
export function primaryLink(invitation: Pick<ContactInvitation, 'uri' | 'webUrl'>): string {
  return invitation.webUrl ?? invitation.uri
}

/**
 * The printable page for one contact. `qrSvg` is the SVG of {@link primaryLink} (from
 * src/qr; trusted markup made by the qrcode package, never from user data).
 */
export function renderContactPage(invitation: ContactInvitation, inviterName: string, qrSvg: string, providersHtml = ''): string {
  const t = kitTexts(invitation.language, invitation.tone ?? null)
  const e = escapeHtml
  const providersBlock = invitation.wayIn === 'account-elsewhere' && providersHtml !== '' ? `<section id="providers"><h3>${e(t.providersTitle)}</h3>\n${providersHtml}</section>` : ''
  const groups = invitation.rooms.length > 0 ? `<p>${e(t.groupsIntro)}</p>\n<ul>${invitation.rooms.map((r) => `<li>${e(r.name)}</li>`).join('')}</ul>` : `<p>${e(t.noGroups)}</p>`
  const expiry = invitation.expires ? t.expires(t.formatDate(invitation.expires)) : t.noExpiry
  const links = [
    invitation.webUrl ? `<p>${e(t.webLabel)}<br><a class="link" id="web-link" href="${e(invitation.webUrl)}">${e(invitation.webUrl)}</a></p>` : '',
    `<p>${e(t.linkLabel)}<br><a class="link" id="xmpp-link" href="${e(invitation.uri)}">${e(invitation.uri)}</a></p>`,
    invitation.contactUri ? `<p>${e(t.thenAddLabel(inviterName))}<br><a class="link" id="contact-link" href="${e(invitation.contactUri)}">${e(invitation.contactUri)}</a></p>` : '',
  ].join('\n')
  const joinable = invitation.rooms.filter((r) => r.joinUri !== null)
  const roomLinks = joinable.length > 0 ? `<p>${e(t.roomLinksLabel)}</p>\n<ul class="rooms">${joinable.map((r) => `<li>${e(t.roomLink(r.name))} <a class="link" href="${e(r.joinUri ?? '')}">${e(r.joinUri ?? '')}</a></li>`).join('')}</ul>` : ''
  return `${head(t.lang, t.title(invitation.name))}
<body>
<h1 id="greeting">${e(t.greeting(invitation.name))}</h1>
<p id="invited-by">${e(t.invitedBy(inviterName))}</p>
${groups}
<h2>${e(t.stepsTitle)}</h2>
<h3>${e(t.step1Title)}</h3>
<ul id="stores"><li><a href="${APP_STORES.conversationsFdroid}">${e(t.storeLabels.fdroid)}</a> · <a href="${APP_STORES.conversationsPlay}">${e(t.storeLabels.play)}</a></li><li><a href="${APP_STORES.monal}">${e(t.storeLabels.appStore)}</a></li><li>${e(t.step1Computer)}</li></ul>
<h3>${e(t.step2Title)}</h3>
<p id="step2">${e(wayText(invitation, inviterName))}</p>
<a class="button noprint" id="open-app" href="${e(invitation.uri)}">${e(t.openButton)}</a>
${providersBlock}
<div class="qr" id="qr">${qrSvg}</div>
<p class="hint">${e(t.qrHint)}</p>
${links}
<h3>${e(t.step3Title)}</h3>
<p>${e(t.step3Body)}</p>
${roomLinks}
<p id="expiry"><strong>${e(expiry)}</strong></p>
<h2>${e(t.failTitle)}</h2>
<ul>${t.failBody(inviterName).map((line) => `<li>${e(line)}</li>`).join('')}</ul>
</body>
</html>
`
}

/** What step 2 says for this person (see WayIn). */
export function wayText(invitation: Pick<ContactInvitation, 'language' | 'tone' | 'wayIn' | 'server' | 'suggestedUsername' | 'registrationUrl'>, inviterName: string): string {
  return kitTexts(invitation.language, invitation.tone ?? null).way(invitation.wayIn, {inviter: inviterName, server: invitation.server, username: invitation.suggestedUsername, registrationUrl: invitation.registrationUrl})
}

/** The short text to paste into the old app (plain text, UTF-8, ends with a newline). `providersText` lists providers for `account-elsewhere`. */
export function renderMessage(invitation: ContactInvitation, inviterName: string, providersText = ''): string {
  const t = kitTexts(invitation.language, invitation.tone ?? null)
  const way = invitation.wayIn === 'account-elsewhere' && providersText !== '' ? `${wayText(invitation, inviterName)}\n${providersText.trimEnd()}` : wayText(invitation, inviterName)
  return `${t.message(invitation.name, inviterName, invitation.rooms.map((r) => r.name), primaryLink(invitation), invitation.expires ? t.formatDate(invitation.expires) : null, invitation.contactUri, way)}\n`
}

/** `index.html`: every contact, their status, link, expiry and page, in `language`. */
export function renderIndex(contacts: ContactInvitation[], language: KitLanguage, inviterName: string): string {
  const t = kitTexts(language)
  const e = escapeHtml
  const rows = contacts
    .map((c) => {
      const link = primaryLink(c)
      return `<tr data-contact="${c.contactId}"><td>${e(c.name)}${c.jid ? `<br><small>${e(c.jid)}</small>` : ''}</td><td>${e(t.wayShort[c.wayIn])}</td><td><a class="link" href="${e(link)}">${e(link)}</a></td><td>${c.expires ? e(t.formatDate(c.expires)) : '—'}</td><td><a href="${e(c.files.page)}">${e(c.files.page)}</a></td></tr>`
    })
    .join('\n')
  return `${head(t.lang, t.indexHeading(inviterName))}
<body>
<h1>${e(t.indexHeading(inviterName))}</h1>
<table>
<thead><tr><th>${e(t.columns.name)}</th><th>${e(t.columns.status)}</th><th>${e(t.columns.link)}</th><th>${e(t.columns.expires)}</th><th>${e(t.columns.page)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
}
