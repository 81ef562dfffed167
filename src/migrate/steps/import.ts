/**
 * 1. Import: the exports given (a rerun adds only what is new), or what was imported before.
 * With nothing given and nothing imported yet, a terminal run says how to make the exports (per
 * app and platform) and asks where they are (issue 16); a run without prompts fails with
 * MIGRATE_NO_EXPORTS, the same how-to in its suggestions.
 */
import {existsSync, readdirSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

import {UserError} from '../../errors/index.js'
import {tr} from '../../i18n/index.js'
import {importExports, refreshContactBook, type ImportSummary} from '../../services/import-service.js'
import {Store} from '../../store/index.js'
import type {Flow, FlowStep} from '../flow.js'
import type {MigrateLanguage} from '../language.js'
import {NonInteractiveAsker} from '../NonInteractiveAsker.js'
import {readStatus} from '../status.js'

/** Runs whose workspace had nothing imported before this run (step 2 then has nothing "already done"). */
const firstImports = new WeakSet<Flow>()

/** true when nothing had been imported in the workspace before this run. */
export function isFirstImport(flow: Flow): boolean {
  return firstImports.has(flow)
}

/** How to make the exports, one line per app and platform (shown before the question, and as the error's suggestions). */
export function exportHowTo(lang: MigrateLanguage): string[] {
  return [
    tr(lang, 'flow.imports.howWhatsAppAndroid'),
    tr(lang, 'flow.imports.howWhatsAppIos'),
    tr(lang, 'flow.imports.howSignal'),
    tr(lang, 'flow.imports.howTelegram'),
    tr(lang, 'flow.imports.howThen'),
  ]
}

/** MIGRATE_NO_EXPORTS, in the flow's language, with the how-to as suggestions. */
export function noExportsError(lang: MigrateLanguage): UserError {
  return new UserError('MIGRATE_NO_EXPORTS', tr(lang, 'flow.imports.noExports'), {suggestions: [...exportHowTo(lang), tr(lang, 'flow.imports.example')]})
}

/** A path as typed or dropped on a terminal: quotes and escapes of drag-and-drop removed, `~` expanded. */
export function cleanTypedPath(typed: string): string {
  let path = typed.trim()
  if (path.length >= 2 && ((path.startsWith("'") && path.endsWith("'")) || (path.startsWith('"') && path.endsWith('"')))) path = path.slice(1, -1)
  else path = path.replace(/\\(.)/g, '$1')
  if (path === '~' || path.startsWith('~/')) path = join(homedir(), path.slice(1))
  return resolve(path)
}

/**
 * The exports a typed path stands for: the file itself; a folder that is an export (Signal's,
 * Telegram's: it holds metadata.json, main.jsonl or result.json, or is a Signal backup folder) as
 * is; any other folder as the WhatsApp exports (.txt, .zip) and Signal backups it holds.
 */
export function exportsAt(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  const names = readdirSync(path)
  if (names.some((n) => ['metadata.json', 'main.jsonl', 'result.json'].includes(n)) || /signalbackups?$/i.test(path)) return [path]
  return names
    .filter((n) => /\.(txt|zip|backup)$/i.test(n) && !n.startsWith('.'))
    .sort()
    .map((n) => join(path, n))
}

/** Asks where the exports are until one imports (a mistake is said and asked again). */
async function askExports(flow: Flow): Promise<ImportSummary> {
  const lang = flow.request.lang
  flow.log(tr(lang, 'flow.imports.none'))
  for (const line of exportHowTo(lang)) flow.log(`  • ${line}`)
  for (;;) {
    const paths: string[] = []
    for (;;) {
      const typed = await flow.request.asker.input({
        message: tr(lang, paths.length === 0 ? 'flow.imports.askPath' : 'flow.imports.askMore', {n: paths.length}),
        // i18n-ignore: the command that answers the question (code, not a sentence)
        flag: 'xmpp-migrate migrate EXPORT…',
        validate: (value) => {
          if (value.trim() === '') return paths.length > 0 ? true : tr(lang, 'flow.imports.needOne')
          const path = cleanTypedPath(value)
          if (!existsSync(path)) return tr(lang, 'flow.imports.notFound', {path})
          return exportsAt(path).length > 0 ? true : tr(lang, 'flow.imports.emptyFolder', {path})
        },
      })
      if (typed.trim() === '') break
      for (const found of exportsAt(cleanTypedPath(typed))) if (!paths.includes(found)) paths.push(found)
      flow.log(tr(lang, 'flow.imports.added', {n: paths.length}))
    }
    try {
      return await importExports(flow.workspace.ensure(), paths, flow.request.importOptions ?? {})
    } catch (error) {
      // Not an export, a damaged file…: said, and asked again; nothing stored is lost.
      if (!(error instanceof UserError)) throw error
      flow.log(tr(lang, 'flow.imports.failed', {message: error.message}))
      for (const s of error.suggestions) flow.log(`  → ${s}`)
    } finally {
      flow.request.onImportDone?.()
    }
  }
}

async function run(flow: Flow): Promise<void> {
  const before = existsSync(flow.workspace.storePath) ? readStatus(flow.workspace) : null
  if (before === null || before.sources.length === 0) firstImports.add(flow)
  let summary: ImportSummary | null = null
  if (flow.request.exports.length > 0) {
    summary = await importExports(flow.workspace.ensure(), flow.request.exports, flow.request.importOptions ?? {}).finally(() => flow.request.onImportDone?.())
  } else if (before === null || before.sources.length === 0) {
    if (flow.request.asker instanceof NonInteractiveAsker) throw noExportsError(flow.request.lang)
    summary = await askExports(flow)
  }
  if (summary !== null) {
    const book = refreshContactBook(flow.workspace)
    for (const w of book.warnings) flow.request.note(`  ! ${w}`)
    const t = summary.total
    const fresh = t.messagesNew > 0
    const detail = fresh ? flow.m.imported(summary.files.length, t.chats.length, t.messagesNew, t.messagesKnown) : flow.m.importedBefore(summary.files.length, t.chats.length)
    flow.log(detail)
    flow.report('import', fresh ? 'done' : 'already-done', detail)
  } else if (before !== null) {
    const detail = flow.m.importedBefore(before.sources.length, before.chats.total)
    flow.log(detail)
    flow.report('import', 'already-done', detail)
  }
  const store = Store.open(flow.workspace.storePath)
  for (const chat of store.listChats()) {
    flow.plan.chats.push({id: chat.id, title: chat.title, kind: chat.kind, messages: chat.messageCount})
    flow.log(flow.m.chatLine(chat.id, chat.title, chat.kind, chat.messageCount))
  }
  flow.store = store
}

/** 1. Import: the exports given (a rerun adds only what is new), or what was imported before. */
export const importStep: FlowStep = {name: 'import', run}
