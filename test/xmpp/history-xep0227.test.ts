import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync, chmodSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it, vi} from 'vitest'

import {setContact, setMe} from '../../src/contacts/service.js'
import {readRosterSubscriptions} from '../../src/history/account-export-service.js'
import {exportAccount} from '../../src/history/index.js'
import {Store} from '../../src/store/index.js'
import {RoomRepository} from '../../src/store/RoomRepository.js'
import type {Workspace} from '../../src/workspace.js'
import {loginAccount} from '../../src/xmpp/account.js'
import {pingServer} from '../../src/xmpp/muc.js'
import {xml, type Element} from '../../src/xmpp/xml.js'
import type {XmppSession} from '../../src/xmpp/XmppSession.js'
import {info, msg, workspaceWith} from '../history/helpers.js'
import {testServerKind, useTestServer, type TestServer} from '../server/index.js'
import {settingsFor, uniqueName} from './helpers/settings.js'

// The XEP-0227 file imported into the test Prosody with prosody-migrator, the safe way
// docs/history-import.md gives (no `accounts` store), then read back as the user: the archive
// through MAM with the original dates, ids and directions, the roster, the XEP-0402 bookmark.
// A second import adds nothing. Prosody only: ejabberd's import_piefxis ignores MAM (research §11.3).

vi.setConfig({testTimeout: 180_000, hookTimeout: 120_000})

const PASSWORD = 'history-227-pw'
const server = useTestServer({registration: 'open'})

/** Runs prosody-migrator from a copy whose data dir (where it looks for user@host.xml) is `inputDir`. */
async function migrate(inputDir: string, dataPath: string, host: string): Promise<string> {
  const script = readFileSync('/usr/bin/prosody-migrator', 'utf8').replace(/^CFG_DATADIR=.*$/m, `CFG_DATADIR='${inputDir}';`)
  const copy = join(inputDir, 'migrator.lua')
  writeFileSync(copy, script)
  chmodSync(copy, 0o700)
  const config = join(inputDir, 'migrator.cfg.lua')
  writeFileSync(
    config,
    `input { type = "xep0227"; hosts = { ["${host}"] = { "roster", "pep-pubsub", "archive-archive" } } }\noutput { type = "internal"; path = "${dataPath}" }\n`,
  )
  return new Promise((resolve, reject) => {
    execFile(copy, ['--root', '--config', config, '--keep-going', 'input', 'output'], {cwd: inputDir, timeout: 120_000}, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout + stderr)))
  })
}

/** Every message of the account's archive (XEP-0313 §4), in archive order. */
async function mamMessages(session: XmppSession): Promise<{id: string; stamp: string; from: string; to: string; body: string}[]> {
  const found: {id: string; stamp: string; from: string; to: string; body: string}[] = []
  const stop = session.onStanza((stanza: Element) => {
    const result = stanza.getChild('result', 'urn:xmpp:mam:2')
    if (!result || result.attrs.queryid !== 'q1') return
    const forwarded = result.getChild('forwarded', 'urn:xmpp:forward:0')
    const message = forwarded?.getChild('message')
    found.push({id: result.attrs.id ?? '', stamp: forwarded?.getChild('delay', 'urn:xmpp:delay')?.attrs.stamp ?? '', from: message?.attrs.from ?? '', to: message?.attrs.to ?? '', body: message?.getChildText('body') ?? ''})
  })
  try {
    const fin = await session.iq(xml('iq', {type: 'set'}, xml('query', {xmlns: 'urn:xmpp:mam:2', queryid: 'q1'}, xml('set', {xmlns: 'http://jabber.org/protocol/rsm'}, xml('max', {}, '200')))))
    expect(fin.getChild('fin', 'urn:xmpp:mam:2')?.attrs.complete).toBe('true')
    return found
  } finally {
    stop()
  }
}

/** Makes two accounts share presence both ways (RFC 6121 §3: subscribe, subscribed, each way). */
async function befriend(s: TestServer, a: string, b: string): Promise<void> {
  const [aJid, bJid] = [`${a}@${s.domain}`, `${b}@${s.domain}`]
  const sa = await loginAccount(settingsFor(s, a), PASSWORD)
  const sb = await loginAccount(settingsFor(s, b), PASSWORD)
  try {
    await sa.send(xml('presence', {to: bJid, type: 'subscribe'}))
    await pingServer(sa)
    await sb.send(xml('presence', {to: aJid, type: 'subscribed'}))
    await sb.send(xml('presence', {to: aJid, type: 'subscribe'}))
    await pingServer(sb)
    await sa.send(xml('presence', {to: bJid, type: 'subscribed'}))
    await pingServer(sa)
  } finally {
    await sa.close()
    await sb.close()
  }
}

async function fixture(s: TestServer, me: string, mamie: string): Promise<Workspace> {
  const workspace = await workspaceWith([
    {
      info: info('Mamie', ['Mamie', 'Moi'], {kind: 'direct', sourceId: 'title:Mamie'}),
      messages: [
        msg('2019-03-31T01:59:00', 'Mamie', 'Avant le changement d’heure'),
        msg('2019-03-31T03:01:00', 'Moi', 'Après (heure d’été) <b>&</b>'),
        msg('2019-03-31T03:01:00', 'Moi', 'ok'),
        msg('2019-03-31T03:01:00', 'Moi', 'ok'),
        msg('2019-03-31T03:02:00', null, 'Les messages sont chiffrés de bout en bout.'),
        msg('2019-12-25T12:00:00', 'Mamie', 'Joyeux Noël 🎄'),
      ],
    },
    {info: info('Famille', ['Moi', 'Mamie']), messages: [msg('2020-01-01T00:00:00', 'Moi', 'Bonne année')]},
  ])
  setMe(workspace, 'Moi')
  setContact(workspace, 'Mamie', {jid: mamie})
  // The room `rooms create` would have made for the group.
  const store = Store.open(workspace.storePath)
  const repo = RoomRepository.open(store)
  repo.reserve(2, `famille@conference.${s.domain}`, 'Famille', false)
  repo.recordStep(2, 'created')
  repo.close()
  store.close()
  return workspace
}

