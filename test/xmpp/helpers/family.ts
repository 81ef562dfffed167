import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {TestServer} from '../../server/index.js'
import {uniqueName} from './settings.js'

/** The bundled example's family on a test server, and the migrate.json that answers everything. */
export interface FamilyConfig {
  /** The config file. */
  config: string
  /** Claire's new address (the organizer). */
  claire: string
  /** Papa's and Karim's addresses: they already use XMPP (accounts created here). */
  papa: string
  karim: string
  /** The workspace folder (not created yet). */
  ws: string
}

/**
 * Creates Papa's and Karim's accounts and writes `dir/migrate.json`: Claire's account created on
 * the server, Papa and Karim by address, Inès left out, everyone else invited, private rooms, the
 * HTML history in `dir/archive`. `overrides` replace fields (e.g. `lang`, `account`).
 */
export async function familyConfig(s: TestServer, dir: string, password: string, overrides: Record<string, unknown> = {}): Promise<FamilyConfig> {
  const papa = `${uniqueName('papa')}@${s.domain}`
  const karim = `${uniqueName('karim')}@${s.domain}`
  await s.createAccount(papa.split('@')[0]!, password)
  await s.createAccount(karim.split('@')[0]!, password)
  const claire = `${uniqueName('claire')}@${s.domain}`
  const config = join(dir, 'migrate.json')
  writeFileSync(
    config,
    JSON.stringify({
      lang: 'en',
      account: {jid: claire, action: 'create', host: s.host, port: s.port, ca: s.caFile},
      contacts: {Papa: papa, Karim: karim, 'Inès': 'skip'},
      otherContacts: 'invite',
      publicGroups: [],
      history: 'html',
      historyDir: 'archive',
      ...overrides,
    }),
  )
  return {config, claire, papa, karim, ws: join(dir, 'ws')}
}
