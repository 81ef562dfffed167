/**
 * `node --import tsx bench/history.ts [messages=100000]`: how big and how fast the html archive
 * of one large chat is (issue 8: "it stays fast with a chat of 100k messages — measure it").
 *
 * Builds a workspace with one generated WhatsApp-like group chat (bench/history-chat.ts), exports it, and prints:
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
import {Workspace} from '../src/workspace.js'
import {importBenchChat} from './history-chat.js'

const total = Number(process.argv[2] ?? 100_000)
const root = mkdtempSync(join(tmpdir(), 'xm-bench-history-'))
const workspace = new Workspace(join(root, 'ws')).ensure()

const t0 = performance.now()
await importBenchChat(workspace, total)
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
const searchFiles = readdirSync(join(out, 'chats/1')).filter((f) => /^search(-\d+)?\.js$/.test(f))
console.log(`search index             ${mb(searchFiles.reduce((sum, f) => sum + statSync(join(out, 'chats/1', f)).size, 0))} in ${searchFiles.length} files`)

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
