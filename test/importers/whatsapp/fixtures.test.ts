/**
 * The WhatsApp parser against the project's own fixtures (fixtures/whatsapp/<locale>-<platform>/):
 * each folder holds an export under its real name and expected.json, written from the fixture
 * generator's intent (fixtures/whatsapp/generate.ts), never from the parser. One test per fixture.
 * TZ is pinned (vitest.config.ts) so nothing may depend on the machine's zone.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import JSZip from 'jszip'
import {describe, expect, it} from 'vitest'
import {exampleChats} from '../../../fixtures/whatsapp/generator/example.js'
import {fixtureSpecs} from '../../../fixtures/whatsapp/generator/fixtures.js'
import type {Expected, ExpectedMessage} from '../../../fixtures/whatsapp/generator/model.js'
import {renderFixture} from '../../../fixtures/whatsapp/generator/render.js'
import type {Message} from '../../../src/model/types.js'
import {parseWhatsAppString} from '../../../src/importers/whatsapp/parser.js'

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures')
const root = join(fixturesDir, 'whatsapp')

const folders = readdirSync(root, {withFileTypes: true})
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort()

/** The fields expected.json states, attachment compared by name. */
function project(m: Message): ExpectedMessage {
  return {date: m.date, author: m.author, text: m.text, attachment: m.attachment?.name ?? null, system: m.system, kind: m.kind}
}

function readExpected(folder: string): Expected {
  return JSON.parse(readFileSync(join(root, folder, 'expected.json'), 'utf8')) as Expected
}

describe('WhatsApp fixtures', () => {
  it('cover the required locales on both platforms (issue 2, "Done when")', () => {
    const locales = ['en-US', 'en-GB', 'en-IN', 'fr', 'de', 'es', 'pt-BR', 'it', 'nl', 'ru', 'ko', 'ja', 'ar', 'he', 'vi', 'th', 'id']
    const missing = locales.flatMap((l) => [`${l}-android`, `${l}-ios`]).filter((id) => !folders.includes(id))
    expect(missing).toEqual([])
  })

  it('on disk are what the generator writes (rerun `npx tsx fixtures/whatsapp/generate.ts` after editing it)', () => {
    for (const spec of fixtureSpecs) {
      const out = renderFixture(spec)
      expect(readFileSync(join(root, spec.id, out.fileName), 'utf8'), spec.id).toBe(out.text)
      expect(readExpected(spec.id), spec.id).toEqual(out.expected)
    }
    expect(folders).toEqual(fixtureSpecs.map((s) => s.id).sort())
  })

  for (const folder of folders) {
    it(`${folder} parses to expected.json`, () => {
      const expected = readExpected(folder)
      // Read as UTF-8 without touching BOM, CRLF or the missing final newline: the parser gets the file as is.
      const text = readFileSync(join(root, folder, expected.fileName), 'utf8')
      const {analysis, messages} = parseWhatsAppString(text, {fileName: expected.fileName})
      expect({dateOrder: analysis.dateOrder, kind: analysis.kind, titleHint: analysis.titleHint}).toEqual({
        dateOrder: expected.dateOrder,
        kind: expected.kind,
        titleHint: expected.titleHint,
      })
      expect(messages.map(project)).toEqual(expected.messages)
    })
  }
})

describe('bundled example (fixtures/example, the README quick start)', () => {
  for (const chat of exampleChats()) {
    it(`${chat.file} is up to date and parses to what the generator meant`, async () => {
      const path = join(fixturesDir, 'example', chat.file)
      let text: string
      let hasFile: ((name: string) => boolean) | undefined
      if (chat.entry) {
        const zip = await JSZip.loadAsync(readFileSync(path))
        const names = Object.keys(zip.files).sort()
        expect(names).toEqual([chat.entry, ...chat.media!].sort())
        text = await zip.file(chat.entry)!.async('string')
        hasFile = (name) => chat.media!.includes(name)
      } else {
        text = readFileSync(path, 'utf8')
      }
      expect(text).toBe(chat.rendered.text)
      const expected = chat.rendered.expected
      const {analysis, messages} = parseWhatsAppString(text, hasFile ? {fileName: expected.fileName, hasFile} : {fileName: expected.fileName})
      expect({dateOrder: analysis.dateOrder, kind: analysis.kind, titleHint: analysis.titleHint}).toEqual({
        dateOrder: expected.dateOrder,
        kind: expected.kind,
        titleHint: expected.titleHint,
      })
      expect(messages.map(project)).toEqual(expected.messages)
    })
  }
})
