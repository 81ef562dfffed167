import {describe, expect, it} from 'vitest'

import {formatHotSpots, hotSpots, type CpuProfile} from '../profile.js'

// A hand-made profile: (root) → main → parseLine → parseLine (recursion), and main → decode.
// Samples: 4 ms in parseLine (inner), 2 ms in parseLine (outer), 3 ms in decode, 1 ms in main.
const profile: CpuProfile = {
  nodes: [
    {id: 1, callFrame: {functionName: '(root)', url: '', lineNumber: -1}, children: [2]},
    {id: 2, callFrame: {functionName: 'main', url: 'file:///repo/bench/child.ts', lineNumber: 9}, children: [3, 5]},
    {id: 3, callFrame: {functionName: 'parseLine', url: 'file:///repo/src/parser.ts', lineNumber: 41}, children: [4]},
    {id: 4, callFrame: {functionName: 'parseLine', url: 'file:///repo/src/parser.ts', lineNumber: 41}},
    {id: 5, callFrame: {functionName: '', url: 'node:internal/encoding', lineNumber: 0}},
  ],
  samples: [4, 4, 3, 5, 2, 5, 4, 5, 4, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
}

describe('hotSpots', () => {
  it('merges a function across call-tree nodes and counts recursion once in its total', () => {
    const spots = hotSpots(profile, 10, '/repo')
    expect(spots.map((s) => s.where)).toEqual(['parseLine (src/parser.ts:42)', '(anonymous) (node:internal/encoding:1)', 'main (bench/child.ts:10)'])
    const [parse, decode, main] = spots
    expect(parse?.selfMs).toBe(6)
    expect(parse?.selfPercent).toBeCloseTo(60)
    expect(parse?.totalPercent).toBeCloseTo(60) // not 100: the inner frames are the same function
    expect(decode?.selfPercent).toBeCloseTo(30)
    expect(main?.selfPercent).toBeCloseTo(10)
    expect(main?.totalPercent).toBeCloseTo(100)
  })

  it('keeps only the first `limit` entries and formats them', () => {
    const spots = hotSpots(profile, 1)
    expect(spots).toHaveLength(1)
    expect(spots[0]?.where).toBe('parseLine (file:///repo/src/parser.ts:42)')
    expect(formatHotSpots(spots).split('\n')[1]).toMatch(/^\s+60\.0\s+60\.0\s+parseLine/)
  })
})
