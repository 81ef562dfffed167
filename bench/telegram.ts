/**
 * Memory and time of reading a large Telegram Desktop `result.json` (issue 18: "a 1M-message
 * result.json parses with flat memory"). For each size it writes a full-account export laid out
 * as tdesktop writes it (one key per line; four chats sharing the messages 70/20/9/1 %, text
 * strings and entity arrays, photos and skipped files, service entries, replies, edits), then
 * measures in a fresh child process:
 *
 * - **open**: `openExport(folder)`: detection and pass 1 (every entry read once for the chats'
 *   people, counts and byte ranges);
 * - **open+read**: the same, then every chat's `messages()` streamed to the end (pass 2: each
 *   chat's byte range read again), counting messages; the count is checked against what was
 *   written (`counts ok`), so a fast but wrong reader never looks like a success.
 *
 * Peak RSS is `process.resourceUsage().maxRSS`. Flat memory shows as the same peak at 100k and
 * at 1M messages (the file being ten times larger), and as "open+read" still passing with V8's
 * heap capped at 64 MB (`--max-old-space-size=64`).
 *
 * - **import** (with `--import`): `importExports` into a fresh temporary workspace (both passes,
 *   the SQLite inserts, the contact-free store), counting the messages stored.
 *
 * Run: `npm run bench:telegram -- [message counts, default 100000,1000000] [--import]`.
 * Files go to bench/out/telegram/ (git-ignored) and are reused when present.
 */
