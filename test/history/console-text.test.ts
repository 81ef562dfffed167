import {afterEach, describe, expect, it} from 'vitest'

import {exportedLine, pdfWrittenLine, skippedNote} from '../../src/history/console-text.js'
import {setConsoleLanguage, t} from '../../src/i18n/index.js'

// What `history export` prints, in the console language (issue 13): plurals, numbers, spacing.

afterEach(() => setConsoleLanguage('en'))

describe('history export, console texts (issue 13)', () => {
  const folder = {chats: [{messages: 1200}, {messages: 34}], files: 12, out: '/tmp/archive', bytes: 2_540_000}

  it('English', () => {
    setConsoleLanguage('en')
    expect(exportedLine(folder)).toBe('2 chats, 1,234 messages exported to /tmp/archive (12 files, 2.5 MB).')
    expect(pdfWrittenLine({...folder, chats: [{messages: 1}], files: 1})).toBe('1 chat, 1 message written as 1 PDF document in /tmp/archive (2.5 MB).')
  })

  it('French: 0 and 1 singular, French number formats, narrow space before the colon', () => {
    setConsoleLanguage('fr')
    expect(exportedLine(folder)).toBe('2 conversations, 1\u202F234 messages exportés dans /tmp/archive (12 fichiers, 2,5 Mo).')
    expect(pdfWrittenLine({...folder, chats: [{messages: 0}], files: 1})).toBe('1 conversation, 0 message écrit en 1 document PDF dans /tmp/archive (2,5 Mo).')
    expect(skippedNote({chatId: 4, title: 'Karim', reason: t('history.console.skipReason.noAddress')})).toBe('Conversation 4 (Karim) laissée de côté\u202F: le contact n’a pas d’adresse XMPP.')
  })
})
