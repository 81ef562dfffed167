/**
 * Deterministic synthetic WhatsApp exports for the bench (`npm run bench`).
 *
 * The text is produced by a pure generator (`exportChunks`, seeded, no clock, no Math.random, no
 * time zone: day arithmetic is done in UTC on purpose), and `generateExport` writes it to disk,
 * skipping the work when a file made with the same parameters is already there. Shapes follow
 * ../shared/research/whatsapp-export-format.md: Android `dd/mm/yyyy, HH:MM - Sender: text` with LF,
 * iOS `[dd/mm/yyyy, HH:MM:SS] Sender: text` with CRLF and U+200E marks (§2, §8, §9, §10).
 *
 * Run alone: `node --import tsx bench/generate.ts [messages] [seed] [android|ios] [path]`.
 */
import {createHash} from 'node:crypto'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {
  CAPTIONS,
  DATE_LIKE_LINES,
  DOCUMENT_NAMES,
  EMOJI,
  GROUP_TITLE,
  OPENINGS,
  POLLS,
  SENDERS,
  SENDER_WEIGHTS,
  SENTENCES,
  SUBJECTS,
} from './corpus.js'
import {Prng} from './Prng.js'

/**
 * Version of the generated text. Bump it whenever the output for a given (count, seed, platform)
 * changes, so that files cached in bench/out/ are regenerated.
 */
export const GENERATOR_VERSION = 1

/** Which phone's export format to write. */
export type BenchPlatform = 'android' | 'ios'

/** What a generated export contains; the bench compares the parser's counts with these. */
export interface ExportStats {
  /** Messages and events, i.e. header lines: what a correct parser must yield. */
  messages: number
  /** Physical lines (continuation lines included). */
  lines: number
  /** Size of the file in bytes (UTF-8). */
  bytes: number
  /** Events WhatsApp wrote itself (group created, member added, …): `system: true`. */
  system: number
  /** Messages referencing an attached file (`… (file attached)` / `<attached: …>`). */
  attachments: number
  /** Omitted-media placeholders (`<Media omitted>`, `image omitted`): not attachments. */
  mediaOmitted: number
  /** Messages whose body spans several lines. */
  multiline: number
  /** Multi-line bodies with a pasted line that looks like a date or another format's header. */
  dateLikeContinuations: number
  /** "This message was deleted". */
  deleted: number
  /** Bodies ending with `<This message was edited>`. */
  edited: number
  /** "Missed voice call". */
  calls: number
  /** Android polls (`POLL:` followed by options). */
  polls: number
  /** Shared locations. */
  locations: number
}

/** A generated (or reused) export file and what it holds. */
export interface GeneratedExport extends ExportStats {
  /** Absolute path of the export. */
  path: string
  /** Seed it was generated with. */
  seed: number
  /** Format written. */
  platform: BenchPlatform
  /** GENERATOR_VERSION at the time of writing. */
  generatorVersion: number
  /** `generatorFingerprint()` at the time of writing. */
  fingerprint: string
  /** True when an existing file with the same parameters was kept instead of being rewritten. */
  reused: boolean
}

/** Options of `generateExport` / `exportChunks`. */
export interface GenerateOptions {
  /** Format to write; Android by default. */
  platform?: BenchPlatform
}

/** Folder of generated files (git-ignored). */
export const BENCH_OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'out')

/**
 * Where the bench keeps the export for these parameters. The folder encodes the parameters; the
 * file name is the one the phone writes, since importers derive the chat title from it
 * (`WhatsApp Chat with NAME.txt` on Android, `_chat.txt` on iOS).
 */
export function defaultExportPath(platform: BenchPlatform, messageCount: number, seed: number, dir: string = BENCH_OUT_DIR): string {
  const file = platform === 'android' ? 'WhatsApp Chat with Famille Martin.txt' : '_chat.txt'
  return join(dir, `${platform}-${messageCount}-s${seed}`, file)
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))

