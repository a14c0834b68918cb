/**
 * The markup ATT&CK and CTI text carries: `(Citation: Source 2020)` markers and markdown links
 * `[text](url)`. Both are stripped on the linear engine: the V8 forms (`/\(Citation:[^)]*\)/g`,
 * `/\[([^\]]*)\]\([^)]*\)/g`) rescan the rest of the text from every `(Citation:` or `[` that has no
 * closing bracket, which is quadratic in a bundle description an attacker wrote.
 */
import { compileGuardedRegex } from '../../guard/index.js';

/** Our own fixed patterns on the linear engine: the step budget only bounds the time (linear in the text). */
const ownPattern = { stepBudget: Number.MAX_SAFE_INTEGER };
const citation = compileGuardedRegex(/\(Citation:[^)]*\)/.source, ownPattern);
const markdownLink = compileGuardedRegex(/\[([^\]]*)\]\([^)]*\)/.source, ownPattern);

/** `text` with every `(Citation: …)` marker replaced by `replacement`. */
export const stripCitations = (text: string, replacement: string): string =>
  text.includes('(Citation:') ? citation.replace(text, () => replacement) : text;

/** `text` with every markdown link `[label](target)` replaced by its label. */
export const unwrapMarkdownLinks = (text: string): string =>
  text.includes('](') ? markdownLink.replace(text, (groups) => groups[1] ?? '') : text;
