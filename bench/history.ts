/**
 * `node --import tsx bench/history.ts [messages=100000]`: how big and how fast the html archive
 * of one large chat is (issue 8: "it stays fast with a chat of 100k messages — measure it").
 *
 * Builds a workspace with one generated WhatsApp-like group chat (five authors, multi-line
 * messages, a photo every 200 messages, a system event every 97), exports it, and prints:
 * export time, archive size (total, per page, search index), then the time headless Chromium
 * (/usr/bin/chromium) takes to render page 1 and to search the whole chat from index.html.
 * Timings are printed, never asserted. Chromium times include starting the browser, so the
 * printed "startup" (an empty page) is the part to subtract.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {exportHistory} from '../src/history/index.js'
import {MediaStore} from '../src/media/index.js'
import type {Message} from '../src/model/types.js'
import {importIntoStore, Store} from '../src/store/index.js'
import {Workspace} from '../src/workspace.js'
import {solidPng} from '../test/history/helpers.js'

const total = Number(process.argv[2] ?? 100_000)
const AUTHORS = ['Maman', 'Papa', '~ Léa', '+33 6 12 34 56 78', 'Tonton Jo 🎸']
const root = mkdtempSync(join(tmpdir(), 'xm-bench-history-'))
const workspace = new Workspace(join(root, 'ws')).ensure()

function message(i: number): Message {
  const date = new Date(Date.UTC(2019, 0, 1) + i * 17 * 60_000).toISOString().slice(0, 19)
  if (i % 97 === 0) return {date, author: null, text: `Maman a ajouté participant ${i % 13}`, attachment: null, system: true, kind: 'system'}
  const author = AUTHORS[i % AUTHORS.length]!
  if (i % 200 === 1) return {date, author, text: '', attachment: {name: `IMG-${i}.png`, mediaType: 'image/png', size: null, sha256: null, storedPath: null}, system: false, kind: 'media'}
  const text = i % 7 === 0 ? `Message ${i} : on se retrouve à la maison vers ${i % 24} h ?\nN'oubliez pas le gâteau 🎂` : `Message ${i} : d'accord, à tout à l'heure mot${i}`
  return {date, author, text, attachment: null, system: false, kind: 'text'}
}

const t0 = performance.now()
const store = Store.open(workspace.storePath)
const media = new MediaStore(workspace)
const photos = [solidPng(64, [200, 60, 60]), solidPng(64, [60, 160, 60]), solidPng(64, [60, 60, 200])]
await importIntoStore(
  store,
  {
    source: 'whatsapp',
    path: '/bench/chat.txt',
    issues: [],
    chats: [
      {
        info: {source: 'whatsapp', sourceId: 'title:Famille', title: 'Famille Martin 🏡', kind: 'group', participants: AUTHORS.map((name) => ({name, phone: null}))},
        messages: async function* () {
          for (let i = 0; i < total; i++) yield message(i)
        },
        files: {
          has: (name: string) => name.startsWith('IMG-'),
          names: () => [],
          async *open(name: string) {
            yield photos[Number(/\d+/.exec(name)?.[0] ?? 0) % 3]!
          },
        },
      },
    ],
  },
  {path: '/bench/chat.txt', source: 'whatsapp'},
  {storeFile: async (content) => media.put(content)},
)
store.close()
const tImport = performance.now()

const out = join(root, 'archive')
const result = exportHistory(workspace, {format: 'html', out, chatIds: [], language: 'fr'})
const tExport = performance.now()

const pages = readdirSync(join(out, 'chats/1')).filter((f) => f.endsWith('.html'))
const pageSizes = pages.map((f) => statSync(join(out, 'chats/1', f)).size)
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
console.log(`messages                 ${total}`)
console.log(`import (setup)           ${((tImport - t0) / 1000).toFixed(2)} s`)
console.log(`export html              ${((tExport - tImport) / 1000).toFixed(2)} s  (${Math.round(total / ((tExport - tImport) / 1000))} messages/s)`)
console.log(`archive                  ${mb(result.bytes)} in ${result.files} files`)
console.log(`pages                    ${pages.length}, largest ${mb(Math.max(...pageSizes))}`)
console.log(`search index             ${mb(statSync(join(out, 'chats/1/search.js')).size)}`)

const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  console.log('chromium                 not installed: browser timings skipped')
} else {
  const profile = join(root, 'profile')
  const run = (url: string): {seconds: number; dom: string} => {
    const start = performance.now()
    const dom = execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', url], {maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore']}).toString('utf8')
    return {seconds: (performance.now() - start) / 1000, dom}
  }
  writeFileSync(join(root, 'empty.html'), '<!DOCTYPE html><title>x</title>')
  run(pathToFileURL(join(root, 'empty.html')).href) // warm the disk cache and the profile
  const median = (f: () => number) => {
    const xs = [f(), f(), f()].sort((a, b) => a - b)
    return xs[1]!
  }
  const empty = median(() => run(pathToFileURL(join(root, 'empty.html')).href).seconds)
  const page1 = median(() => {
    const r = run(pathToFileURL(join(out, 'chats/1/p1.html')).href)
    if (!r.dom.includes('Message 1999')) throw new Error('page 1 did not render')
    return r.seconds
  })
  const needle = `mot${total - 2}`
  let count = ''
  const search = median(() => {
    const r = run(`${pathToFileURL(join(out, 'index.html')).href}#q=${needle}`)
    count = /data-count="(\d+)"/.exec(r.dom)?.[1] ?? '?'
    return r.seconds
  })
  console.log(`chromium startup         ${empty.toFixed(2)} s (empty page)`)
  console.log(`render page 1            ${page1.toFixed(2)} s (${(page1 - empty).toFixed(2)} s over startup)`)
  console.log(`search all pages         ${search.toFixed(2)} s (${(search - empty).toFixed(2)} s over startup), "${needle}": ${count} result(s)`)
}
rmSync(root, {recursive: true, force: true})
