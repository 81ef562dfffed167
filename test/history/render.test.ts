import {describe, expect, it} from 'vitest'
import fc from 'fast-check'

import {escapeHtml, senderColour, jsonForScript} from '../../src/history/html-text.js'
import {systemLanguage} from '../../src/history/labels.js'
import {exportedMediaName, mediaShape, safeExtension} from '../../src/history/media-files.js'
import {MessageClock} from '../../src/history/message-time.js'

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(escapeHtml(`a "b" & 'c'`)).toBe('a &quot;b&quot; &amp; &#39;c&#39;')
  })
  it('never leaves a markup character (property)', () => {
    fc.assert(
      fc.property(fc.string({unit: 'binary'}), (s) => {
        const out = escapeHtml(s)
        expect(out).not.toMatch(/[<>"']/)
        // Undoing the five escapes gives the input back: nothing is lost.
        expect(out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')).toBe(s)
      }),
      {seed: 8, numRuns: 500},
    )
  })
})

describe('senderColour', () => {
  it('is stable per name and spreads names over the palette', () => {
    expect(senderColour('Maman')).toBe(senderColour('Maman'))
    const names = ['Maman', 'Papa', '~ Léa', 'Tonton Jo 🎸', '+33 6 12 34 56 78', 'Mamie', 'Karim', 'Inès']
    expect(new Set(names.map(senderColour)).size).toBeGreaterThan(3)
    for (const n of names) expect(senderColour(n)).toMatch(/^c([0-9]|1[01])$/)
  })
})

describe('jsonForScript', () => {
  it('cannot close a script element', () => {
    const text = jsonForScript(['</script><script>alert(1)</script>'])
    expect(text).not.toContain('<')
    expect(JSON.parse(text)).toEqual(['</script><script>alert(1)</script>'])
  })
})

describe('media names', () => {
  const sha = 'ab'.repeat(32)
  it('uses the hash, never the exported name', () => {
    expect(exportedMediaName({name: '../../.bashrc', sha256: sha, storedPath: `media/ab/${sha}`})).toBe(`${sha}.bashrc`)
    expect(exportedMediaName({name: 'Photo de Léa.JPG', sha256: sha, storedPath: `media/ab/${sha}`})).toBe(`${sha}.jpg`)
    expect(exportedMediaName({name: 'x.jpg', sha256: null, storedPath: null})).toBeNull()
    expect(exportedMediaName({name: 'x.jpg', sha256: '../etc', storedPath: 'media/../etc'})).toBeNull()
  })
  it('keeps only plain extensions', () => {
    expect(safeExtension('a.tar.gz')).toBe('gz')
    expect(safeExtension('a.j"pg')).toBe('')
    expect(safeExtension('noext')).toBe('')
  })
  it('shows by media type, then by extension', () => {
    expect(mediaShape({name: 'a.bin', mediaType: 'image/png'})).toBe('image')
    expect(mediaShape({name: 'a.heic', mediaType: 'image/heic'})).toBe('document')
    expect(mediaShape({name: 'PTT.opus', mediaType: null})).toBe('audio')
    expect(mediaShape({name: 'VID.mp4', mediaType: null})).toBe('video')
    expect(mediaShape({name: 'devis.pdf', mediaType: 'application/pdf'})).toBe('document')
  })
})

describe('systemLanguage', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG, then Intl', () => {
    expect(systemLanguage({LANG: 'fr_FR.UTF-8'}, 'en-US')).toBe('fr')
    expect(systemLanguage({LC_ALL: 'en_GB.UTF-8', LANG: 'fr_FR.UTF-8'}, 'fr-FR')).toBe('en')
    expect(systemLanguage({LC_MESSAGES: 'fr_CA.UTF-8', LANG: 'en_US.UTF-8'}, 'en')).toBe('fr')
    expect(systemLanguage({LANG: 'C.UTF-8'}, 'fr-FR')).toBe('fr')
    expect(systemLanguage({}, 'de-DE')).toBe('en')
  })
})

describe('MessageClock', () => {
  it('shows WhatsApp wall-clock dates exactly as written', () => {
    const clock = new MessageClock('fr', 'Asia/Tokyo')
    expect(clock.read('2024-05-03T23:59:00')).toEqual({day: '2024-05-03', time: '23:59', wallClock: '2024-05-03T23:59:00'})
    expect(clock.dayLabel('2024-05-03')).toBe('vendredi 3 mai 2024')
    expect(new MessageClock('en').dayLabel('2024-05-03')).toBe('Friday, 3 May 2024')
  })
  it('shows Signal instants in the zone asked for', () => {
    expect(new MessageClock('en', 'Europe/Paris').read('2024-05-03T22:30:00.000Z')).toEqual({day: '2024-05-04', time: '00:30', wallClock: '2024-05-04T00:30:00'})
    expect(new MessageClock('en', 'America/Montreal').read('2024-05-03T02:30:00.000Z').day).toBe('2024-05-02')
  })
})
