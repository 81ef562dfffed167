import {afterEach, describe, expect, it} from 'vitest'

import {setConsoleLanguage} from '../../src/i18n/index.js'
import {formatRoomsCreate, formatRoomsPlan, roomProgressLine} from '../../src/rooms/format.js'
import type {RoomsCreateResult, RoomsPlanResult} from '../../src/rooms/workspace-rooms.js'

// The rooms' console texts in the console language (issue 13): counts with plurals, not "member(s)".

const NNBSP = '\u202F'
const address = 'famille-dupont@conference.example.org'

const plan: RoomsPlanResult = {
  account: 'claire@example.org',
  mucService: 'conference.example.org',
  rooms: [
    {
      chatId: 1,
      address,
      name: 'Famille Dupont 🏡',
      description: '',
      public: false,
      members: [{contactId: 5, name: 'Maman', jid: 'maman@example.org', language: 'fr', phone: null} as never],
      pending: [{contactId: 3, name: 'Mamie Jeanne', phone: null}],
      action: 'update',
      changes: ['configure', 'invite maman@example.org'],
      newAddress: false,
    },
  ],
}

const created: RoomsCreateResult = {
  account: 'claire@example.org',
  mucService: 'conference.example.org',
  dryRun: false,
  rooms: [{chatId: 1, address, name: 'Famille Dupont 🏡', public: false, action: 'create', status: 'done', done: ['created', 'configured', 'bookmark'], warnings: [], members: 1, pending: 1}],
  summary: {created: 1, updated: 0, unchanged: 2, failed: 0},
}

afterEach(() => setConsoleLanguage('en'))

describe('rooms console texts (issue 13)', () => {
  it('English: progress counts, plan and report', () => {
    setConsoleLanguage('en')
    expect(roomProgressLine({chatId: 1, address, phase: 'members', count: 4})).toBe(`${address}: 4 members added`)
    expect(roomProgressLine({chatId: 1, address, phase: 'invited', count: 1})).toBe(`${address}: 1 invitation sent`)
    expect(roomProgressLine({chatId: 1, address, phase: 'done'})).toBe(`${address}: done`)
    expect(formatRoomsPlan(plan)).toEqual([
      'Rooms of claire@example.org on conference.example.org:',
      `  [update] ${address}  "Famille Dupont 🏡"  chat 1`,
      '      members: maman@example.org',
      '      without an XMPP address yet: Mamie Jeanne',
      '      to do: configure, invite maman@example.org',
    ])
    expect(formatRoomsCreate(created)).toEqual([`✓ ${address} "Famille Dupont 🏡": done, 3 steps`, '1 created, 0 updated, 2 unchanged, 0 failed.'])
  })

  it('French: "4 membres ajoutés", « … », French plurals (0 and 1 singular) and spacing', () => {
    setConsoleLanguage('fr')
    expect(roomProgressLine({chatId: 1, address, phase: 'members', count: 4})).toBe(`${address}${NNBSP}: 4 membres ajoutés`)
    expect(roomProgressLine({chatId: 1, address, phase: 'members', count: 1})).toBe(`${address}${NNBSP}: 1 membre ajouté`)
    expect(roomProgressLine({chatId: 1, address, phase: 'created'})).toBe(`${address}${NNBSP}: créé`)
    expect(roomProgressLine({chatId: 1, address, phase: 'failed', detail: 'Le serveur a refusé.'})).toBe(`${address}${NNBSP}: échec (Le serveur a refusé.)`)
    expect(formatRoomsPlan(plan)).toEqual([
      `Salons de claire@example.org sur conference.example.org${NNBSP}:`,
      `  [mettre à jour] ${address}  «${NNBSP}Famille Dupont 🏡${NNBSP}»  conversation 1`,
      `      membres${NNBSP}: maman@example.org`,
      `      encore sans adresse XMPP${NNBSP}: Mamie Jeanne`,
      `      à faire${NNBSP}: configurer, inviter maman@example.org`,
    ])
    expect(formatRoomsCreate(created)).toEqual([`✓ ${address} «${NNBSP}Famille Dupont 🏡${NNBSP}»${NNBSP}: terminé, 3 étapes`, '1 créé, 0 mis à jour, 2 inchangés, 0 en échec.'])
  })
})
