import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {candidateAddress, MAX_SLUG_LENGTH, roomLocalPart, slugifyTitle} from '../../src/rooms/room-slug.js'

describe('slugifyTitle', () => {
  it.each([
    ['Famille 🏡 Dupont', 'famille-dupont'],
    ['Les amis du jeudi', 'les-amis-du-jeudi'],
    ['Boulot', 'boulot'],
    ['Équipe Été 2024 !!!', 'equipe-ete-2024'],
    ['Noël chez Mémé', 'noel-chez-meme'],
    ['Straße & Söhne', 'strasse-sohne'],
    ['Cæsar Œuvre', 'caesar-oeuvre'],
    ['Øresund Łódź', 'oresund-lodz'],
    ['Þórr Đorđe', 'thorr-dorde'],
    ['Семья Иванов', 'semya-ivanov'],
    ['Οικογένεια', 'oikogeneia'],
    ['  --Hello__World--  ', 'hello-world'],
    // Fullwidth letters: NFKD maps them to ASCII.
    ['ＡＢＣ', 'abc'],
    // U+00A0 no-break space and U+200D zero-width joiner inside an emoji sequence separate words.
    ['Foot\u00a0⚽ 👨\u200d👩\u200d👧 club', 'foot-club'],
  ])('%s → %s', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug)
  })

  it('gives "" for titles with nothing readable (all emoji, CJK)', () => {
    expect(slugifyTitle('🏡🎉')).toBe('')
    expect(slugifyTitle('家族')).toBe('')
  })

  it('cuts long titles at a word boundary', () => {
    const slug = slugifyTitle('Le groupe des anciens élèves du lycée Victor Hugo promotion deux mille trois')
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH)
    expect(slug).toBe('le-groupe-des-anciens-eleves-du-lycee-victor')
  })

  it('always yields a valid, plain local part (property)', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme', maxLength: 80}), fc.nat(10_000), (title, id) => {
        const local = roomLocalPart(title, id)
        expect(local).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
        expect(local.length).toBeLessThanOrEqual(Math.max(MAX_SLUG_LENGTH, `group-${id}`.length))
        // Stable: same title, same answer.
        expect(roomLocalPart(title, id)).toBe(local)
      }),
    )
  })
})

describe('roomLocalPart and candidateAddress', () => {
  it('falls back to group-<chatId>', () => {
    expect(roomLocalPart('🏡', 7)).toBe('group-7')
    expect(roomLocalPart('Famille', 7)).toBe('famille')
  })

  it('numbers collisions from 2', () => {
    expect(candidateAddress('famille', 1, 'conference.example.test')).toBe('famille@conference.example.test')
    expect(candidateAddress('famille', 2, 'conference.example.test')).toBe('famille-2@conference.example.test')
  })
})
