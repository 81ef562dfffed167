/** Helpers for the contact tests: realistic stores built through the real import service. */
import {readdirSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {importExports} from '../../src/services/import-service.js'
import {importIntoStore, Store, type ImportFileInfo} from '../../src/store/index.js'
import type {OpenedExport} from '../../src/model/importer.js'
import {Workspace} from '../../src/workspace.js'
import {tempDir} from '../store/helpers.js'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The three exports of fixtures/example (Claire's: Maman, Famille Dupont, Les amis du jeudi). */
export const EXAMPLES = readdirSync(join(ROOT, 'fixtures/example')).map((name) => join(ROOT, 'fixtures/example', name)).sort()

/** A temp workspace, removed by cleanup. */
export function tempWorkspace(): {root: string; workspace: Workspace; cleanup: () => void} {
  const {dir, cleanup} = tempDir('xm-contacts-')
  return {root: dir, workspace: new Workspace(join(dir, 'ws')), cleanup}
}

/** Imports exports into the workspace through the real import service. */
export async function importFiles(workspace: Workspace, paths: string[]): Promise<void> {
  await importExports(workspace, paths)
}

/** Imports an in-memory export (e.g. a Signal-like source built by hand) into the workspace's store. */
export async function importOpened(workspace: Workspace, opened: OpenedExport): Promise<void> {
  workspace.ensure()
  const store = Store.open(workspace.storePath)
  try {
    const file: ImportFileInfo = {path: opened.path, source: opened.source}
    await importIntoStore(store, opened, file)
  } finally {
    store.close()
  }
}

/** Runs `work` with the workspace's store open. */
export function withStore<T>(workspace: Workspace, work: (store: Store) => T): T {
  workspace.ensure()
  const store = Store.open(workspace.storePath)
  try {
    return work(store)
  } finally {
    store.close()
  }
}
