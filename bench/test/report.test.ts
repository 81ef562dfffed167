import {describe, expect, it} from 'vitest'

import {nodeFlagsFromShebang} from '../node-flags.js'
import {compareCounts, formatTable, importCounts, kibToMB, kibToMiB, median, secondsLimit, targetFor, verdict, type BenchRow} from '../report.js'

function row(over: Partial<BenchRow>): BenchRow {
  return {step: 'parse', format: 'android', messages: 1_000_000, bytes: 100e6, seconds: [1], cpuSeconds: [1.1], maxRssKiB: 100_000, status: 'ok', note: '', ...over}
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull()
    expect(median([3])).toBe(3)
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})

describe('verdict', () => {
  it('applies the 1M parse target: at most 1.5 s and 143 MiB (150 MB) of peak RSS', () => {
    expect(verdict(row({seconds: [1.4], maxRssKiB: 140_000}))).toBe('yes') // 136.7 MiB
    expect(verdict(row({seconds: [1.6], maxRssKiB: 100_000}))).toBe('NO')
    expect(verdict(row({seconds: [1.0], maxRssKiB: 147_000}))).toBe('NO') // 143.6 MiB: KiB are converted
    expect(verdict(row({seconds: [2, 1.2, 1.3]}))).toBe('yes') // the median decides
  })

  it('applies the import target (5 s, 200 MiB) to import and to the CLI import', () => {
    expect(verdict(row({step: 'import', seconds: [4.9], maxRssKiB: 200 * 1024}))).toBe('yes')
    expect(verdict(row({step: 'import', seconds: [4.9], maxRssKiB: 201 * 1024}))).toBe('NO')
    expect(verdict(row({step: 'import', seconds: [5.1]}))).toBe('NO')
    expect(verdict(row({step: 'cli', seconds: [5.2]}))).toBe('NO')
    expect(targetFor('cli', 1_000_000)?.maxSeconds).toBe(5)
  })

  it('holds the 10M import to memory only (250 MiB)', () => {
    expect(verdict(row({step: 'import', messages: 10_000_000, seconds: [120], maxRssKiB: 240 * 1024}))).toBe('yes')
    expect(verdict(row({step: 'import', messages: 10_000_000, seconds: [60], maxRssKiB: 260 * 1024}))).toBe('NO')
  })

  it('holds parse --json to a quarter of the comparison parser in the same run', () => {
    const compare = row({step: 'compare', seconds: [12, 14, 13], maxRssKiB: 1_800_000})
    const json = row({step: 'parse-json', seconds: [3.2]})
    expect(secondsLimit(json, [compare, json])).toBe(3.25)
    expect(verdict(json, [compare, json])).toBe('yes')
    expect(verdict(row({step: 'parse-json', seconds: [3.3]}), [compare])).toBe('NO')
    // Another size or format is not the same run's reference.
    expect(verdict(json, [{...compare, messages: 100_000}])).toBe('-')
    expect(verdict(json)).toBe('-')
  })

  it('holds parse without --json to 4 s', () => {
    expect(verdict(row({step: 'parse-text', seconds: [3.9]}))).toBe('yes')
    expect(verdict(row({step: 'parse-text', seconds: [4.1]}))).toBe('NO')
  })

  it('has no verdict without a target or without a figure', () => {
    expect(verdict(row({messages: 100_000}))).toBe('-')
    expect(verdict(row({status: 'unavailable', seconds: [], maxRssKiB: null}))).toBe('-')
  })
})

describe('formatTable', () => {
  it('prints one aligned line per row with rate, MB and verdict', () => {
    const table = formatTable([
      row({seconds: [1.25, 1.0, 2.0], cpuSeconds: [1.5, 1.3, 9], maxRssKiB: 97_656, note: 'counts ok'}),
      row({step: 'import', status: 'unavailable', seconds: [], cpuSeconds: [], maxRssKiB: null, note: 'not available yet'}),
    ])
    const lines = table.split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^step\s+format\s+messages/)
    expect(lines[2]).toMatch(/ 1\.25 \(1\.00–2\.00\) +1\.50 /) // wall median (range), then CPU median
    expect(lines[2]).toContain('800,000') // messages/s at the median
    expect(lines[2]).toMatch(/\b95\b/) // 97,656 KiB = 95 MiB
    expect(lines[2]).toMatch(/≤ 1.5 s, ≤ 143 MiB\s+yes\s+counts ok$/)
    expect(lines[3]).toMatch(/unavailable.*not available yet$/)
    expect(lines[2]?.indexOf('messages/s')).toBe(-1)
    expect(lines[0]?.indexOf('met')).toBe(lines[2]?.indexOf('yes'))
  })
})

describe('compareCounts', () => {
  it('says ok only when every known count matches', () => {
    expect(compareCounts({messages: 10, system: 2}, {messages: 10, system: 2})).toBe('counts ok')
    expect(compareCounts({messages: 10, system: 2}, {messages: 10, system: null})).toBe('counts ok')
    expect(compareCounts({messages: 1000, system: 2}, {messages: 999, system: 3})).toBe('COUNT MISMATCH: messages 999 (expected 1,000), system 3 (expected 2)')
  })
})

describe('kibToMB, kibToMiB', () => {
  it('converts KiB to 10^6-byte MB and to 2^20-byte MiB', () => {
    expect(kibToMB(1_000_000)).toBeCloseTo(1024, 6)
    expect(kibToMiB(1_000_000)).toBeCloseTo(976.5625, 6)
  })
})

describe('importCounts', () => {
  it('reads ImportSummary.total, else top-level fields, else nulls', () => {
    expect(importCounts({files: [], total: {messagesNew: 5, messagesKnown: 2}})).toEqual({added: 5, known: 2})
    expect(importCounts({messagesNew: 0, messagesKnown: 9})).toEqual({added: 0, known: 9})
    expect(importCounts({total: {messagesNew: '5'}})).toEqual({added: null, known: null})
    expect(importCounts(null)).toEqual({added: null, known: null})
    expect(importCounts('text')).toEqual({added: null, known: null})
  })
})

describe('nodeFlagsFromShebang', () => {
  it('takes the options after node in an env -S shebang, and nothing else', () => {
    expect(nodeFlagsFromShebang('#!/usr/bin/env -S node --max-semi-space-size=8')).toEqual(['--max-semi-space-size=8'])
    expect(nodeFlagsFromShebang('#!/usr/bin/env -S node --a=1 --b script.js --c')).toEqual(['--a=1', '--b'])
    expect(nodeFlagsFromShebang('#!/usr/local/bin/node --x')).toEqual(['--x'])
    expect(nodeFlagsFromShebang('#!/usr/bin/env node')).toEqual([])
    expect(nodeFlagsFromShebang('#!/bin/sh -e')).toEqual([])
    expect(nodeFlagsFromShebang('// no shebang --y')).toEqual([])
  })
})
