import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {PNG} from 'pngjs'
import {describe, expect, it} from 'vitest'

import {setMe} from '../../src/contacts/service.js'
import {meLabels, openImportedStore} from '../../src/history/export-service.js'
import {planPdfParts, renderPdfPart, renderPdfParts, pdfFileName, type PdfPart} from '../../src/history/export-pdf.js'
import type {Workspace} from '../../src/workspace.js'
import {familyFiles, familyMessages, info, longChat, msg, workspaceWith} from './helpers.js'

// The PDF documents posted in rooms and sent to people (issue 15): read back with pdftotext
// (Debian's poppler-utils), an independent PDF reader.

function pdfText(bytes: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'xm-pdf-'))
  const file = join(dir, 'doc.pdf')
  writeFileSync(file, bytes)
  return execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], {encoding: 'utf8'})
}

function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'xm-pdf-'))
  const file = join(dir, 'doc.pdf')
  writeFileSync(file, bytes)
  const out = execFileSync('pdfinfo', [file], {encoding: 'utf8'})
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]))
}

async function render(workspace: Workspace, chatId: number, options: Parameters<typeof planPdfParts>[3]) {
  const store = openImportedStore(workspace)
  try {
    const chat = store.listChats().find((c) => c.id === chatId)!
    const opts = {...options, meLabels: meLabels(store)}
    const plan = planPdfParts(store, workspace, chat, opts)
    const parts: PdfPart[] = []
    await renderPdfParts(store, workspace, chat, plan, opts, (part) => {
      parts.push(part)
    })
    // One part alone is the same document as in the single pass.
    const last = await renderPdfPart(store, workspace, chat, plan, plan.parts.length, opts)
    expect(Buffer.from(last.bytes).equals(Buffer.from(parts.at(-1)!.bytes))).toBe(true)
    return {plan, parts}
  } finally {
    store.close()
  }
}

