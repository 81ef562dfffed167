import {existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {exportHistory} from '../../src/history/index.js'
import type {Workspace} from '../../src/workspace.js'
import {familyFiles, historyWorkspace, XSS_TEXT} from './helpers.js'

let workspace: Workspace
beforeAll(async () => {
  workspace = await historyWorkspace(45)
})

function outDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'xm-history-out-')), 'archive')
}

/** Every file under `dir`, relative, with `/`. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
}

describe('history export --format html', () => {
  it('writes index, assets, pages, search indexes and media, all private', () => {
    const out = outDir()
    const result = exportHistory(workspace, {format: 'html', out, chatIds: [], language: 'fr', pageSize: 20})
    const files = walk(out).sort()
    expect(files).toEqual(
      expect.arrayContaining(['index.html', 'assets/archive.css', 'assets/archive.js', 'chats/1/p1.html', 'chats/1/search.js', 'chats/2/p1.html', 'chats/3/p1.html', 'chats/3/p2.html', 'chats/3/p3.html', 'chats/3/search.js']),
    )
    expect(files).not.toContain('chats/3/p4.html')
    expect(result.chats.map((c) => [c.id, c.messages, 'pages' in c ? c.pages : 0])).toEqual([[1, 11, 1], [2, 2, 1], [3, 45, 3]])
    expect(result.files).toBe(files.length)
    expect(statSync(out).mode & 0o777).toBe(0o700)
    for (const f of files) expect(statSync(join(out, f)).mode & 0o777, f).toBe(0o600)
    for (const d of ['assets', 'chats', 'chats/1', 'media']) expect(statSync(join(out, d)).mode & 0o777, d).toBe(0o700)
  })

  it('copies stored media under their hash and shows the missing one as missing', () => {
    const out = outDir()
    const result = exportHistory(workspace, {format: 'html', out, chatIds: [1], language: 'en'})
    const media = readdirSync(join(out, 'media')).sort()
    expect(media).toHaveLength(3)
    for (const name of media) expect(name).toMatch(/^[0-9a-f]{64}(\.(png|pdf|opus))?$/)
    const png = media.find((m) => m.endsWith('.png'))!
    expect(readFileSync(join(out, 'media', png))).toEqual(Buffer.from(familyFiles()['IMG-20240503-WA0001.png']!))
    expect(result.chats[0]).toMatchObject({mediaShown: 3, mediaMissing: 1})
    const page = readFileSync(join(out, 'chats/1/p1.html'), 'utf8')
    expect(page).toContain(`<img class="thumb" src="../../media/${png}"`)
    expect(page).toContain(`<a class="thumb" href="../../media/${png}">`)
    expect(page).toMatch(/<audio controls preload="none" src="\.\.\/\.\.\/media\/[0-9a-f]{64}\.opus">/)
    expect(page).toContain('devis gîte.pdf</a>')
    expect(page).toContain('File missing from the export: IMG-lost.jpg')
    expect(page).toContain('Media not included in the export')
  })

  it('escapes everything the people wrote, titles included', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'html', out, chatIds: [], language: 'en'})
    const page = readFileSync(join(out, 'chats/1/p1.html'), 'utf8')
    expect(page).not.toContain(XSS_TEXT)
    expect(page).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;')
    expect(page).toContain('<title>Famille &lt;b&gt;Dupont&lt;/b&gt; 🏡</title>')
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Famille &lt;b&gt;Dupont&lt;/b&gt; 🏡</a>')
    // The search index is data for a script file: it holds the text, with no "<" left raw.
    const index = readFileSync(join(out, 'chats/1/search-1.js'), 'utf8')
    expect(readFileSync(join(out, 'chats/1/search.js'), 'utf8')).not.toContain('<')
    expect(index).not.toContain('<')
    expect(index).toContain('\\u003cscript>document.title=')
  })

  it('shows day separators, replies, reactions, edits and events', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'html', out, chatIds: [1], language: 'fr'})
    const page = readFileSync(join(out, 'chats/1/p1.html'), 'utf8')
    expect(page.match(/<h2 class="day">/g)).toHaveLength(2)
    expect(page).toContain('<h2 class="day">vendredi 3 mai 2024</h2>')
    expect(page).toContain('<h2 class="day">samedi 4 mai 2024</h2>')
    expect(page).toMatch(/<div class="event" id="m\d+"><time datetime="2024-05-03T09:58:00">09:58<\/time> Maman a créé le groupe « Famille »<\/div>/)
    expect(page).toContain('<span class="rlabel">En réponse à</span>')
    expect(page).toContain('On se retrouve où ?')
    expect(page).toContain('<span class="reaction" title="Maman">❤️</span><span class="reaction" title="~ Léa">👍</span>')
    expect(page).toContain('<div class="edited">(modifié)</div>')
    expect(page).toContain('<html lang="fr">')
  })

  it('pages a long chat with navigation and one search index for all its pages, in shards (issue 17)', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'html', out, chatIds: [3], language: 'en', pageSize: 20, searchShardRows: 20})
    const p1 = readFileSync(join(out, 'chats/3/p1.html'), 'utf8')
    const p2 = readFileSync(join(out, 'chats/3/p2.html'), 'utf8')
    const p3 = readFileSync(join(out, 'chats/3/p3.html'), 'utf8')
    expect(p1).toContain('<a rel="next" href="p2.html">')
    expect(p1).not.toContain('rel="prev"')
    expect(p2).toContain('<a rel="prev" href="p1.html">')
    expect(p2).toContain('<span>Page 2 / 3</span>')
    expect(p3).not.toContain('rel="next"')
    expect(p1.match(/class="msg"/g)).toHaveLength(20)
    expect(p3.match(/class="msg"/g)).toHaveLength(5)
    // Each page starts with its day; p1 also crosses midnight (23:00 + 60 minutes).
    expect(p2.indexOf('<h2 class="day">')).toBeLessThan(p2.indexOf('class="msg"'))
    expect(p1).toContain('Sunday, 31 December 2023')
    // search.js names the shards; each shard adds its rows (20, 20, 5), in message order.
    expect(readFileSync(join(out, 'chats/3/search.js'), 'utf8')).toMatch(/^xmArchive\.parts\(3, "[^"]*", 3\);\n$/)
    expect(existsSync(join(out, 'chats/3/search-4.js'))).toBe(false)
    const rows = [1, 2, 3].flatMap((k) => {
      const shard = readFileSync(join(out, `chats/3/search-${k}.js`), 'utf8')
      expect(shard.startsWith(`xmArchive.add(3, ${k}, [[`)).toBe(true)
      return JSON.parse(shard.slice(shard.indexOf(', [[') + 2, shard.lastIndexOf(');'))) as [number, number, string, string, string][]
    })
    expect(rows).toHaveLength(45)
    expect(rows.map((r) => r[1])).toEqual([...rows.map((r) => r[1])].sort((a, b) => a - b))
    expect(rows.find((r) => r[4].endsWith('mot-clé-44'))?.[0]).toBe(3)
    expect(rows.find((r) => r[4].endsWith('mot-clé-0'))?.[0]).toBe(1)
  })

  it('reports its progress from 0 to every message, in each format (issue 16)', () => {
    for (const format of ['html', 'json', 'txt'] as const) {
      const calls: [number, number][] = []
      const result = exportHistory(workspace, {format, out: outDir(), chatIds: [], language: 'en', onProgress: (written, total) => calls.push([written, total])})
      const total = result.chats.reduce((sum, c) => sum + c.messages, 0)
      expect(total).toBeGreaterThan(0)
      expect(calls[0]).toEqual([0, total])
      expect(calls.at(-1)).toEqual([total, total])
      expect(calls.map((c) => c[0])).toEqual([...calls.map((c) => c[0])].sort((a, b) => a - b))
    }
  })

  it('names no resource outside the archive', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'html', out, chatIds: [], language: 'en', pageSize: 20})
    for (const f of walk(out).filter((n) => /\.(html|css|js)$/.test(n))) {
      const text = readFileSync(join(out, f), 'utf8')
      expect(text, f).not.toMatch(/(src|href)="(https?:)?\/\//)
      expect(text, f).not.toMatch(/url\(|@import|fetch\(|XMLHttpRequest/)
    }
  })

  it('refuses an --out that is a file, and an unknown chat', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'xm-history-out-')), 'f')
    writeFileSync(file, 'x')
    expect(() => exportHistory(workspace, {format: 'html', out: file, chatIds: [], language: 'en'})).toThrow(expect.objectContaining({code: 'HISTORY_OUT_NOT_A_FOLDER'}))
    expect(() => exportHistory(workspace, {format: 'html', out: outDir(), chatIds: [99], language: 'en'})).toThrow(expect.objectContaining({code: 'CHAT_NOT_FOUND'}))
    expect(() => exportHistory(workspace, {format: 'txt', out: outDir(), chatIds: [], language: 'en', timeZone: 'Europe/Parsi'})).toThrow(expect.objectContaining({code: 'HISTORY_TIMEZONE_UNKNOWN'}))
  })
})

describe('history export --format json and txt', () => {
  it('json is the normalized model, read back equal', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'json', out, chatIds: [1], language: 'en'})
    const chat = JSON.parse(readFileSync(join(out, 'chat-1.json'), 'utf8')) as {format: string; chatId: number; title: string; kind: string; participants: unknown[]; messages: {text: string; replyTo?: unknown; reactions?: unknown[]; attachment: {storedPath: string | null} | null}[]}
    expect(chat).toMatchObject({format: 'xmpp-migrate-chat', version: 1, chatId: 1, title: 'Famille <b>Dupont</b> 🏡', kind: 'group', source: 'whatsapp'})
    expect(chat.messages).toHaveLength(11)
    expect(chat.messages[3]?.text).toBe(XSS_TEXT)
    expect(chat.messages[9]).toMatchObject({replyTo: {author: 'Maman', text: 'On se retrouve où ?'}, edited: true})
    expect(chat.messages[9]?.reactions).toHaveLength(2)
    expect(chat.messages[4]?.attachment?.storedPath).toMatch(/^media\/[0-9a-f]{2}\/[0-9a-f]{64}$/)
    expect(statSync(join(out, 'chat-1.json')).mode & 0o777).toBe(0o600)
  })

  it('txt reads like an export', () => {
    const out = outDir()
    exportHistory(workspace, {format: 'txt', out, chatIds: [1, 2], language: 'fr'})
    const text = readFileSync(join(out, 'chat-1.txt'), 'utf8')
    expect(text).toContain('2024-05-03 09:58 - *** Maman a créé le groupe « Famille »\n')
    expect(text).toContain('2024-05-03 10:01 - Papa: Super.\n    On part à quelle heure ?\n')
    expect(text).toContain('2024-05-03 10:06 - Papa: [Média non inclus dans l’export]\n')
    expect(text).toContain('2024-05-04 08:00 - Papa: [En réponse à Maman: On se retrouve où ?] Oui, rendez-vous devant la boulangerie (modifié) [❤️ Maman, 👍 ~ Léa]\n')
    expect(readFileSync(join(out, 'chat-2.txt'), 'utf8')).toContain('2024-06-01 18:05 - Moi: Bisous Mamie\n')
  })
})
