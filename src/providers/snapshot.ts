import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {BugError} from '../errors/index.js'
import {parseProviderList} from './provider-list.js'
import type {ProviderList, ProviderListOrigin} from './types.js'

/**
 * The list shipped with xmpp-migrate (`data/xmpp-providers.json`, see `data/README.md`): the
 * XMPP Providers project's data as copied in KDE/kaidan `data/providers.json`, CC0-1.0.
 */
export const SNAPSHOT: Readonly<ProviderListOrigin & {licence: string; file: string}> = {
  kind: 'built-in',
  // i18n-ignore: the name of a data source, as its project writes it
  location: 'XMPP Providers (providers.xmpp.net), via KDE/kaidan data/providers.json at 0d0eb0690fa125c304301c1817c189a6163724d9',
  date: '2026-06-03',
  licence: 'CC0-1.0',
  // Two levels up from both src/providers/ and dist/providers/.
  file: fileURLToPath(new URL('../../data/xmpp-providers.json', import.meta.url)),
}

let cached: ProviderList | null = null

/**
 * The built-in list, validated (read once per process). Fails with a BugError if the shipped
 * file is missing or broken: that is a packaging bug, not something the person can fix.
 */
export function builtInProviders(): ProviderList {
  if (cached) return cached
  let text: string
  try {
    text = readFileSync(SNAPSHOT.file, 'utf8')
  } catch (error) {
    throw new BugError(`The built-in provider list is missing (${SNAPSHOT.file}).`, {cause: error})
  }
  const {kind, location, date} = SNAPSHOT
  cached = parseProviderList(text, {kind, location, ...(date ? {date} : {})})
  return cached
}
