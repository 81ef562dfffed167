import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parseProviderList} from '../../src/providers/provider-list.js'
import type {Provider} from '../../src/providers/types.js'

/** The fixture list: nine made-up providers, one per case the ranking must tell apart. */
export const FIXTURE_FILE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'providers.json')

/** The fixture list, validated. */
export function fixtureProviders(): Provider[] {
  return parseProviderList(readFileSync(FIXTURE_FILE, 'utf8'), {kind: 'file', location: FIXTURE_FILE}).providers
}
