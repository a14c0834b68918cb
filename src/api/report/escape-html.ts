/** Attacker-written text made inert in HTML: every character that means markup is escaped. */
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  let out = '';
  for (const character of text) out += entities[character] ?? character;
  return out;
}
