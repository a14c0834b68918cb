/** Building an incident's correlation explanation: the kept merges and splits, and how many were left out. */
import type { CorrelationExplanation } from '../core/index.js';

export const emptyExplanation = (): CorrelationExplanation => ({ merges: [], splits: [], omitted: 0 });

/** Kept entries per incident and kind. */
export const maxExplanationEntries = 50;

export function mergeExplanations(target: CorrelationExplanation, source: CorrelationExplanation): void {
  for (const merge of source.merges) {
    if (target.merges.length < maxExplanationEntries) target.merges.push(merge);
    else target.omitted += 1;
  }
  for (const split of source.splits) {
    if (target.splits.length < maxExplanationEntries) target.splits.push(split);
    else target.omitted += 1;
  }
  target.omitted += source.omitted;
}
