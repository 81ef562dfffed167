/**
 * Text from data (a provider list fetched from a URL, a server's words) made safe to print on a
 * terminal: control characters (escape sequences) and bidirectional overrides become "?".
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '?')
}
