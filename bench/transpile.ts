/**
 * Turns a self-contained bench file (child.ts, rss-reporter.ts: node built-ins only, no relative
 * imports) into plain JavaScript, so that a measured process runs without tsx: no loader hooks,
 * no compile time, no extra RSS in the figures.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import ts from 'typescript'

const BENCH_DIR = dirname(fileURLToPath(import.meta.url))

/**
 * Transpiles `bench/<name>.ts` to `<outDir>/<name>.mjs` (types erased, no type check: tsc checks
 * the bench with the rest of the project) and returns the output path. Fails with the file
 * system's error when the source cannot be read or the output written.
 */
export function transpileBenchFile(name: string, outDir: string): string {
  const source = readFileSync(join(BENCH_DIR, `${name}.ts`), 'utf8')
  const {outputText} = ts.transpileModule(source, {
    compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022},
    fileName: `${name}.ts`,
  })
  mkdirSync(outDir, {recursive: true})
  const out = join(outDir, `${name}.mjs`)
  writeFileSync(out, outputText)
  return out
}
