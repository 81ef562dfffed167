import {describe, expect, it} from 'vitest'

import {colourWanted} from '../../src/ui/colour.js'
import {nearest} from '../../src/errors/near.js'
import {usageError} from '../../src/ui/usage-error.js'
import {setConsoleLanguage} from '../../src/i18n/index.js'

describe('nearest (issue 16: did you mean)', () => {
  const commands = ['chats', 'contacts', 'contacts set', 'contacts me', 'contacts export', 'history export', 'history upload', 'status', 'import', 'invite']

  it('finds a typo, a missing letter, a prefix; only the nearest ones', () => {
    expect(nearest('chat', commands)).toEqual(['chats'])
    expect(nearest('contacts sett', commands)).toEqual(['contacts set'])
    expect(nearest('hist', commands)).toEqual(['history export', 'history upload'])
    expect(nearest('imprt', commands)).toEqual(['import'])
    expect(nearest('zzzzzz', commands)).toEqual([])
    expect(nearest('chats', commands)).toEqual([])
    expect(nearest('', commands)).toEqual([])
  })

  it('people\'s names: case, accents and single words count', () => {
    const names = ['Mamie Jeanne', 'Maman', 'Papa', 'Inès', '~ Léa']
    expect(nearest('Mamy', names, {words: true})).toEqual(['Maman', 'Mamie Jeanne'])
    expect(nearest('ines', names, {words: true})).toEqual(['Inès'])
    expect(nearest('lea', names, {words: true})).toEqual(['~ Léa'])
    expect(nearest('Zorglub', names, {words: true})).toEqual([])
  })
})

describe('colourWanted (issue 16: NO_COLOR, pipes)', () => {
  it('colours a terminal only, never with NO_COLOR; FORCE_COLOR forces', () => {
    expect(colourWanted({isTTY: true}, {})).toBe(true)
    expect(colourWanted({isTTY: false}, {})).toBe(false)
    expect(colourWanted({}, {})).toBe(false)
    expect(colourWanted({isTTY: true}, {NO_COLOR: '1'})).toBe(false)
    expect(colourWanted({isTTY: true}, {NO_COLOR: ''})).toBe(true)
    expect(colourWanted({isTTY: false}, {FORCE_COLOR: '1'})).toBe(true)
    expect(colourWanted({isTTY: true}, {FORCE_COLOR: '0'})).toBe(true)
    expect(colourWanted({isTTY: true}, {NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(false)
  })
})

describe('usageError (issue 16)', () => {
  const context = {command: 'history export', bin: 'xmpp-migrate', flags: ['out', 'format', 'workspace']}
  /** An error shaped like oclif's parser errors, which it does not export. */
  function oclifError(name: string, message: string, fields: Record<string, unknown> = {}): Error {
    const Named = {[name]: class extends Error {}}[name] as new (m: string) => Error
    return Object.assign(new Named(message), fields)
  }

  it('maps each kind of oclif parse error to a code, a sentence in the console language, exit 2', () => {
    setConsoleLanguage('en')
    const unknown = usageError(oclifError('NonExistentFlagsError', 'Nonexistent flag: --ot\nSee more help with --help', {flags: ['--ot']}), context)
    expect(unknown?.code).toBe('USAGE_UNKNOWN_FLAG')
    expect(unknown?.exitCode).toBe(2)
    expect(unknown?.suggestions[0]).toBe('Did you mean --out?')
    const missing = usageError(oclifError('FailedFlagValidationError', 'The following error occurred:\n  \u001B[2mMissing required flag out\u001B[22m\nSee more help with --help'), context)
    expect(missing?.code).toBe('USAGE_MISSING_FLAG')
    expect(missing?.message).toBe('xmpp-migrate history export needs --out.')
    const exclusive = usageError(oclifError('FailedFlagValidationError', 'The following error occurred:\n  --passphrase-stdin=true cannot also be provided when using --recovery-key-stdin\nSee more help with --help'), context)
    expect(exclusive?.message).toBe('--passphrase-stdin and --recovery-key-stdin cannot be given together.')
    setConsoleLanguage('fr')
    const value = usageError(new Error('Parsing --port \n\tExpected an integer less than or equal to 65535 but received: 70000\nSee more help with --help'), context)
    expect(value?.code).toBe('USAGE_BAD_VALUE')
    expect(value?.message).toBe('--port attend un nombre d’au plus 65\u202F535, pas 70000.')
    const other = usageError(new Error('Something new from oclif'), context)
    expect(other?.code).toBe('USAGE_INVALID')
    expect(other?.message).toContain('Something new from oclif')
    setConsoleLanguage('en')
  })
})
