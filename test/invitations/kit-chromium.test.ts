// The kit's pages in a real headless Chromium (Debian package `chromium`; playwright-core is not
// available here, so the browser's own --screenshot and --dump-dom do the driving): the page
// renders, the QR code is visible, and decoding a screenshot gives the link back.
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'

import {afterAll, describe, expect, it} from 'vitest'

import {primaryLink, renderContactPage, renderIndex} from '../../src/invitations/kit-pages.js'
import type {ContactInvitation, KitLanguage} from '../../src/invitations/types.js'
import {qrSvg} from '../../src/qr/index.js'
import {decodePng} from './qr-decode.js'

const run = promisify(execFile)
const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
const dir = mkdtempSync(join(tmpdir(), 'xm-kit-chromium-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

let profiles = 0
/** Chromium flags: no network services, a throw-away profile per run (runs never share state). */
function chromiumArgs(extra: string[]): string[] {
  profiles++
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, `profile-${profiles}`)}`, ...extra]
}

async function screenshot(file: string): Promise<Buffer> {
  const png = join(dir, `shot-${profiles + 1}.png`)
  await run(CHROMIUM, chromiumArgs([`--screenshot=${png}`, '--window-size=900,1400', pathToFileURL(file).href]), {timeout: 60_000})
  return readFileSync(png)
}

async function dumpDom(file: string): Promise<string> {
  const {stdout} = await run(CHROMIUM, chromiumArgs(['--dump-dom', pathToFileURL(file).href]), {timeout: 60_000, maxBuffer: 16 * 1024 * 1024})
  return stdout
}

function invitation(language: KitLanguage, name: string): ContactInvitation {
  return {
    contactId: 4,
    name,
    jid: null,
    language,
    status: 'invited',
  wayIn: 'link-creates-account',
  server: 'example.test',
  registrationUrl: null,
  suggestedUsername: 'elodie',
    linkKind: 'contact-invite',
    uri: 'xmpp:claire@example.test?roster;preauth=AbCdEfGhIjKlMnOpQrStUvWx;ibr=y',
    contactUri: null,
    webUrl: 'https://example.test/invites_page?AbCdEfGhIjKlMnOpQrStUvWx',
    expires: '2026-12-03T04:33:09.000Z',
    rooms: [{name: 'Famille <Dupont>', address: 'famille@conference.example.test', joinUri: 'xmpp:famille@conference.example.test?join', qr: null}],
    files: {page: '4-x/invitation.html', message: '4-x/message.txt', png: '4-x/qr.png', svg: '4-x/qr.svg'},
    roster: null,
  }
}

async function writePage(language: KitLanguage, name: string): Promise<{file: string; inv: ContactInvitation}> {
  const inv = invitation(language, name)
  const file = join(dir, `page-${language}.html`)
  writeFileSync(file, renderContactPage(inv, 'Claire Martin', await qrSvg(primaryLink(inv), 'QR')))
  return {file, inv}
}

const NO_CHROMIUM = 'skipped: /usr/bin/chromium is not installed (Debian: apt-get install chromium)'

describe('kit pages in headless Chromium', () => {
  for (const language of ['fr', 'en'] as const) {
    it(`${language} page: the screenshot's QR code decodes to the link`, async (ctx) => {
      if (!available) return ctx.skip(NO_CHROMIUM)
      const {file, inv} = await writePage(language, 'Élodie')
      expect(decodePng(await screenshot(file))).toBe(primaryLink(inv))
    })
  }

  it('French page: texts as rendered by the browser; a name with markup stays text', async (ctx) => {
    if (!available) return ctx.skip(NO_CHROMIUM)
    const {file} = await writePage('fr', '<script>document.title="pwned"</script>Zoé')
    const dom = await dumpDom(file)
    expect(dom).toContain('<html lang="fr">')
    expect(dom).toContain('Bonjour &lt;script&gt;document.title="pwned"&lt;/script&gt;Zoé,')
    // The browser ran nothing (no script element, and the CSP forbids inline scripts anyway).
    expect(dom).toMatch(/<title>Invitation pour &lt;script&gt;/)
    for (const text of ['Trois étapes', 'Conversations sur F-Droid', 'Ouvrir l’invitation dans l’application', 'Comme nom, tape\u202F: elodie', 'Monal', 'Gajim ou Dino', 'Si cela ne marche pas', 'valable jusqu’au 3 décembre 2026 à 18:18 UTC+13:45', 'Famille &lt;Dupont&gt;']) expect(dom).toContain(text)
  })

  it('English page and index', async (ctx) => {
    if (!available) return ctx.skip(NO_CHROMIUM)
    const {file, inv} = await writePage('en', 'Bruno')
    const dom = await dumpDom(file)
    for (const text of ['<html lang="en">', 'Hello Bruno,', 'Three steps', 'Conversations on F-Droid', 'Open the invitation in the app', 'If it does not work', 'valid until 3 December 2026']) expect(dom).toContain(text)
    const index = join(dir, 'index.html')
    writeFileSync(index, renderIndex([inv], 'en', 'Claire Martin'))
    const indexDom = await dumpDom(index)
    expect(indexDom).toContain('<td>the link creates their account here</td>')
    expect(indexDom).toContain('href="4-x/invitation.html"')
  })
})
