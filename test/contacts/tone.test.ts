import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {getWorkspaceLanguage, listContacts, rememberWorkspaceLanguage, setContactTones} from '../../src/contacts/index.js'
import {parseTone, personLanguage, personTone} from '../../src/contacts/language.js'
import {setContact, showContacts} from '../../src/contacts/service.js'
import {UserError} from '../../src/errors/index.js'
import type {Asker, Choice, QuestionBase} from '../../src/migrate/Asker.js'
import {Flow} from '../../src/migrate/flow.js'
import {migrateMessages} from '../../src/migrate/messages.js'
import {NonInteractiveAsker} from '../../src/migrate/NonInteractiveAsker.js'
import {askTones, toneQuestions} from '../../src/migrate/steps/tone.js'
import {Store} from '../../src/store/index.js'
import type {Workspace} from '../../src/workspace.js'
import {EXAMPLES, importFiles, tempWorkspace} from './helpers.js'

// Issue 13: "tu" or "vous" per contact, and the language of what a person receives.

describe('tone and language of a person (pure)', () => {
  it('reads tu / vous, empty as "back to the default", anything else as an error', () => {
    expect(parseTone('tu')).toBe('tu')
    expect(parseTone(' VOUS ')).toBe('vous')
    expect(parseTone('')).toBeUndefined()
    expect(parseTone('toi')).toBeNull()
    expect(personTone(null)).toBe('tu')
    expect(personTone('vous')).toBe('vous')
  })

  it("a person's language: theirs, else the workspace's, else the console's", () => {
    expect(personLanguage('en', 'fr', 'fr')).toBe('en')
    expect(personLanguage(null, 'fr', 'en')).toBe('fr')
    expect(personLanguage(null, null, 'fr')).toBe('fr')
    expect(personLanguage(undefined, undefined, 'en')).toBe('en')
  })
})

/** Answers the flow's questions from a list, and records them. */
class ScriptedAsker implements Asker {
  readonly asked: {message: string; choices: string[]}[] = []
  constructor(private readonly answers: string[]) {}
  async select<T>(question: QuestionBase & {choices: Choice<T>[]}): Promise<T> {
    this.asked.push({message: question.message, choices: question.choices.map((c) => c.name)})
    const answer = this.answers.shift()
    const choice = question.choices.find((c) => c.value === answer)
    if (choice === undefined) throw new Error(`no scripted answer for: ${question.message}`)
    return choice.value
  }
  async checkbox<T>(): Promise<T[]> {
    throw new Error('not asked here')
  }
  async input(): Promise<string> {
    throw new Error('not asked here')
  }
  async confirm(): Promise<boolean> {
    throw new Error('not asked here')
  }
  async password(): Promise<string> {
    throw new Error('not asked here')
  }
}

async function withFlow<T>(workspace: Workspace, lang: 'fr' | 'en', asker: Asker, work: (flow: Flow) => Promise<T>): Promise<T> {
  const flow = new Flow(workspace, {exports: [], answers: {contacts: new Map()}, lang, dryRun: false, asker, log: () => {}, note: () => {}, passwordStdin: false}, migrateMessages(lang))
  flow.store = Store.open(workspace.storePath)
  try {
    return await work(flow)
  } finally {
    flow.closeStore()
  }
}