import {execFileSync} from 'node:child_process'
import {createWriteStream, existsSync, mkdirSync, renameSync, statSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = join(here, 'out', 'telegram')

interface Measure {
  mode: 'open' | 'open+read' | 'import'
  heapCapMB: number | null
  seconds: number
  maxRssMB: number
  chats: number
  messages: number
}

const SHARES = [0.7, 0.2, 0.09, 0.01]
const CHAT_TYPES = ['private_supergroup', 'private_group', 'personal_chat', 'personal_chat']
const WORDS = ['bonjour', 'demain', 'photo', 'merci', 'à samedi', 'le train', 'on mange où ?', 'super 👍', 'je rentre', 'Mamie', 'l’école', 'réunion']

/** How many messages chat `i` of an export of `total` gets (the last takes the remainder). */
function shareOf(total: number, i: number): number {
  if (i < SHARES.length - 1) return Math.floor(total * (SHARES[i] as number))
  return total - SHARES.slice(0, -1).reduce((sum, share) => sum + Math.floor(total * share), 0)
}

/** Writes DataExport_<n>/result.json; returns its path. */
async function writeExport(total: number): Promise<string> {
  const folder = join(outDir, `DataExport_${total}`)
  const file = join(folder, 'result.json')
  if (existsSync(file)) return folder
  mkdirSync(folder, {recursive: true})
  const partial = `${file}.partial`
  const out = createWriteStream(partial)
  let buffer = ''
  const write = async (text: string): Promise<void> => {
    buffer += text
    if (buffer.length < 1 << 20) return
    const chunk = buffer
    buffer = ''
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  let seed = 42
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  await write('{\n "about": "Here is the data you requested. (bench)",\n "personal_information": {\n  "user_id": 1,\n  "first_name": "Léa",\n  "last_name": "Martin",\n  "phone_number": "+33 6 12 34 56 78"\n },\n')
  await write(' "contacts": {\n  "about": "Contacts.",\n  "list": [\n   {\n    "user_id": 2,\n    "first_name": "Paul",\n    "last_name": "Martin",\n    "phone_number": "+33 6 98 76 54 32",\n    "date": "2026-01-01T10:00:00",\n    "date_unixtime": "1767258000"\n   }\n  ]\n },\n')
  await write(' "chats": {\n  "about": "Chats.",\n  "list": [')
  let unix = 1700000000
  for (let c = 0; c < SHARES.length; c++) {
    const type = CHAT_TYPES[c] as string
    await write(`${c === 0 ? '' : ','}\n   {\n    "name": "Chat ${c}",\n    "type": "${type}",\n    "id": ${type === 'personal_chat' ? 100 + c : 5000 + c},\n    "messages": [`)
    const count = shareOf(total, c)
    for (let i = 1; i <= count; i++) {
      unix += 1 + random(120)
      const local = new Date((unix + 3600) * 1000).toISOString().slice(0, 19)
      const person = type === 'personal_chat' ? 1 + random(2) : 1 + random(12)
      const head = `\n     {\n      "id": ${i},\n      "type": "${i % 500 === 0 ? 'service' : 'message'}",\n      "date": "${local}",\n      "date_unixtime": "${unix}",\n`
      let body: string
      if (i % 500 === 0) {
        body = `      "actor": "Person ${person}",\n      "actor_id": "user${person}",\n      "action": "invite_members",\n      "members": [\n       "Person ${1 + random(12)}"\n      ],\n      "text": "",\n      "text_entities": []\n     }`
      } else {
        const words = Array.from({length: 3 + random(10)}, () => WORDS[random(WORDS.length)]).join(' ')
        const from = `      "from": "Person ${person}",\n      "from_id": "user${person}",\n`
        const extra = i % 7 === 0 ? `      "reply_to_message_id": ${i - 1},\n` : i % 11 === 0 ? `      "edited": "${local}",\n      "edited_unixtime": "${unix}",\n` : ''
        const media =
          i % 13 === 0
            ? `      "photo": "(File not included. Change data exporting settings to download.)",\n      "width": 1280,\n      "height": 960,\n`
            : i % 17 === 0
              ? `      "file": "files/doc_${i}.pdf",\n      "mime_type": "application/pdf",\n`
              : ''
        const text =
          i % 5 === 0
            ? `      "text": [\n       "${words} ",\n       {\n        "type": "link",\n        "text": "https://example.org/${i}"\n       }\n      ],\n      "text_entities": [\n       {\n        "type": "plain",\n        "text": "${words} "\n       },\n       {\n        "type": "link",\n        "text": "https://example.org/${i}"\n       }\n      ]\n     }`
            : `      "text": "${words}",\n      "text_entities": [\n       {\n        "type": "plain",\n        "text": "${words}"\n       }\n      ]\n     }`
        body = from + extra + media + text
      }
      await write(`${i === 1 ? '' : ','}${head}${body}`)
    }
    await write('\n    ]\n   }')
  }
  await write('\n  ]\n }\n}\n')
  out.write(buffer)
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  renameSync(partial, file)
  return folder
}

/** Child: opens (and reads) the export, prints one JSON line. */
async function child(folder: string, mode: Measure['mode']): Promise<void> {
  const {openExport} = await import('../src/importers/open-export.js')
  const started = process.hrtime.bigint()
  if (mode === 'import') {
    const {mkdtempSync, rmSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {importExports} = await import('../src/services/import-service.js')
    const {Workspace} = await import('../src/workspace.js')
    const dir = mkdtempSync(join(tmpdir(), 'xm-bench-telegram-'))
    try {
      const summary = await importExports(new Workspace(join(dir, 'ws')), [folder])
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      process.stdout.write(`${JSON.stringify({seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, chats: summary.total.chats.length, messages: summary.total.messagesNew})}\n`)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
    return
  }
  const opened = await openExport(folder)
  let messages = 0
  if (mode === 'open+read') {
    for (const chat of opened.chats) for await (const _message of chat.messages()) messages++
  } else {
    messages = opened.chats.reduce((sum, chat) => sum + (chat.messageCount ?? 0), 0)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  process.stdout.write(`${JSON.stringify({seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, chats: opened.chats.length, messages})}\n`)
}

function measure(folder: string, mode: Measure['mode'], heapCapMB: number | null): Measure {
  const flags = heapCapMB === null ? [] : [`--max-old-space-size=${heapCapMB}`]
  const output = execFileSync(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', folder, mode], {encoding: 'utf8', maxBuffer: 1 << 20})
  const line = JSON.parse(output.trim().split('\n').pop() as string) as Omit<Measure, 'mode' | 'heapCapMB'>
  return {mode, heapCapMB, ...line}
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as string, process.argv[4] as Measure['mode'])
    return
  }
  const withImport = process.argv.includes('--import')
  const sizes = (process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '100000,1000000').split(',').map(Number)
  mkdirSync(outDir, {recursive: true})
  const rows: string[] = ['| messages | file | step | heap cap | seconds | peak RSS | check |', '|---:|---:|---|---:|---:|---:|---|']
  for (const size of sizes) {
    const started = Date.now()
    const folder = await writeExport(size)
    const bytes = statSync(join(folder, 'result.json')).size
    process.stderr.write(`${size} messages: ${(bytes / 1e6).toFixed(0)} MB ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    // Every 500th entry is a service entry, counted as a message too.
    const steps: Array<[Measure['mode'], number | null]> = [['open', null], ['open+read', null], ['open+read', 64]]
    if (withImport) steps.push(['import', null])
    for (const [mode, cap] of steps) {
      const m = measure(folder, mode, cap)
      const check = m.messages === size && m.chats === SHARES.length ? 'counts ok' : `COUNT MISMATCH ${m.messages} (expected ${size})`
      rows.push(`| ${size.toLocaleString('en')} | ${(bytes / 1e6).toFixed(0)} MB | ${mode} | ${cap === null ? '—' : `${cap} MB`} | ${m.seconds.toFixed(1)} | ${m.maxRssMB.toFixed(0)} MB | ${check} |`)
      process.stderr.write(`${rows[rows.length - 1]}\n`)
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`)
}

await main()
