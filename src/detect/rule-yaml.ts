/**
 * The YAML documents of one rule file as plain values, by the first of three readers that takes
 * the file:
 * 1. plain-rule-yaml.ts, for the plain subset nearly every Sigma rule is written in: about three
 *    times faster than js-yaml warm, and giving its very documents (it declines anything else);
 * 2. js-yaml for the rest when anchor-free, about twice as fast as `yaml` on the SigmaHQ corpus
 *    and giving the same values there;
 * 3. `yaml` for a file that uses aliases, or that js-yaml refuses: it bounds alias expansion and
 *    names the line of an error.
 */
import { loadAll } from 'js-yaml';
import { parseAllYamlDocuments } from '../guard/index.js';
import { readPlainRuleYaml } from './plain-rule-yaml.js';

export type YamlDocumentResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseYamlDocuments(text: string): YamlDocumentResult[] {
  const plain = readPlainRuleYaml(text);
  if (plain !== undefined) return plain.map((value) => ({ ok: true, value }));
  try {
    // maxAliases 0: any alias throws, and the careful parser below takes the file.
    return loadAll(text, { maxAliases: 0 }).map((value) => ({ ok: true, value }));
  } catch {
    return parseCarefully(text);
  }
}

function parseCarefully(text: string): YamlDocumentResult[] {
  const results: YamlDocumentResult[] = [];
  for (const document of parseAllYamlDocuments(text)) {
    if (!('errors' in document)) continue;
    if (document.errors.length > 0) {
      const first = document.errors[0];
      const line = first?.linePos?.[0]?.line;
      results.push({
        ok: false,
        error: `YAML error${line ? ` at line ${line}` : ''}: ${plainReason(first?.message.split('\n')[0])}`,
      });
      continue;
    }
    try {
      results.push({ ok: true, value: document.toJS({ maxAliasCount: 100 }) });
    } catch (error) {
      results.push({ ok: false, error: `YAML error: ${plainReason((error as Error).message)}` });
    }
  }
  return results;
}

/** The parser's own words, except a stack overflow, which means the text is nested too deeply. */
function plainReason(message: string | undefined): string | undefined {
  return message?.startsWith('Maximum call stack size exceeded')
    ? `nested too deeply to read (${message.slice('Maximum call stack size exceeded'.length).trim() || 'stack exhausted'})`
    : message;
}
