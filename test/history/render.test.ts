import {describe, expect, it} from 'vitest'
import fc from 'fast-check'

import {escapeHtml, senderColour, jsonForScript} from '../../src/history/html-text.js'
import {renderMessage} from '../../src/history/html-render.js'
import {labelsFor, systemLanguage} from '../../src/history/labels.js'
import {openStreetMapUrl, ownAuthorTest, shownContent, splitLinks} from '../../src/history/message-content.js'
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

describe('what a message shows (issue 15: one label per marker, links, own messages)', () => {
  const fr = labelsFor('fr')
  const base = {id: 1, chatId: 1, date: '2024-05-03T10:00:00', author: 'Papa', attachment: null, system: false, sourceId: null, line: null} as const
  const ctx = (isOwn: (a: string | null) => boolean = () => false) => ({labels: fr, clock: new MessageClock('fr'), root: '../../', hasMedia: () => false, isOwn})
  const time = {day: '2024-05-03', time: '10:00', wallClock: '2024-05-03T10:00:00'}

  it('replaces the raw markers with the tool labels, once', () => {
    expect(shownContent({kind: 'edited', text: 'Je suis là <Ce message a été modifié>'}, fr)).toEqual({label: null, text: 'Je suis là', point: null, placeUrl: null})
    expect(shownContent({kind: 'media-omitted', text: '<Médias omis>'}, fr)).toMatchObject({label: 'Média non inclus dans l’export', text: ''})
    expect(shownContent({kind: 'deleted', text: 'Ce message a été supprimé'}, fr)).toMatchObject({label: 'Message supprimé', text: ''})
    expect(shownContent({kind: 'call', text: 'Appel vocal manqué'}, fr)).toMatchObject({label: 'Appel manqué', text: ''})
    expect(shownContent({kind: 'call', text: 'Voice call, 2 min'}, fr)).toMatchObject({label: 'Appel', text: ''})
    expect(shownContent({kind: 'poll', text: 'SONDAGE :\nOù va-t-on ?\nOPTION : Gîte (2 votes)'}, fr)).toMatchObject({label: 'Sondage', text: 'Où va-t-on ?\nOPTION : Gîte (2 votes)'})
    const html = renderMessage({...base, kind: 'edited', text: 'Je suis là <Ce message a été modifié>'} as never, time, ctx())
    expect(html).not.toContain('Ce message a été modifié')
    expect(html.match(/modifié/g)).toHaveLength(1)
  })

  it('turns a shared location into an OpenStreetMap link, keeping a place name', () => {
    expect(shownContent({kind: 'location', text: 'localisation : https://maps.google.com/?q=48.8566,2.3522'}, fr)).toEqual({label: 'Position', text: '', point: {latitude: 48.8566, longitude: 2.3522}, placeUrl: 'https://maps.google.com/?q=48.8566,2.3522'})
    expect(shownContent({kind: 'location', text: 'Café de Flore: https://foursquare.com/v/4adcda09f964a520'}, fr)).toMatchObject({text: 'Café de Flore', point: null})
    expect(openStreetMapUrl({latitude: 48.8566, longitude: 2.3522})).toBe('https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=17/48.8566/2.3522')
    const html = renderMessage({...base, kind: 'location', text: 'location: https://maps.google.com/?q=-33.8568,151.2153'} as never, time, ctx())
    expect(html).toContain('<a href="https://www.openstreetmap.org/?mlat=-33.8568&amp;mlon=151.2153#map=17/-33.8568/151.2153" rel="noopener noreferrer">📍 Voir sur la carte</a>')
    expect(html).not.toContain('location:')
  })

  it('makes http(s) links clickable and nothing else, punctuation outside', () => {
    expect(splitLinks('Voir https://example.org/a_(b), puis javascript:alert(1).')).toEqual([{text: 'Voir '}, {text: 'https://example.org/a_(b)', href: 'https://example.org/a_(b)'}, {text: ', puis javascript:alert(1).'}])
    const html = renderMessage({...base, kind: 'text', text: 'go https://x.test/"><script>'} as never, time, ctx())
    expect(html).toContain('<a href="https://x.test/" rel="noopener noreferrer">https://x.test/</a>&quot;&gt;&lt;script&gt;')
  })

  it('sets the person own messages apart, matched as the contact book matches names', () => {
    const isOwn = ownAuthorTest(['Marie Dupont', '~ Marie'])
    expect(isOwn('marie')).toBe(true)
    expect(isOwn('\u200eMarie Dupont')).toBe(true)
    expect(isOwn('Papa')).toBe(false)
    expect(isOwn(null)).toBe(false)
    expect(ownAuthorTest([])('Marie')).toBe(false)
    expect(renderMessage({...base, author: '~ Marie', kind: 'text', text: 'Coucou'} as never, time, ctx(isOwn))).toMatch(/^<div class="msg own" id="m1"><div class="head"><span class="author c\d+">~ Marie<\/span> <span class="you">\(vous\)<\/span>/)
    expect(renderMessage({...base, kind: 'text', text: 'Coucou'} as never, time, ctx(isOwn))).toMatch(/^<div class="msg" id="m1">/)
  })
})