/**
 * A hash of the generator's own source (this file, the corpus, the PRNG) and GENERATOR_VERSION:
 * any edit changes it, so a cached export can never silently lag behind the code that should
 * have produced it.
 */
export function generatorFingerprint(): string {
  const hash = createHash('sha256').update(`v${GENERATOR_VERSION}\n`)
  for (const file of ['generate.ts', 'corpus.ts', 'Prng.ts']) {
    try {
      hash.update(readFileSync(join(BENCH_DIR, file)))
    } catch {
      // Running from a copy without the sources (e.g. transpiled): the version alone decides.
    }
  }
  return hash.digest('hex').slice(0, 16)
}

/** Path of the sidecar that records how an export was made (used to skip regeneration). */
export function metaPath(path: string): string {
  return `${path}.meta.json`
}

/** A fresh, all-zero stats record. */
export function emptyStats(): ExportStats {
  return {
    messages: 0,
    lines: 0,
    bytes: 0,
    system: 0,
    attachments: 0,
    mediaOmitted: 0,
    multiline: 0,
    dateLikeContinuations: 0,
    deleted: 0,
    edited: 0,
    calls: 0,
    polls: 0,
    locations: 0,
  }
}

const LRM = '\u200E'
/** First day of every export: 1 January 2015 (UTC day arithmetic, independent of TZ). */
const START_DAY_MS = Date.UTC(2015, 0, 1)
const DAY_MS = 86_400_000
const CHUNK_CHARS = 1 << 18

const CUMULATIVE_SENDER_WEIGHTS = ((): number[] => {
  let sum = 0
  return SENDER_WEIGHTS.map((w) => (sum += w))
})()

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

/** Writes the export's messages one by one, keeping the clock and the counters. */
class ExportWriter {
  private readonly rng: Prng
  private readonly ios: boolean
  private readonly eol: string
  /** Minutes since START_DAY_MS. */
  private minute = 8 * 60
  private second = 0
  private dayIndex = -1
  /** `dd/mm/yyyy` of the current day. */
  private dayText = ''
  /** `yyyymmdd` / `yyyy-mm-dd` of the current day, for media names. */
  private dayCompact = ''
  private dayDashed = ''
  /** Per-day counter of Android media names (WA0000…). */
  private mediaOfDay = 0
  /** Running counter of iOS media names (00000001-…). */
  private mediaTotal = 0
  readonly stats: ExportStats = emptyStats()

  constructor(seed: number, platform: BenchPlatform) {
    this.rng = new Prng(seed)
    this.ios = platform === 'ios'
    this.eol = this.ios ? '\r\n' : '\n'
  }

  /** The lines of message number `index` (0-based), ending with the platform's line ending. */
  message(index: number): string {
    this.advanceClock(index)
    this.stats.messages++
    if (index === 0) return this.event(this.ios ? 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.' : 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.')
    if (index === 1) return this.event(this.ios ? `Maman created group “${GROUP_TITLE}”` : `Maman created group "${GROUP_TITLE}"`)

    const sender = this.sender()
    const r = this.rng.next()
    if (r < 0.006) return this.randomEvent()
    if (r < 0.036) return this.mediaOmitted(sender)
    if (r < 0.056) return this.attachment(sender)
    if (r < 0.066) return this.deleted(sender)
    if (r < 0.071) return this.call(sender)
    if (r < 0.081) return this.edited(sender)
    if (r < 0.083) return this.location(sender)
    if (r < 0.084 && !this.ios) return this.poll(sender)
    if (r < 0.16) return this.multiline(sender)
    return this.plain(sender, this.body())
  }