describe.skipIf(testServerKind() !== 'prosody')('history export --format xep0227, imported into Prosody', () => {
  it('gives the account its archive with original dates, its roster and bookmarks; a second import adds nothing', async () => {
    const s = server()
    const me = uniqueName('moi')
    const mamieUser = uniqueName('mamie')
    await s.createAccount(me, PASSWORD)
    await s.createAccount(mamieUser, PASSWORD)
    const mamie = `${mamieUser}@${s.domain}`
    const workspace = await fixture(s, `${me}@${s.domain}`, mamie)
    // Mamie and the account already share presence (issue 15): the file must say `both`, since
    // an import replaces the roster. (Read from the server in the next test: the account must
    // not log in before the import, or Prosody 0.12 keeps serving the bookmarks it cached.)
    const subscriptions = new Map([[mamie, 'both' as const]])
    const input = mkdtempSync(join(tmpdir(), 'xm-227-'))
    const result = exportAccount(workspace, {jid: `${me}@${s.domain}`, out: `${input}/`, timeZone: 'Europe/Paris', subscriptions})
    expect(result.file).toBe(join(input, `${me}@${s.domain}.xml`))
    expect(statSync(result.file).mode & 0o777).toBe(0o600)
    expect(result).toMatchObject({roster: 1, bookmarks: 1, chats: [{chatId: 1, with: mamie, messages: 5}], skipped: []})
    const text = readFileSync(result.file, 'utf8')
    expect(text).not.toMatch(/password|scram|<accounts/i)
    expect(text).toContain(`<item jid="${mamie}" name="Mamie" subscription="both">`)

    const dataPath = join((s as unknown as {dir: string}).dir, 'data')
    await migrate(input, dataPath, s.domain)

    const session = await loginAccount(settingsFor(s, me), PASSWORD)
    try {
      const archive = await mamMessages(session)
      const own = `${me}@${s.domain}`
      expect(archive.map((m) => [m.stamp, m.from.split('/')[0], m.to.split('/')[0], m.body])).toEqual([
        // Paris: CET (+01:00) before 2019-03-31 02:00, CEST (+02:00) after.
        ['2019-03-31T00:59:00Z', mamie, own, 'Avant le changement d’heure'],
        ['2019-03-31T01:01:00Z', own, mamie, 'Après (heure d’été) <b>&</b>'],
        ['2019-03-31T01:01:00Z', own, mamie, 'ok'],
        ['2019-03-31T01:01:00Z', own, mamie, 'ok'],
        ['2019-12-25T11:00:00Z', mamie, own, 'Joyeux Noël 🎄'],
      ])
      const ids = archive.map((m) => m.id)
      expect(new Set(ids).size).toBe(5)
      for (const id of ids) expect(text).toContain(`<result xmlns="urn:xmpp:mam:2" id="${id}">`)

      const roster = await session.iq(xml('iq', {type: 'get'}, xml('query', {xmlns: 'jabber:iq:roster'})))
      const items = roster.getChild('query', 'jabber:iq:roster')?.getChildren('item') ?? []
      expect(items.map((i) => [i.attrs.jid, i.attrs.name, i.attrs.subscription, i.getChildren('group').map((g) => g.text())])).toEqual([[mamie, 'Mamie', 'both', ['Famille']]])

      const bookmarks = await session.iq(xml('iq', {type: 'get'}, xml('pubsub', {xmlns: 'http://jabber.org/protocol/pubsub'}, xml('items', {node: 'urn:xmpp:bookmarks:1'}))))
      const item = bookmarks.getChild('pubsub')?.getChild('items')?.getChild('item')
      expect(item?.attrs.id).toBe(`famille@conference.${s.domain}`)
      expect(item?.getChild('conference', 'urn:xmpp:bookmarks:1')?.attrs).toMatchObject({name: 'Famille', autojoin: 'true'})
    } finally {
      await session.close()
    }

    // The same file again (e.g. the admin ran the procedure twice): nothing added.
    await migrate(input, dataPath, s.domain)
    const again = await loginAccount(settingsFor(s, me), PASSWORD)
    try {
      expect(await mamMessages(again)).toHaveLength(5)
    } finally {
      await again.close()
    }
  })

  it('reads the subscriptions the server has now: both for a mutual contact, nothing for the others', async () => {
    const s = server()
    const me = uniqueName('moi')
    const friend = uniqueName('ami')
    const other = uniqueName('autre')
    for (const user of [me, friend, other]) await s.createAccount(user, PASSWORD)
    await befriend(s, me, friend)
    const workspace = await workspaceWith([{info: info('Ami', ['Ami', 'Moi'], {kind: 'direct'}), messages: [msg('2024-01-01T10:00:00', 'Ami', 'Salut')]}])
    const subscriptions = await readRosterSubscriptions(workspace, {}, () => loginAccount(settingsFor(s, me), PASSWORD))
    expect([...subscriptions]).toEqual([[`${friend}@${s.domain}`, 'both']])
  })
})
