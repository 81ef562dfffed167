/**
 * Memory and time of opening Signal backups (issue 7: "the importer decrypts a 100 MB backup
 * with flat memory"). For each size it writes, with the fixture writer
 * (test/importers/signal/make-fixtures.ts):
 *
 * - a backup v2 snapshot whose `main` is SIZE bytes (frames of 20 chats with incompressible
 *   text bodies, so the encrypted size is what is decrypted), opened with its recovery key;
 * - a legacy `.backup` of SIZE bytes, almost all of it one attachment payload (the case that
 *   would blow up memory if payloads were buffered), opened with its passphrase.
 *
 * Each measurement runs in a fresh child process and reports `process.resourceUsage().maxRSS`
 * (peak RSS) and seconds. "open" = detection, MAC check, decryption and decoding of every frame
 * (plus, for legacy, replaying the SQL); "open+read" also streams every chat's messages.
 * Flat memory shows as the same peak RSS at 10 MB and at 100 MB, and as "open" still passing
 * with V8's heap capped at 48 MB. "open+read" holds one chat's messages at a time; the chats'
 * items wait in memory up to 32 MB, beyond it in an encrypted temporary file
 * (src/importers/signal/ChatItemSpool.ts).
 *
 * Run: `node --import tsx bench/signal-decrypt.ts [sizes in MB, default 10,100]`.
 * Files go to bench/out/signal/ (git-ignored) and are reused when present.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = join(here, 'out', 'signal')

const RECOVERY_KEY = 'ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789 ABCD EFGH 2345 JKLM NPQR STUV WXYZ 6789'
const PASSPHRASE = '12345 67890 13579 24680 11223 34455'

interface Measure {
  kind: string
  sizeBytes: number
  mode: 'open' | 'open+read'
  seconds: number
  maxRssMB: number
  baselineRssMB: number
  chats: number
  messages: number
}

async function child(kind: 'v2' | 'legacy', path: string, mode: 'open' | 'open+read'): Promise<void> {
  const {openExport} = await import('../src/importers/open-export.js')
  const baseline = process.memoryUsage().rss
  const start = process.hrtime.bigint()
  const opened = await openExport(path, {signal: kind === 'v2' ? {recoveryKey: RECOVERY_KEY} : {passphrase: PASSPHRASE}})
  let messages = 0
  if (mode === 'open+read') {
    for (const chat of opened.chats) for await (const _message of chat.messages()) messages++
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  process.stdout.write(
    `${JSON.stringify({seconds, maxRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6, baselineRssMB: baseline / 1e6, chats: opened.chats.length, messages})}\n`,
  )
}

async function writeV2(sizeBytes: number): Promise<string> {
  const dir = join(outDir, `v2-${sizeBytes}`, 'signal-backup-2026-05-03-10-00-00')
  if (existsSync(join(dir, 'main'))) return dirname(dir)
  const {writeBackupSnapshot, RECOVERY_KEY: key} = await import('../test/importers/signal/make-fixtures.js')
  const {randomBytes} = await import('node:crypto')
  const frames: Array<Record<string, unknown>> = [
    {version: '1', backupTimeMs: '1714723200123'},
    {account: {givenName: 'Bench', familyName: 'Owner'}},
    {recipient: {id: '1', self: {}}},
  ]
  const chats = 20
  for (let i = 0; i < chats; i++) {
    const aci = Buffer.alloc(16, i + 1).toString('base64')
    frames.push({recipient: {id: String(100 + i), contact: {aci, e164: String(33600000000 + i), profileGivenName: `Person ${i}`}}})
    frames.push({chat: {id: String(i + 1), recipientId: String(100 + i)}})
  }
  // base64 of random bytes: gzip keeps ~76 %, so the encrypted main lands near sizeBytes.
  let written = 0
  for (let n = 0; written < sizeBytes / 0.76; n++) {
    const body = randomBytes(2400).toString('base64')
    const chat = (n % chats) + 1
    const sent = 1714723200123 + n * 1000
    frames.push({chatItem: {chatId: String(chat), authorId: n % 3 === 0 ? '1' : String(99 + chat), dateSent: String(sent), incoming: {dateReceived: String(sent + 10)}, standardMessage: {text: {body}}}})
    written += body.length + 40
  }
  writeBackupSnapshot(dir, frames, key, `bench-${sizeBytes}`)
  return dirname(dir)
}

async function writeLegacy(sizeBytes: number): Promise<string> {
  const path = join(outDir, `legacy-${sizeBytes}.backup`)
  if (existsSync(path)) return path
  const {legacyBackupBytes, PASSPHRASE: pass} = await import('../test/importers/signal/make-fixtures.js')
  mkdirSync(outDir, {recursive: true})
  writeFileSync(path, legacyBackupBytes(pass, {version: 1, padAttachmentsTo: sizeBytes}))
  return path
}

function measure(kind: 'v2' | 'legacy', path: string, mode: 'open' | 'open+read', nodeArgs: string[] = []): Omit<Measure, 'kind' | 'sizeBytes' | 'mode'> {
  const output = execFileSync(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, path, mode], {encoding: 'utf8', maxBuffer: 1 << 20})
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Omit<Measure, 'kind' | 'sizeBytes' | 'mode'>
}

function fileSize(kind: 'v2' | 'legacy', path: string): number {
  return kind === 'v2' ? statSync(join(path, 'signal-backup-2026-05-03-10-00-00', 'main')).size : statSync(path).size
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as 'v2' | 'legacy', process.argv[4] ?? '', process.argv[5] as 'open' | 'open+read')
    return
  }
  if (process.argv[2] === '--generate') {
    const size = Number(process.argv[4])
    process.stdout.write(process.argv[3] === 'v2' ? await writeV2(size) : await writeLegacy(size))
    return
  }
  const sizes = (process.argv[2] ?? '10,100').split(',').map((mb) => Math.round(Number(mb) * 1e6))
  const rows: Measure[] = []
  for (const size of sizes) {
    for (const kind of ['v2', 'legacy'] as const) {
      // Generated in a child too: Linux keeps a process's peak RSS across fork and exec, so a
      // parent that had held a 100 MB backup would inflate every measuring child's figure.
      const path = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', kind, String(size)], {encoding: 'utf8'}).trim()
      for (const mode of ['open', 'open+read'] as const) rows.push({kind, sizeBytes: fileSize(kind, path), mode, ...measure(kind, path, mode)})
      // With V8's old space capped, a step that retained what it decrypted would die: passing
      // shows that the RSS above the baseline is garbage waiting for a lazy GC, not data kept.
      rows.push({kind: `${kind} (heap ≤ 48 MB)`, sizeBytes: fileSize(kind, path), mode: 'open', ...measure(kind, path, 'open', ['--max-old-space-size=48'])})
    }
  }
  process.stdout.write('| input | file MB | step | s | peak RSS MB | RSS before MB | chats | messages |\n|---|---|---|---|---|---|---|---|\n')
  for (const r of rows) {
    process.stdout.write(`| ${r.kind} | ${(r.sizeBytes / 1e6).toFixed(1)} | ${r.mode} | ${r.seconds.toFixed(2)} | ${r.maxRssMB.toFixed(0)} | ${r.baselineRssMB.toFixed(0)} | ${r.chats} | ${r.messages} |\n`)
  }
}

await main()
