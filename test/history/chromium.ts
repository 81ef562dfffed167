/** Drives the system's headless Chromium (Debian package) for the archive tests. */
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium'

/** True when the browser is installed. */
export const hasChromium = existsSync(CHROMIUM)

/**
 * Opens `file` (+ `hash`) in headless Chromium with a fresh profile and no network services, lets
 * the page's scripts and images settle (virtual time), and returns the DOM as Chromium serializes
 * it (`--dump-dom`), or writes a screenshot when `screenshot` is given.
 */
export async function runChromium(file: string, options: {hash?: string; screenshot?: string; windowSize?: string} = {}): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'xm-chromium-'))
  const url = pathToFileURL(file).href + (options.hash ?? '')
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=5000',
    ...(options.screenshot ? [`--screenshot=${options.screenshot}`, `--window-size=${options.windowSize ?? '1000,1400'}`] : ['--dump-dom']),
    url,
  ]
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(CHROMIUM, args, {maxBuffer: 64 * 1024 * 1024, timeout: 60_000}, (error, stdout, stderr) => {
        if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`))
        else resolve(stdout)
      })
    })
  } finally {
    rmSync(profile, {recursive: true, force: true})
  }
}
