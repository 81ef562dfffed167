/**
 * Escapes text for HTML element content and double-quoted attribute values (the five characters
 * of the HTML spec's "escaping a string", plus `'`): every user-provided string of a page the
 * tool writes (history archive, invitation kit) goes through it, so `<script>` shows as text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}
