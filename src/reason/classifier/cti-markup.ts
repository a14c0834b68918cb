/**
 * The markup ATT&CK and CTI text carries: `(Citation: Source 2020)` markers and markdown links
 * `[text](url)`. Both are stripped by hand-written scans that give what the V8 forms
 * (`/\(Citation:[^)]*\)/g`, `/\[([^\]]*)\]\([^)]*\)/g`) give, in one pass: those forms rescan the
 * rest of the text from every `(Citation:` or `[` that has no closing bracket, which is quadratic in
 * a bundle description an attacker wrote. (They ran on the guarded linear engine before, which is
 * linear but slow: a tenth of building the classifier and the retrieval index was spent there.)
 */

const citationMarker = '(Citation:';
const openParenthesis = 0x28;

/** `text` with every `(Citation: …)` marker replaced by `replacement`. */
export function stripCitations(text: string, replacement: string): string {
  let start = text.indexOf(citationMarker);
  if (start < 0) return text;
  let result = '';
  let copied = 0;
  while (start >= 0) {
    // The marker runs to the first `)` after it; with none, no later marker closes either.
    const end = text.indexOf(')', start + citationMarker.length);
    if (end < 0) break;
    result += text.slice(copied, start) + replacement;
    copied = end + 1;
    start = text.indexOf(citationMarker, copied);
  }
  return result + text.slice(copied);
}

/** `text` with every markdown link `[label](target)` replaced by its label. */
export function unwrapMarkdownLinks(text: string): string {
  if (!text.includes('](')) return text;
  let result = '';
  let copied = 0;
  let start = text.indexOf('[');
  while (start >= 0) {
    // The label runs to the first `]` after `[`: every `[` before that `]` shares it.
    const labelEnd = text.indexOf(']', start + 1);
    if (labelEnd < 0) break;
    if (text.charCodeAt(labelEnd + 1) !== openParenthesis) {
      start = text.indexOf('[', labelEnd + 1);
      continue;
    }
    // The target runs to the first `)`; with none, no later link closes either.
    const end = text.indexOf(')', labelEnd + 2);
    if (end < 0) break;
    result += text.slice(copied, start) + text.slice(start + 1, labelEnd);
    copied = end + 1;
    start = text.indexOf('[', copied);
  }
  return result + text.slice(copied);
}
