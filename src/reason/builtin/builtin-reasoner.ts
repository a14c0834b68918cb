import type { Reasoner } from '../reasoner.js';
import { contextualise } from './contextualise.js';
import { correlateSequence } from './correlate-sequence.js';
import { planResponse } from './plan-response.js';

/** Deterministic, rule-based reasoner: ATT&CK stage logic, TI and KEV facts, asset criticality, a containment table. */
export function createBuiltinReasoner(): Reasoner {
  const name = 'builtin-rules';
  return {
    name,
    contextualise: async (input) => contextualise(input, name),
    correlate: async (input, context) => correlateSequence(input, context, name),
    plan: async (input, context, sequence) => planResponse(input, context, sequence, name),
  };
}
