import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {UserError} from '../errors/index.js'
import type {Workspace} from '../workspace.js'
import {parseProviderList} from './provider-list.js'
import {builtInProviders} from './snapshot.js'
import type {ProviderList} from './types.js'
import {t} from '../i18n/index.js'

// The effects of `--providers FILE|URL`: read a file, or fetch a URL once and keep the copy in the
// workspace. Everything else in src/providers/ is pure.

/** Where a fetched list is kept, relative to the workspace. */
export const CACHED_LIST_FILE = 'providers/list.json'
/** What the cached list is (its URL and when it was fetched), relative to the workspace. */
export const CACHED_LIST_META_FILE = 'providers/list-source.json'

/** The largest list accepted (the real one is about 50 KB). */
const MAX_LIST_BYTES = 5 * 1024 * 1024
const FETCH_TIMEOUT_MS = 20_000

/** Fetches a URL's body as text (replaceable in tests; the default uses Node's fetch). */
export type FetchText = (url: string, signal: AbortSignal) => Promise<string>

/** Options of {@link loadProviderList}. */
export interface ProviderSourceOptions {
  /** `--providers`: a file path or an http(s) URL; undefined for the built-in list. */
  source?: string
  /** Where a fetched list is cached; required for a URL. */
  workspace?: Workspace
  /** Fetch a URL again even if the workspace has a copy. */
  refresh?: boolean
  /** Replaces the HTTP fetch (tests). */
  fetchText?: FetchText
  /** The current time (tests). */
  now?: () => Date
}

/**
 * The provider list to use: the built-in snapshot, a file, or a URL. A URL is fetched once and
 * cached in the workspace (`providers/list.json`); later runs with the same URL use the copy, with
 * no network, unless `refresh`. A fetched list is validated before it is cached.
 *
 * Fails with a UserError: PROVIDERS_FILE_UNREADABLE, PROVIDERS_FETCH_FAILED, PROVIDERS_INVALID.
 */
export async function loadProviderList(options: ProviderSourceOptions = {}): Promise<ProviderList> {
  const source = options.source?.trim()
  if (source === undefined || source === '') return builtInProviders()
  if (/^https?:\/\//i.test(source)) return loadFromUrl(source, options)
  const path = resolve(source)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UserError('PROVIDERS_FILE_UNREADABLE', t('errors.providers.unreadable', {path, why: (error as Error).message}), {
      cause: error,
      suggestions: [t('errors.providers.unreadableFix')],
    })
  }
  return parseProviderList(text, {kind: 'file', location: path})
}

async function loadFromUrl(url: string, options: ProviderSourceOptions): Promise<ProviderList> {
  const workspace = options.workspace
  // i18n-ignore: a caller's bug
  if (!workspace) throw new Error('loadProviderList: a workspace is needed to cache a URL')
  const listFile = workspace.path(CACHED_LIST_FILE)
  const metaFile = workspace.path(CACHED_LIST_META_FILE)
  const cachedMeta = readMeta(metaFile)
  if (!options.refresh && cachedMeta?.url === url && existsSync(listFile)) {
    return parseProviderList(readFileSync(listFile, 'utf8'), {kind: 'url', location: url, date: cachedMeta.fetchedAt, cachedAt: listFile})
  }

  const fetchText = options.fetchText ?? defaultFetchText
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(t('errors.providers.noAnswer', {seconds: FETCH_TIMEOUT_MS / 1000}))), FETCH_TIMEOUT_MS)
  let text: string
  try {
    text = await fetchText(url, controller.signal)
  } catch (error) {
    // Node's fetch says only "fetch failed"; the reason (DNS, refused, TLS) is in its cause.
    const err = error as Error & {cause?: {message?: string}}
    const reason = err.cause?.message ? `${err.message} (${err.cause.message})` : err.message
    throw new UserError('PROVIDERS_FETCH_FAILED', t('errors.providers.fetchFailed', {url, why: reason}), {
      cause: error,
      suggestions: [
        t('errors.providers.fetchCheck'),
        t('errors.providers.fetchYourself'),
        t('errors.providers.builtInHint'),
      ],
    })
  } finally {
    clearTimeout(timer)
  }
  const fetchedAt = (options.now?.() ?? new Date()).toISOString()
  // Validate before caching: a broken download never replaces a good copy.
  const list = parseProviderList(text, {kind: 'url', location: url, date: fetchedAt, cachedAt: listFile})
  writeAtomically(listFile, text)
  writeAtomically(metaFile, `${JSON.stringify({url, fetchedAt}, null, 2)}\n`)
  return list
}

function readMeta(file: string): {url: string; fetchedAt: string} | null {
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8')) as {url?: unknown; fetchedAt?: unknown}
    return typeof meta.url === 'string' && typeof meta.fetchedAt === 'string' ? {url: meta.url, fetchedAt: meta.fetchedAt} : null
  } catch {
    return null
  }
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), {recursive: true, mode: 0o700})
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, content)
  renameSync(tmp, file)
}

async function defaultFetchText(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, {signal, headers: {accept: 'application/json'}, redirect: 'follow'})
  if (!response.ok) throw new Error(t('errors.providers.httpStatus', {status: `${response.status} ${response.statusText}`.trim()}))
  const length = Number(response.headers.get('content-length') ?? '0')
  if (length > MAX_LIST_BYTES) throw new Error(t('errors.providers.tooLargeBytes', {bytes: length}))
  const text = await response.text()
  if (Buffer.byteLength(text) > MAX_LIST_BYTES) throw new Error(t('errors.providers.tooLarge'))
  return text
}