  private advanceClock(index: number): void {
    if (index > 0) {
      // Bursts of replies, pauses, and now and then a quiet afternoon or night: about 5.6 minutes
      // on average, so 1M messages span about ten years.
      const r = this.rng.next()
      const step = r < 0.75 ? this.rng.int(0, 1) : r < 0.97 ? this.rng.int(1, 10) : this.rng.int(30, 240)
      this.minute += step
      // iOS writes seconds; within the same minute they do not go backwards.
      this.second = step === 0 ? this.rng.int(this.second, 59) : this.rng.int(0, 59)
    }
    const day = Math.floor(this.minute / 1440)
    if (day !== this.dayIndex) {
      this.dayIndex = day
      const d = new Date(START_DAY_MS + day * DAY_MS)
      const yyyy = `${d.getUTCFullYear()}`
      const mm = pad2(d.getUTCMonth() + 1)
      const dd = pad2(d.getUTCDate())
      this.dayText = `${dd}/${mm}/${yyyy}`
      this.dayCompact = `${yyyy}${mm}${dd}`
      this.dayDashed = `${yyyy}-${mm}-${dd}`
      this.mediaOfDay = 0
    }
  }

  private time(): string {
    const m = this.minute % 1440
    return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`
  }

  /** The header, up to and including the space before the sender (or event text). */
  private header(marked = false): string {
    if (this.ios) return `${marked ? LRM : ''}[${this.dayText}, ${this.time()}:${pad2(this.second)}] `
    return `${this.dayText}, ${this.time()} - `
  }

  private sender(): string {
    const total = CUMULATIVE_SENDER_WEIGHTS[CUMULATIVE_SENDER_WEIGHTS.length - 1] ?? 1
    const x = this.rng.next() * total
    const i = CUMULATIVE_SENDER_WEIGHTS.findIndex((w) => x < w)
    return SENDERS[i] ?? this.rng.pick(SENDERS)
  }

  /** One line (or several, joined with the platform's line ending) in a participant's slot. */
  private plain(sender: string, body: string, marked = false): string {
    const lines = body.split('\n')
    this.stats.lines += lines.length
    return `${this.header(marked)}${sender}: ${lines.join(this.eol)}${this.eol}`
  }

  /** An event: no sender on Android; on iOS the group as pseudo-sender, then U+200E (§2). */
  private event(text: string): string {
    this.stats.system++
    this.stats.lines++
    if (this.ios) return `${this.header()}${GROUP_TITLE}: ${LRM}${text}${this.eol}`
    return `${this.header()}${text}${this.eol}`
  }

  private randomEvent(): string {
    const a = this.sender()
    let b = this.sender()
    if (b === a) b = this.rng.pick(SENDERS)
    const q = this.ios ? ['“', '”'] : ['"', '"']
    switch (this.rng.int(0, 6)) {
      case 0:
        return this.event(`${a} added ${b}`)
      case 1:
        return this.event(`${b} left`)
      case 2:
        return this.event(`${a} removed ${b}`)
      case 3:
        return this.event(`${a} changed the subject from ${q[0]}${this.rng.pick(SUBJECTS)}${q[1]} to ${q[0]}${this.rng.pick(SUBJECTS)}${q[1]}`)
      case 4:
        return this.event(`${a} changed this group's icon`)
      case 5:
        return this.event(`${b} joined using this group's invite link`)
      default:
        return this.event(`Your security code with ${b} changed. Tap to learn more.`)
    }
  }

  private mediaOmitted(sender: string): string {
    this.stats.mediaOmitted++
    if (this.ios) return this.plain(sender, `${LRM}${this.rng.pick(['image', 'video', 'audio', 'sticker', 'GIF'])} omitted`, true)
    return this.plain(sender, '<Media omitted>')
  }

  private attachment(sender: string): string {
    this.stats.attachments++
    const caption = this.rng.chance(0.4) ? `\n${this.rng.pick(CAPTIONS)}` : ''
    if (caption) this.stats.multiline++
    const kind = this.rng.int(0, 9)
    if (this.ios) {
      const n = `${++this.mediaTotal}`.padStart(8, '0')
      if (kind === 9) {
        const doc = this.rng.pick(DOCUMENT_NAMES)
        return this.plain(sender, `${doc} • ${LRM}${this.rng.int(1, 12)} pages ${LRM}<attached: ${n}-${doc}>${caption}`, true)
      }
      const type = kind < 6 ? 'PHOTO' : kind < 8 ? 'AUDIO' : 'VIDEO'
      const ext = kind < 6 ? 'jpg' : kind < 8 ? 'opus' : 'mp4'
      const stamp = `${this.dayDashed}-${this.time().replace(':', '-')}-${pad2(this.second)}`
      return this.plain(sender, `${LRM}<attached: ${n}-${type}-${stamp}.${ext}>${caption}`, true)
    }
    if (kind === 9) return this.plain(sender, `${this.rng.pick(DOCUMENT_NAMES)} (file attached)${caption}`)
    const prefix = kind < 6 ? 'IMG' : kind < 8 ? 'PTT' : kind < 9 ? 'VID' : 'STK'
    const ext = kind < 6 ? 'jpg' : kind < 8 ? 'opus' : 'mp4'
    const name = `${prefix}-${this.dayCompact}-WA${`${this.mediaOfDay++}`.padStart(4, '0')}.${ext}`
    return this.plain(sender, `${name} (file attached)${caption}`)
  }

  private deleted(sender: string): string {
    this.stats.deleted++
    if (this.ios) return this.plain(sender, `${LRM}This message was deleted.`, true)
    return this.plain(sender, 'This message was deleted')
  }

  private call(sender: string): string {
    this.stats.calls++
    return this.plain(sender, 'Missed voice call', this.ios)
  }

  private edited(sender: string): string {
    this.stats.edited++
    return this.plain(sender, `${this.body()} ${this.ios ? LRM : ''}<This message was edited>`)
  }

  private location(sender: string): string {
    this.stats.locations++
    const lat = (43 + this.rng.next() * 6).toFixed(6)
    const lon = (-1 + this.rng.next() * 8).toFixed(6)
    if (this.ios) return this.plain(sender, `${LRM}Location: https://maps.google.com/?q=${lat},${lon}`, true)
    return this.plain(sender, `location: https://maps.google.com/?q=${lat},${lon}`)
  }

  private poll(sender: string): string {
    this.stats.polls++
    this.stats.multiline++
    const poll = this.rng.pick(POLLS)
    const options = poll.options.map((o) => {
      const votes = this.rng.int(0, 5)
      return `OPTION: ${o} (${votes} ${votes === 1 ? 'vote' : 'votes'})`
    })
    return this.plain(sender, ['POLL:', poll.question, ...options].join('\n'))
  }

  private multiline(sender: string): string {
    this.stats.multiline++
    const lines = [this.body()]
    const extra = this.rng.int(1, 3)
    for (let i = 0; i < extra; i++) {
      const r = this.rng.next()
      if (r < 0.2) lines.push('')
      else if (r < 0.23) {
        lines.push(this.rng.pick(DATE_LIKE_LINES))
        this.stats.dateLikeContinuations++
      } else lines.push(this.body())
    }
    lines.push(this.body())
    return this.plain(sender, lines.join('\n'))
  }

  /** A one-line body: an opening, maybe a sentence or two, maybe emoji. */
  private body(): string {
    const r = this.rng.next()
    let text: string
    if (r < 0.2) text = this.rng.pick(OPENINGS)
    else if (r < 0.55) text = this.rng.pick(SENTENCES)
    else if (r < 0.86) text = `${this.rng.pick(OPENINGS)}, ${this.rng.pick(SENTENCES)}`
    else text = `${this.rng.pick(OPENINGS)} ! ${this.rng.pick(SENTENCES)}. Et ${this.rng.pick(SENTENCES)}`
    if (this.rng.chance(0.3)) text += ` ${this.rng.pick(EMOJI)}`
    if (this.rng.chance(0.08)) text += this.rng.pick(EMOJI).repeat(this.rng.int(2, 4))
    return text
  }
}

