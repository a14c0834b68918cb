/** Compiles rule YAML given as text, for tests. */
import { assembleRuleSet, compileRuleText, type RuleLoadFailure, type RuleSet } from '../load-rules.js';

export function rulesFromText(text: string, placeholders: Record<string, string[]> = {}): RuleSet {
  const failed: RuleLoadFailure[] = [];
  return assembleRuleSet(compileRuleText(text, 'inline.yml', placeholders, failed), failed);
}