describe('tone in the contact book and the guided flow', () => {
  let workspace: Workspace
  let cleanup: () => void
  beforeEach(async () => {
    ;({workspace, cleanup} = tempWorkspace())
    await importFiles(workspace, EXAMPLES)
    setContact(workspace, 'Claire', {})
  })
  afterEach(() => cleanup())

  it('contacts set --tone stores it (migration 5), "" clears it, a wrong value is a UserError with a code', () => {
    expect(setContact(workspace, 'Papa', {tone: 'vous'}).contact.tone).toBe('vous')
    expect(showContacts(workspace).contacts.find((c) => c.name === 'Papa')?.tone).toBe('vous')
    expect(setContact(workspace, 'Papa', {tone: ''}).contact.tone).toBeNull()
    try {
      setContact(workspace, 'Papa', {tone: 'toi'})
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).code).toBe('CONTACTS_BAD_TONE')
    }
  })

  it('the flow in French stores French as the workspace language, asks once per group with French-speaking members, and a rerun asks nothing', async () => {
    setContact(workspace, 'Maman', {jid: 'maman@example.org'})
    setContact(workspace, 'Papa', {jid: 'papa@example.org'})
    setContact(workspace, 'Mamie Jeanne', {invite: true})
    // Karim reads English: never asked about.
    setContact(workspace, 'Karim', {jid: 'karim@example.org', language: 'en'})
    const asker = new ScriptedAsker(['vous'])
    await withFlow(workspace, 'fr', asker, (flow) => askTones(flow))

    const store = Store.open(workspace.storePath)
    try {
      expect(getWorkspaceLanguage(store)).toBe('fr')
      const tones = Object.fromEntries(listContacts(store).map((c) => [c.name, c.tone]))
      expect(tones).toMatchObject({Maman: 'vous', Papa: 'vous', 'Mamie Jeanne': 'vous', Karim: null})
    } finally {
      store.close()
    }
    expect(asker.asked[0]?.message).toBe(`Dans «\u202FFamille Dupont 🏡\u202F», dites-vous «\u202Ftu\u202F» ou «\u202Fvous\u202F» à Papa, Mamie Jeanne et Maman\u202F? (textes qui leur sont envoyés\u202F: invitations, kit, historique)`)
    expect(asker.asked[0]?.choices).toEqual(['tu (famille, amis)', 'vous'])
    // Les amis du jeudi: its French-speaking members already answered in the family's group, Karim reads English.
    expect(asker.asked).toHaveLength(1)

    const again = new ScriptedAsker([])
    await withFlow(workspace, 'fr', again, (flow) => askTones(flow))
    expect(again.asked).toEqual([])
  })

  it('a language the organizer set is kept; English runs and runs without a terminal ask nothing', async () => {
    setContact(workspace, 'Maman', {jid: 'maman@example.org'})
    showContacts(workspace, {defaultLanguage: 'en'})
    const asker = new ScriptedAsker([])
    await withFlow(workspace, 'fr', asker, (flow) => askTones(flow))
    expect(asker.asked).toEqual([])
    const store = Store.open(workspace.storePath)
    try {
      expect(getWorkspaceLanguage(store)).toBe('en')
      expect(rememberWorkspaceLanguage(store, 'fr')).toBe(false)
    } finally {
      store.close()
    }
    // No terminal: nothing asked (French texts then say "tu"), no error.
    showContacts(workspace, {defaultLanguage: 'fr'})
    await withFlow(workspace, 'fr', new NonInteractiveAsker('yes'), (flow) => askTones(flow))
  })

  it('toneQuestions and setContactTones keep a tone already said', () => {
    const store = Store.open(workspace.storePath)
    try {
      const maman = listContacts(store).find((c) => c.name === 'Maman')!
      expect(setContactTones(store, [maman.id], 'vous')).toBe(1)
      expect(setContactTones(store, [maman.id], 'tu')).toBe(0)
      expect(setContactTones(store, [maman.id], 'tu', {overwrite: true})).toBe(1)
      const rows = listContacts(store).map((c) => (c.name === 'Papa' ? {...c, jid: 'papa@example.org'} : c))
      expect(toneQuestions(rows, null, null, 'fr').map((q) => [q.title, q.members.map((m) => m.name)])).toEqual([['Famille Dupont 🏡', ['Papa']]])
      expect(toneQuestions(rows, null, null, 'en')).toEqual([])
      expect(toneQuestions(rows, null, 'fr', 'en').length).toBe(1)
    } finally {
      store.close()
    }
  })
})