/**
 * The export's text, in chunks of roughly 256 KiB characters, for `messageCount` messages.
 * Pure and deterministic: the same arguments always give the same text. `stats` (if given) is
 * filled while iterating (byte count included) and complete when the iteration ends.
 */
export function* exportChunks(messageCount: number, seed: number, options: GenerateOptions = {}, stats?: ExportStats): Generator<string> {
  if (!Number.isInteger(messageCount) || messageCount < 0) throw new RangeError(`messageCount must be a non-negative integer, got ${messageCount}`)
  const writer = new ExportWriter(seed, options.platform ?? 'android')
  let parts: string[] = []
  let size = 0
  const flush = (): string => {
    const chunk = parts.join('')
    writer.stats.bytes += Buffer.byteLength(chunk, 'utf8')
    if (stats) Object.assign(stats, writer.stats)
    parts = []
    size = 0
    return chunk
  }
  for (let i = 0; i < messageCount; i++) {
    const text = writer.message(i)
    parts.push(text)
    size += text.length
    if (size >= CHUNK_CHARS) yield flush()
  }
  if (size > 0) yield flush()
  if (stats) Object.assign(stats, writer.stats)
}

function readMeta(path: string): GeneratedExport | null {
  try {
    return JSON.parse(readFileSync(metaPath(path), 'utf8')) as GeneratedExport
  } catch {
    return null
  }
}

