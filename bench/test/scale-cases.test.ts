import {describe, expect, it} from 'vitest'

import {formatScaleTable, historyRows, inviteRows, signalRows} from '../scale-cases.js'

// The summaries are the last stdout lines of bench/invite-scale.ts, signal-parse.ts and
// history-export.ts; the figures here are made up, only the verdicts are checked.
describe('issue 17 cases: rows next to their targets', () => {
  const invite = (first: [number, number], rerun: number, failed = 0) => ({
    bench: 'invite-scale',
    server: 'prosody',
    groups: 20,
    members: 50,
    contacts: 183,
    runs: [{failedRooms: failed, rosterFailed: 0, cpu: {rooms: [1, 4], invite: [1, 3], roomsRerun: [0.1, 0], inviteRerun: [0.5, 1]}, kit: {hash: 'abc', files: 10, pngs: 4}}],
    medianRoomsSeconds: first[0],
    medianInviteSeconds: first[1],
    medianFirstSeconds: first[0] + first[1],
    medianRerunSeconds: rerun,
    medianRoomsRerunSeconds: 0.2,
  })

  it('invite: both runs together against 10 s, the rerun against 2 s, failures make it NO', () => {
    expect(inviteRows(invite([5, 4], 1.5)).map((r) => r.met)).toEqual(['-', '-', 'yes', 'yes'])
    expect(inviteRows(invite([7, 4], 2.5)).map((r) => r.met)).toEqual(['-', '-', 'NO', 'NO'])
    expect(inviteRows(invite([5, 4], 1, 1))[2]?.met).toBe('NO')
  })

  it('signal: the 300 MB backup against 15 s, with the same output in every run', () => {
    const rows = signalRows({
      results: [
        {mainMB: 102, medianSeconds: 3, medianCpuSeconds: 3, maxRssMiB: 250, sha256: ['a'], targetSeconds: null},
        {mainMB: 306, medianSeconds: 10, medianCpuSeconds: 9, maxRssMiB: 300, sha256: ['b'], targetSeconds: 15},
      ],
    })
    expect(rows.map((r) => r.met)).toEqual(['-', 'yes'])
    expect(rows[1]?.note).toContain('3.3× the time of 102 MB for 3.0× the size')
    const differing = signalRows({results: [{mainMB: 306, medianSeconds: 10, medianCpuSeconds: 9, maxRssMiB: 300, sha256: ['b', 'c'], targetSeconds: 15}]})
    expect(differing[0]?.met).toBe('NO')
  })

  it('history: memory against 300 MiB, as the script judged it (shards included)', () => {
    const summary = {messages: 1_000_000, runs: [{searchFiles: 51, largestSearchMB: 2.2}], medianSeconds: 20, medianCpuSeconds: 11, medianMaxRssMiB: 268, targetMaxRssMiB: 300}
    expect(historyRows({...summary, met: true})[0]?.met).toBe('yes')
    expect(historyRows({...summary, medianMaxRssMiB: 1039, met: false})[0]?.met).toBe('NO')
  })

  it('prints one aligned line per row', () => {
    const table = formatScaleTable(inviteRows(invite([5, 4], 1.5))).split('\n')
    expect(table).toHaveLength(6)
    expect(table[0]?.startsWith('case ')).toBe(true)
    expect(table.slice(2).every((l) => l.startsWith('invite'))).toBe(true)
  })
})
