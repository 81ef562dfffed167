/**
 * Text from chats, exports and servers made safe to print on a terminal (issue 14): a name or a
 * message holding `ESC[2J` would clear the screen, `ESC]0;… BEL` retitle the window, OSC 8 make a
 * hidden link, CR overwrite the line, and bidi overrides reorder what is shown ("Trojan Source",
 * CVE-2021-42574). Human output goes through terminalSafe (BaseCommand.log/note/warn, errors,
 * prompts); `--json` does not: JSON escapes control characters itself.
 */

/** C0 controls but tab and LF, DEL, C1 controls, and the bidi embeddings, overrides, isolates and marks. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/**
 * `text` with every terminal control character made visible and harmless: a C0 control becomes
 * its Unicode control picture (ESC → ␛, CR → ␍, DEL → ␡), a C1 control or a bidi control its
 * code point (`<U+009B>`, `<U+202E>`). Tab and line feed are kept: they only move the cursor
 * forward. Idempotent; text without such characters is returned as is.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    if (code < 0x20) return String.fromCharCode(0x2400 + code)
    if (code === 0x7f) return '\u2421'
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`
  })
}