/**
 * Writes a deterministic export of `messageCount` messages to `path` (folders created), unless
 * the file is already there with the same parameters and size, and returns what it holds. The
 * text goes to a temporary file renamed into place, then a `.meta.json` sidecar records the
 * parameters, so an interrupted run is never mistaken for a finished one.
 *
 * Fails with the file system's error when the folder cannot be written.
 */
export function generateExport(path: string, messageCount: number, seed: number, options: GenerateOptions = {}): GeneratedExport {
  const platform = options.platform ?? 'android'
  const target = resolve(path)
  const fingerprint = generatorFingerprint()
  const meta = readMeta(target)
  if (
    meta &&
    meta.generatorVersion === GENERATOR_VERSION &&
    meta.fingerprint === fingerprint &&
    meta.messages === messageCount &&
    meta.seed === seed &&
    meta.platform === platform &&
    existsSync(target) &&
    statSync(target).size === meta.bytes
  ) {
    return {...meta, path: target, reused: true}
  }

  mkdirSync(dirname(target), {recursive: true})
  const tmp = `${target}.${process.pid}.tmp`
  const stats = emptyStats()
  const fd = openSync(tmp, 'w')
  try {
    for (const chunk of exportChunks(messageCount, seed, {platform}, stats)) writeSync(fd, chunk)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, target)
  const result: GeneratedExport = {...stats, path: target, seed, platform, generatorVersion: GENERATOR_VERSION, fingerprint, reused: false}
  writeFileSync(metaPath(target), `${JSON.stringify(result, null, 2)}\n`)
  return result
}

// Command-line use: node --import tsx bench/generate.ts [messages] [seed] [android|ios] [path]
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const count = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? 42)
  const platform: BenchPlatform = process.argv[4] === 'ios' ? 'ios' : 'android'
  const path = process.argv[5] ?? defaultExportPath(platform, count, seed)
  const t0 = performance.now()
  const result = generateExport(path, count, seed, {platform})
  const seconds = (performance.now() - t0) / 1000
  process.stdout.write(
    `${result.reused ? 'kept' : 'wrote'} ${result.path}\n${result.messages} messages, ${result.lines} lines, ${(result.bytes / 1e6).toFixed(1)} MB ` +
      `(${(result.bytes / Math.max(1, result.messages)).toFixed(1)} B/message) in ${seconds.toFixed(2)} s\n`,
  )
}