describe('history as PDF', () => {
  it('shows every kind of message with the tool labels, no raw marker, photos inside, links clickable', async () => {
    const messages = [
      ...familyMessages(),
      msg('2024-05-04T09:00:00', 'Papa', 'Je suis là <Ce message a été modifié>', {kind: 'edited'}),
      msg('2024-05-04T09:01:00', 'Maman', '<Médias omis>', {kind: 'media-omitted'}),
      msg('2024-05-04T09:02:00', 'Maman', 'localisation : https://maps.google.com/?q=48.8566,2.3522', {kind: 'location'}),
      msg('2024-05-04T09:03:00', 'Papa', 'Appel vocal manqué', {kind: 'call'}),
      msg('2024-05-04T09:04:00', 'Moi', 'Voir https://example.org/gîte, merci'),
    ]
    const workspace = await workspaceWith([{info: info('Famille Dupont 🏡', ['Maman', 'Papa', '~ Léa', 'Moi']), messages, files: familyFiles()}])
    setMe(workspace, 'Moi')
    const {parts} = await render(workspace, 1, {language: 'fr'})
    expect(parts).toHaveLength(1)
    const [part] = parts
    expect(part!.fileName).toBe('historique-famille-dupont.pdf')
    expect(Buffer.from(part!.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    const text = pdfText(part!.bytes)
    for (const expected of ['Famille Dupont', 'Bonjour à tous ! Le gîte est réservé', 'On part à quelle heure ?', 'vendredi 3 mai 2024', 'samedi 4 mai 2024', 'Je suis là', 'Média non inclus dans l’export', 'Position', 'Voir sur la carte', 'Appel manqué', 'En réponse à', 'modifié', 'devis gîte.pdf', '❤', 'Moi (vous)']) {
      expect(text, expected).toContain(expected)
    }
    // The raw markers are gone: one label per marker.
    expect(text).not.toContain('<Ce message a été modifié>')
    expect(text).not.toContain('<Médias omis>')
    expect(text).not.toContain('Appel vocal manqué')
    expect(text).not.toContain('maps.google.com')
    // The XSS text is plain text in a PDF.
    expect(text).toContain('<script>')
    // The photo is embedded (one image), the location and the link are link annotations.
    const dir = mkdtempSync(join(tmpdir(), 'xm-pdf-'))
    writeFileSync(join(dir, 'd.pdf'), part!.bytes)
    const images = execFileSync('pdfimages', ['-list', join(dir, 'd.pdf')], {encoding: 'utf8'}).trim().split('\n').slice(2)
    expect(images).toHaveLength(1)
    const raw = Buffer.from(part!.bytes).toString('latin1')
    expect(raw).toContain('(https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=17/48.8566/2.3522)')
    expect(raw).toContain('/URI (https://example.org/g%C3%AEte)')
    expect(pdfInfo(part!.bytes)).toMatchObject({Title: 'Famille Dupont 🏡', Creator: 'xmpp-migrate'})
  })

  it('renders (pdftoppm): own messages on the right with a green bar, the others on the left', async () => {
    const workspace = await workspaceWith([{info: info('Mamie', ['Mamie', 'Moi'], {kind: 'direct'}), messages: [msg('2024-06-01T18:00:00', 'Mamie', 'Bisous mes chéris'), msg('2024-06-01T18:05:00', 'Moi', 'Bisous Mamie')]}])
    setMe(workspace, 'Moi')
    const {parts} = await render(workspace, 1, {language: 'fr'})
    const dir = mkdtempSync(join(tmpdir(), 'xm-pdf-'))
    writeFileSync(join(dir, 'd.pdf'), parts[0]!.bytes)
    execFileSync('pdftoppm', ['-r', '72', '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, 'd.pdf'), join(dir, 'page')])
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')))
    // Columns holding the own-message green (#2e9e5b), and any bar-like dark colour, by x.
    const greenColumns = new Set<number>()
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!]
        if (Math.abs(r - 0x2e) < 24 && Math.abs(g - 0x9e) < 24 && Math.abs(b - 0x5b) < 24) greenColumns.add(x)
      }
    }
    expect(png.width).toBe(420)
    const xs = [...greenColumns]
    expect(xs.length).toBeGreaterThan(0)
    // The own message's block starts a fifth of the width in; nothing green on the left margin.
    expect(Math.min(...xs)).toBeGreaterThan(png.width * 0.2)
    expect(pdfText(parts[0]!.bytes)).toMatch(/Mamie\s+18:00\s+Bisous mes chéris[\s\S]*Moi \(vous\)\s+18:05\s+Bisous Mamie/)
  })

  it('is the same document twice (deterministic: a rerun uploads nothing new)', async () => {
    const workspace = await workspaceWith([{info: info('Mamie', ['Mamie'], {kind: 'direct'}), messages: [msg('2024-06-01T18:00:00', 'Mamie', 'Bisous 😘')]}])
    const a = await render(workspace, 1, {language: 'en'})
    const b = await render(workspace, 1, {language: 'en'})
    expect(Buffer.from(a.parts[0]!.bytes).equals(Buffer.from(b.parts[0]!.bytes))).toBe(true)
    expect(pdfText(a.parts[0]!.bytes)).toContain('Bisous 😘')
  })

  it('splits a long chat into parts that say "2 of 3", every message in exactly one part', async () => {
    const workspace = await workspaceWith([{info: info('Fil long', ['Maman', 'Moi'], {kind: 'direct'}), messages: longChat(250)}])
    const {plan, parts} = await render(workspace, 1, {language: 'en', maxPartMessages: 100})
    expect(plan.parts.map((p) => p.messages)).toEqual([100, 100, 50])
    expect(parts.map((p) => p.messages)).toEqual([100, 100, 50])
    const middle = await (async () => {
      const store = openImportedStore(workspace)
      try {
        return await renderPdfPart(store, workspace, store.listChats()[0]!, plan, 2, {language: 'en', maxPartMessages: 100, meLabels: meLabels(store)})
      } finally {
        store.close()
      }
    })()
    expect(Buffer.from(middle.bytes).equals(Buffer.from(parts[1]!.bytes))).toBe(true)
    expect(parts.map((p) => p.fileName)).toEqual(['history-fil-long-part-1-of-3.pdf', 'history-fil-long-part-2-of-3.pdf', 'history-fil-long-part-3-of-3.pdf'])
    const texts = parts.map((p) => pdfText(p.bytes))
    expect(texts[1]).toContain('Part 2 of 3')
    for (const i of [0, 99, 100, 199, 200, 249]) {
      const where = texts.map((t) => new RegExp(`mot-clé-${i}\\b`).test(t))
      expect(where.filter(Boolean), `message ${i}`).toHaveLength(1)
    }
    expect(texts[0]).toContain('mot-clé-0')
    expect(texts[1]).toContain('mot-clé-100')
    expect(texts[2]).toContain('mot-clé-249')
  })

  it('splits by size: photos count for their bytes', async () => {
    const photo = (i: number) => ({name: `IMG-${i}.png`, mediaType: 'image/png', size: null, sha256: null, storedPath: null})
    const files: Record<string, Uint8Array> = {}
    const messages = []
    for (let i = 0; i < 6; i++) {
      // 60 kB after a PNG signature (the plan reads the signature and the size, not the pixels).
      const bytes = new Uint8Array(60_000)
      let x = i + 1
      for (let k = 0; k < bytes.length; k++) {
        x = (x * 1103515245 + 12345) >>> 0
        bytes[k] = x >>> 24
      }
      files[`IMG-${i}.png`] = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes])
      messages.push(msg(`2024-07-0${i + 1}T10:00:00`, 'Papa', '', {kind: 'media', attachment: photo(i)}))
    }
    const workspace = await workspaceWith([{info: info('Photos', ['Papa']), messages, files}])
    const store = openImportedStore(workspace)
    try {
      const chat = store.listChats()[0]!
      const plan = planPdfParts(store, workspace, chat, {language: 'fr', maxPartBytes: 300_000})
      expect(plan.parts.length).toBeGreaterThan(1)
      expect(plan.parts.every((p) => p.estimatedBytes <= 300_000)).toBe(true)
      expect(plan.parts.reduce((n, p) => n + p.messages, 0)).toBe(6)
    } finally {
      store.close()
    }
  })

  it('names the files in ASCII, in the reader language', () => {
    expect(pdfFileName('Les amis du jeudi ☕', 3, 'fr', 2, 4)).toBe('historique-les-amis-du-jeudi-partie-2-sur-4.pdf')
    expect(pdfFileName('😀', 7, 'en', 1, 1)).toBe('history-chat-7.pdf')
  })
})
