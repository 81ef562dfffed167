import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it, vi} from 'vitest'

import {exportHistory} from '../../src/history/index.js'
import {hasChromium, runChromium, CHROMIUM} from './chromium.js'
import {historyWorkspace} from './helpers.js'

// The archive in a real browser (Debian's chromium, headless): the page renders, search finds
// messages on every page of a chat, images load from the archive folder, user text stays text.

vi.setConfig({testTimeout: 90_000, hookTimeout: 90_000})

if (!hasChromium) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: the archive browser tests need ${CHROMIUM} (apt-get install -y chromium).`)
}

describe.skipIf(!hasChromium)('the html archive in headless Chromium', () => {
  let out: string
  beforeAll(async () => {
    const workspace = await historyWorkspace(45)
    out = join(mkdtempSync(join(tmpdir(), 'xm-history-browser-')), 'archive')
    // Small search shards, so a search gathers rows from several files (issue 17).
    exportHistory(workspace, {format: 'html', out, chatIds: [], language: 'fr', pageSize: 20, searchShardRows: 7})
  })

  it('renders a chat page with its messages, and the image loads from the archive', async () => {
    const dom = await runChromium(join(out, 'chats/1/p1.html'))
    expect(dom).toContain('Bonjour à tous ! Le gîte est réservé 🏡')
    expect(dom).toMatch(/<img class="thumb" src="\.\.\/\.\.\/media\/[0-9a-f]{64}\.png"[^>]*data-loaded="true"/)
    expect(dom).not.toContain('data-error')
  })

  it('shows a script message as text and never runs it', async () => {
    const dom = await runChromium(join(out, 'chats/1/p1.html'))
    expect(dom).toContain('<title>Famille &lt;b&gt;Dupont&lt;/b&gt; 🏡</title>')
    expect(dom).toContain('&lt;script&gt;document.title="pwned"&lt;/script&gt;')
    expect(dom).not.toContain('pwned</title>')
  })

  it('finds a message on another page of the chat (#q=)', async () => {
    const dom = await runChromium(join(out, 'chats/3/p1.html'), {hash: '#q=mot-cl%C3%A9-44'})
    expect(dom).toContain('<section id="results" data-count="1">')
    expect(dom).toMatch(/<li class="result"><a href="\.\.\/\.\.\/chats\/3\/p3\.html#m\d+">2023-12-31 23:44 · Maman<\/a>/)
  })

  it('searches every chat from the index, accents and case folded', async () => {
    const dom = await runChromium(join(out, 'index.html'), {hash: '#q=CREPES'})
    expect(dom).toContain('data-count="1"')
    expect(dom).toContain('Les crêpes sont prêtes')
    expect(dom).toContain('1 résultat')
    expect(dom).not.toContain('résultat(s)')
    const none = await runChromium(join(out, 'index.html'), {hash: '#q=introuvable'})
    expect(none).toContain('data-count="0"')
    expect(none).toContain('Aucun résultat.')
  })

  it('a search result lands on its message', async () => {
    const dom = await runChromium(join(out, 'index.html'), {hash: '#q=boulangerie'})
    const href = /<li class="result"><a href="([^"]+)"/.exec(dom)?.[1]
    expect(href).toMatch(/^chats\/1\/p1\.html#m\d+$/)
    const page = readFileSync(join(out, href!.split('#')[0]!), 'utf8')
    expect(page).toContain(`id="${href!.split('#')[1]}"><div class="head"><span class="author`)
    expect(page.slice(page.indexOf(`id="${href!.split('#')[1]}"`))).toMatch(/^[^\n]*boulangerie/)
  })

  it('takes a screenshot of the index (renders without errors)', async () => {
    const shot = join(out, '..', 'index.png')
    await runChromium(join(out, 'index.html'), {screenshot: shot})
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(statSync(shot).size).toBeGreaterThan(5000)
  })
})
