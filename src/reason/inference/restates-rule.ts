import type { EvidenceExample } from './evidence-examples.js';

/**
 * Whether an inference's nearest known example is a selection of one of these rules (the evidence
 * model labels a Sigma rule's selection values `Sigma rule "<title>" (selection <name>)`): the
 * rule's own detection values, so the inference says again what that rule's match said.
 */
export function restatesRule(
  inference: { nearest: Pick<EvidenceExample, 'label' | 'source'> },
  titles: ReadonlySet<string>,
): boolean {
  if (inference.nearest.source !== 'sigma-rule') return false;
  const { label } = inference.nearest;
  const prefix = 'Sigma rule "';
  if (!label.startsWith(prefix)) return false;
  const end = label.indexOf('" (', prefix.length);
  return end !== -1 && titles.has(label.slice(prefix.length, end));
}
