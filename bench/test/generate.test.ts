import {appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import fc from 'fast-check'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {GROUP_TITLE, SENDERS} from '../corpus.js'
import {emptyStats, exportChunks, generateExport, metaPath, type BenchPlatform, type ExportStats} from '../generate.js'

const ANDROID_HEADER = /^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d) - /
// iOS marks media/placeholder lines with U+200E (LEFT-TO-RIGHT MARK) before the bracket.
const IOS_HEADER = /^\u200E?\[(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d):(\d\d)\] /

function text(count: number, seed: number, platform: BenchPlatform = 'android'): {text: string; stats: ExportStats} {
  const stats = emptyStats()
  const text = [...exportChunks(count, seed, {platform}, stats)].join('')
  return {text, stats}
}

/** Recounts an export from its text alone, independently of the generator's bookkeeping. */
function recount(content: string, platform: BenchPlatform): {headers: number; system: number; attachments: number; lines: number; stamps: string[]} {
  const eol = platform === 'ios' ? '\r\n' : '\n'
  expect(content.endsWith(eol)).toBe(true)
  const lines = content.slice(0, -eol.length).split(eol)
  if (platform === 'ios') expect(lines.some((l) => l.includes('\n') || l.includes('\r'))).toBe(false)
  let headers = 0
  let system = 0
  let attachments = 0
  const stamps: string[] = []
  for (const line of lines) {
    const m = (platform === 'ios' ? IOS_HEADER : ANDROID_HEADER).exec(line)
    if (!m) continue
    headers++
    const [, dd, mm, yyyy, hh, min, ss] = m
    expect(Number(dd)).toBeGreaterThanOrEqual(1)
    expect(Number(dd)).toBeLessThanOrEqual(31)
    expect(Number(mm)).toBeGreaterThanOrEqual(1)
    expect(Number(mm)).toBeLessThanOrEqual(12)
    expect(Number(hh)).toBeLessThan(24)
    stamps.push(`${yyyy}-${mm}-${dd} ${hh}:${min}:${ss ?? '00'}`)
    const rest = line.slice(m[0].length)
    if (platform === 'ios') {
      // iOS events: the group as pseudo-sender, then U+200E before the event text.
      if (rest.startsWith(`${GROUP_TITLE}: \u200E`)) system++
      if (rest.includes('<attached: ')) attachments++
    } else {
      // Android events have no "Sender: " (their text may still contain ": ").
      if (!SENDERS.some((s) => rest.startsWith(`${s}: `))) system++
      if (/ \(file attached\)$/.test(rest)) attachments++
    }
  }
  return {headers, system, attachments, lines: lines.length, stamps}
}

describe('exportChunks', () => {
  it('gives the same text for the same seed and a different one for another seed', () => {
    const a = text(3000, 7).text
    expect(text(3000, 7).text).toBe(a)
    expect(text(3000, 8).text).not.toBe(a)
    expect(text(3000, 7, 'ios').text).not.toBe(a)
  })

  it.each(['android', 'ios'] as const)('writes exactly the counted messages, events and attachments (%s)', (platform) => {
    const {text: content, stats} = text(20_000, 42, platform)
    const found = recount(content, platform)
    expect(found.headers).toBe(20_000)
    expect(stats.messages).toBe(20_000)
    expect(found.system).toBe(stats.system)
    expect(found.attachments).toBe(stats.attachments)
    expect(found.lines).toBe(stats.lines)
    expect(Buffer.byteLength(content, 'utf8')).toBe(stats.bytes)
    // Timestamps never go backwards, and the file has days above 12 (day-first is decidable).
    expect([...found.stamps].sort()).toEqual(found.stamps)
    expect(found.stamps.some((s) => Number(s.slice(8, 10)) > 12)).toBe(true)
  })

  it('has the mix the bench is meant to exercise, at about 100 bytes per message', () => {
    const {text: content, stats} = text(20_000, 1)
    for (const key of ['system', 'attachments', 'mediaOmitted', 'multiline', 'dateLikeContinuations', 'deleted', 'edited', 'calls', 'polls', 'locations'] as const) {
      expect(stats[key], key).toBeGreaterThan(0)
    }
    expect(stats.bytes / stats.messages).toBeGreaterThan(85)
    expect(stats.bytes / stats.messages).toBeLessThan(120)
    expect(content).toContain('<Media omitted>')
    expect(content).toContain('\n\n') // blank lines inside multi-line bodies
    expect(content).toMatch(/[éèàçüöœ]/)
    expect(content).toContain('👨‍👩‍👧‍👦') // a ZWJ sequence, kept whole
  })

  it('starts on 1 January 2015 08:00 whatever the zone (TZ is Pacific/Chatham here)', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham')
    expect(text(1, 3).text.startsWith('01/01/2015, 08:00 - Messages and calls are end-to-end encrypted.')).toBe(true)
    expect(text(1, 3, 'ios').text.startsWith('[01/01/2015, 08:00:00] ')).toBe(true)
  })

  it('writes one header per message for any seed and size (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({min: 0, max: 400}), fc.constantFrom<BenchPlatform>('android', 'ios'), (seed, count, platform) => {
        const {text: content, stats} = text(count, seed, platform)
        if (count === 0) return content === '' && stats.messages === 0
        const found = recount(content, platform)
        return found.headers === count && found.system === stats.system && found.attachments === stats.attachments && text(count, seed, platform).text === content
      }),
      {numRuns: 60},
    )
  })

  it('refuses a negative or fractional count', () => {
    expect(() => [...exportChunks(-1, 1)]).toThrow(RangeError)
    expect(() => [...exportChunks(1.5, 1)]).toThrow(RangeError)
  })
})

describe('generateExport', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xm-bench-gen-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('writes the file and its sidecar, then reuses them for the same parameters', () => {
    const path = join(dir, 'sub', 'WhatsApp Chat with Famille Martin.txt')
    const first = generateExport(path, 5000, 9)
    expect(first.reused).toBe(false)
    expect(statSync(path).size).toBe(first.bytes)
    expect(recount(readFileSync(path, 'utf8'), 'android').headers).toBe(5000)
    expect(JSON.parse(readFileSync(metaPath(path), 'utf8'))).toMatchObject({messages: 5000, seed: 9, platform: 'android'})
    const mtime = statSync(path).mtimeMs

    const second = generateExport(path, 5000, 9)
    expect(second.reused).toBe(true)
    expect(second.bytes).toBe(first.bytes)
    expect(statSync(path).mtimeMs).toBe(mtime)
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['WhatsApp Chat with Famille Martin.txt', 'WhatsApp Chat with Famille Martin.txt.meta.json'])
  })

  it('regenerates when a parameter differs or the file was altered', () => {
    const path = join(dir, 'chat.txt')
    const base = generateExport(path, 2000, 1)
    const otherSeed = generateExport(path, 2000, 2)
    expect(otherSeed.reused).toBe(false)
    expect(otherSeed.seed).toBe(2)
    expect(generateExport(path, 2100, 2).reused).toBe(false)
    expect(generateExport(path, 2100, 2, {platform: 'ios'}).reused).toBe(false)
    expect(readFileSync(path, 'utf8').includes('\r\n')).toBe(true)

    const again = generateExport(path, 2000, 1)
    expect(again.reused).toBe(false)
    expect(again.bytes).toBe(base.bytes)
    appendFileSync(path, 'x')
    expect(generateExport(path, 2000, 1).reused).toBe(false)
    expect(statSync(path).size).toBe(base.bytes)
  })
})
