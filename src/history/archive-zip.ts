import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import JSZip from 'jszip'

// A fixed date for every entry: the same archive content gives the same zip bytes, so a rerun
// of `history upload` recognises what it already uploaded (see upload-service.ts).
const ENTRY_DATE = new Date(Date.UTC(2000, 0, 1))

/**
 * Zips a folder (e.g. an html archive) under `topFolder/` in the zip, entries in name order,
 * with fixed dates: deterministic bytes for the same files. Media (already compressed) are
 * stored, text is deflated.
 */
export async function zipFolder(dir: string, topFolder: string): Promise<Uint8Array> {
  const zip = new JSZip()
  const add = (absolute: string, relative: string): void => {
    const entries = readdirSync(absolute, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = join(absolute, entry.name)
      const name = `${relative}/${entry.name}`
      if (entry.isDirectory()) add(path, name)
      else if (entry.isFile()) {
        const text = /\.(html|js|css|json|txt)$/.test(entry.name)
        // createFolders: false, else JSZip adds folder entries stamped with the current time and
        // two runs differ (unzip tools create folders from the file paths anyway).
        zip.file(name, readFileSync(path), {date: ENTRY_DATE, compression: text ? 'DEFLATE' : 'STORE', unixPermissions: 0o600, createFolders: false})
      }
    }
  }
  add(dir, topFolder)
  return zip.generateAsync({type: 'uint8array', platform: 'UNIX', compressionOptions: {level: 6}})
}
