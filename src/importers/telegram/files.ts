import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {FileProvider} from '../../model/importer.js'
import {folderFileProvider, zipFileProvider} from '../archive/index.js'
import type {TelegramLocation} from './detect.js'

/** How deep media sit under the export folder: `chats/chat_001/round_video_messages/x.mp4` is 3. */
const MAX_DEPTH = 4
/** A folder with more files than this is not an export folder: stop listing there. */
const MAX_FILES = 500_000

/**
 * The files beside `result.json` as a FileProvider keyed by their path relative to its folder
 * (`photos/photo_1@03-05-2024_10-00-00.jpg`), which is how tdesktop names them in `photo` and
 * `file`. Only regular files inside the folder are listed (symbolic links are not followed, and
 * `open()` refuses a link swapped in later): a name from the JSON can never reach another path.
 */
export async function exportFiles(location: TelegramLocation): Promise<FileProvider> {
  if (location.kind === 'zip') {
    const folder = location.entry.slice(0, location.entry.length - 'result.json'.length)
    return zipFileProvider(location.zip, {folder, exclude: [location.entry], skip: (name) => name.endsWith('/')})
  }
  const names: string[] = []
  const walk = async (relative: string, depth: number): Promise<void> => {
    const entries = await readdir(join(location.dir, relative), {withFileTypes: true}).catch(() => [])
    for (const entry of entries) {
      if (names.length >= MAX_FILES) return
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isFile() && name !== location.file) names.push(name)
      else if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith('.')) await walk(name, depth + 1)
    }
  }
  await walk('', 1)
  return folderFileProvider(location.dir, names)
}
