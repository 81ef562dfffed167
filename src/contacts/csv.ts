/**
 * The contact book as a CSV file a person fills in with a spreadsheet. papaparse is imported here
 * only.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell starting with `=`, `+`,
 * `-`, `@` (and tab or CR, which some strip first) as a formula. Every such cell, and every cell
 * starting with `'` (so the escape can be undone exactly), is written with a `'` in front; reading
 * removes one leading `'`. A phone number `+33612345678` is written `'+33612345678` and comes
 * back as it was. https://owasp.org/www-community/attacks/CSV_Injection
 */
import Papa from 'papaparse'

import type {ContactRow} from './types.js'
import {t} from '../i18n/index.js'

/** The columns, in the order the export writes them. `aliases` and `chats` are informative only. */
export const CSV_COLUMNS = ['id', 'name', 'aliases', 'phone', 'jid', 'language', 'email', 'chats'] as const

/** One column. */
export type CsvColumn = (typeof CSV_COLUMNS)[number]

/** What separates several values in one cell (aliases, chats). */
export const LIST_SEPARATOR = ' | '

// Header names a person may type instead (French, and common spellings).
const HEADER_ALIASES: Record<string, CsvColumn> = {
  id: 'id',
  name: 'name',
  nom: 'name',
  aliases: 'aliases',
  alias: 'aliases',
  phone: 'phone',
  tel: 'phone',
  'tél': 'phone',
  telephone: 'phone',
  'téléphone': 'phone',
  mobile: 'phone',
  jid: 'jid',
  xmpp: 'jid',
  'adresse xmpp': 'jid',
  'xmpp address': 'jid',
  language: 'language',
  langue: 'language',
  lang: 'language',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  courriel: 'email',
  chats: 'chats',
  discussions: 'chats',
}

/** Prefixes a cell a spreadsheet would run as a formula (or that starts with the escape itself). */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r']/.test(value) ? `'${value}` : value
}

/** Undoes escapeCell. */
export function unescapeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value
}

/** Writes the contacts as CSV: UTF-8 with a BOM (so Excel reads accents), CRLF, every cell escaped. */
export function contactsToCsv(contacts: readonly ContactRow[]): string {
  const rows = contacts.map((c) =>
    [
      String(c.id),
      c.name,
      c.aliases.join(LIST_SEPARATOR),
      c.phone ?? '',
      c.jid ?? '',
      c.language ?? '',
      c.email ?? '',
      c.chats.map((chat) => chat.title).join(LIST_SEPARATOR),
    ].map(escapeCell),
  )
  return `\uFEFF${Papa.unparse({fields: [...CSV_COLUMNS], data: rows}, {newline: '\r\n', quotes: false})}\r\n`
}

/** One data row of a contacts CSV: the cells of the known columns that the file has (unescaped). */
export interface CsvRecord {
  /** 1-based line of the file where the row starts. */
  line: number
  /** The cells, by column; a column absent from the header is absent here. */
  cells: Partial<Record<CsvColumn, string>>
}

/** A problem with the file itself (not with a row's values). */
export interface CsvProblem {
  /** 1-based line. */
  line: number
  /** What is wrong. */
  message: string
}

/**
 * Reads a contacts CSV: as exported, or after a spreadsheet saved it (`;` or tab separators, a
 * BOM, CRLF, quoted fields with line breaks). The first row names the columns (unknown ones are
 * ignored; `nom`, `téléphone`, `langue`, `xmpp` are understood). Empty rows are skipped.
 */
export function parseContactsCsv(text: string): {records: CsvRecord[]; problems: CsvProblem[]; columns: CsvColumn[]} {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  const problems: CsvProblem[] = []
  let header: (CsvColumn | null)[] | null = null
  let start = 0
  let line = 1
  Papa.parse<string[]>(body, {
    delimiter: headerDelimiter(body),
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor
      const rowLine = line
      line += countLineBreaks(body, start, end)
      start = end
      const cells = result.data
      if (cells.every((cell) => cell.trim() === '')) return
      for (const error of result.errors) problems.push({line: rowLine, message: error.message})
      if (header === null) {
        header = cells.map((cell) => HEADER_ALIASES[unescapeCell(cell).trim().toLowerCase()] ?? null)
        return
      }
      const record: CsvRecord = {line: rowLine, cells: {}}
      header.forEach((column, index) => {
        const cell = cells[index]
        if (column !== null && cell !== undefined) record.cells[column] = unescapeCell(cell.trim()).trim()
      })
      records.push(record)
    },
  })
  const columns = ((header ?? []) as (CsvColumn | null)[]).filter((c): c is CsvColumn => c !== null)
  if (header === null) problems.push({line: 1, message: t('errors.contacts.csvEmpty')})
  else if (columns.length === 0) problems.push({line: 1, message: t('errors.contacts.csvNoColumns')})
  return {records, problems, columns}
}

/** The raw cells of a CSV (no header handling, no unescaping): to check what a spreadsheet sees. */
export function rawCsvCells(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  return Papa.parse<string[]>(body, {delimiter: headerDelimiter(body), skipEmptyLines: true}).data
}

/**
 * The separator, told by the header row (column names hold none of `,` `;` tab): the most
 * frequent of them there. Guessing from the whole file would be fooled by data cells full of
 * `;` (LibreOffice and Excel in French use `;` because `,` is their decimal mark).
 */
function headerDelimiter(body: string): string {
  const first = body.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? ''
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const)
  const [best] = counts.sort((a, b) => b[1] - a[1])
  return best !== undefined && best[1] > 0 ? best[0] : ','
}

/** Line breaks (LF, CRLF or a lone CR) between two offsets. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++
  }
  return count
}
