/**
 * Escapes text for HTML element content and double-quoted attribute values (HTML Living
 * Standard §13.1.2.6): names come from chat exports and may hold anything, `<script>` included.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
