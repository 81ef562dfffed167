/**
 * Finds user-facing sentences written in the code instead of the message catalogue (issue 13).
 *
 *   npx tsx scripts/i18n-scan.ts [file or folder …]     (default: src/)
 *
 * A string or template literal is reported when its literal text holds two words or more
 * (letters, with a space between), outside what may stay as it is:
 * - `--help` texts: oclif's `summary`, `description`, `examples`, flag `summary`/`description`;
 * - import paths, string literal types, SQL, XML namespaces and protocol strings (no space);
 * - messages of bugs (`new BugError(…)`) and debug output (`debug(…)`), which are for developers;
 * - a line marked `// i18n-ignore: <why>` (on the line or the one above), or a file whose first
 *   lines say `// i18n-ignore-file: <why>` (data such as WhatsApp's phrases in 40 languages).
 * The test `test/i18n/catalogue.test.ts` fails on any report.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

import ts from 'typescript'

export interface Finding {
  file: string
  line: number
  text: string
}

const HELP_KEYS = new Set(['summary', 'description', 'examples', 'helpValue', 'deprecationWarning', 'deprecateAliases'])
const DEVELOPER_CALLS = /^(debug|log\.debug|this\.debug|new BugError|BugError|assert|assertNever|console\.debug)$/
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH|DROP|ALTER|BEGIN|COMMIT|ROLLBACK|REPLACE|SAVEPOINT|RELEASE|VACUUM|ATTACH)\b/i
const SENTENCE = /\p{L}{2,}[ \u00A0\u202F]+[\p{L}'’«"(]{2,}/u

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' {} ')
  return null
}

function calleeName(call: ts.CallExpression | ts.NewExpression, source: ts.SourceFile): string {
  const text = call.expression.getText(source)
  return ts.isNewExpression(call) ? `new ${text}` : text
}

/** Whether `node` sits where English may stay (help texts, developer output, types, imports). */
function exempt(node: ts.Node, source: ts.SourceFile): boolean {
  for (let at: ts.Node | undefined = node.parent; at !== undefined; at = at.parent) {
    if (ts.isImportDeclaration(at) || ts.isExportDeclaration(at) || ts.isLiteralTypeNode(at) || ts.isImportTypeNode(at)) return true
    if (ts.isPropertyAssignment(at) && HELP_KEYS.has(at.name.getText(source))) return true
    if (ts.isPropertyDeclaration(at) && HELP_KEYS.has(at.name.getText(source))) return true
    if ((ts.isCallExpression(at) || ts.isNewExpression(at)) && DEVELOPER_CALLS.test(calleeName(at, source))) return true
    if (ts.isFunctionLike(at) || ts.isClassLike(at)) {
      // Help texts are class-level statics; stop at the first function boundary otherwise.
      if (!ts.isClassLike(at)) return false
    }
  }
  return false
}

function ignored(source: ts.SourceFile, node: ts.Node): boolean {
  const {line} = source.getLineAndCharacterOfPosition(node.getStart(source))
  const lines = source.text.split('\n')
  const endLine = source.getLineAndCharacterOfPosition(node.getEnd()).line
  for (let l = Math.max(0, line - 1); l <= endLine; l++) if ((lines[l] ?? '').includes('i18n-ignore')) return true
  return false
}

/** The user-facing sentences of one TypeScript file. */
export function scanFile(file: string, root = process.cwd()): Finding[] {
  const text = readFileSync(file, 'utf8')
  if (/^(\/\/.*\n|\s*\n)*\/\/ i18n-ignore-file/.test(text) || text.slice(0, 2000).includes('// i18n-ignore-file')) return []
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const findings: Finding[] = []
  const visit = (node: ts.Node): void => {
    const literal = literalText(node)
    if (literal !== null) {
      if (SENTENCE.test(literal) && !SQL.test(literal) && !exempt(node, source) && !ignored(source, node)) {
        findings.push({file: relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: literal.slice(0, 100)})
      }
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return findings
}

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)))
}

/** Every finding under the given paths (default: src/, without the catalogue code itself). */
export function scanSources(paths: readonly string[] = ['src'], root = process.cwd()): Finding[] {
  return paths.flatMap((p) => filesUnder(join(root, p))).filter((f) => !f.includes(`${join('src', 'i18n')}`)).flatMap((f) => scanFile(f, root))
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\u0000')) {
  const findings = scanSources(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src'])
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.text}`)
  console.log(`${findings.length} sentence(s) outside the catalogue`)
  process.exitCode = findings.length > 0 ? 1 : 0
}
