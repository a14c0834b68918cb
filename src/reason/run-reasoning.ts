/**
 * Runs the three stages with any reasoner and checks each output against its schema and the
 * incident's evidence. An invalid output is refused with a ValidationError listing the issues.
 */
import {
  type AttackSequence,
  attackSequenceSchema,
  type IncidentContext,
  incidentContextSchema,
  type ResponsePlan,
  responsePlanSchema,
  ValidationError,
} from '../core/index.js';
import { evidenceSetOf, findEvidenceIssues } from './evidence-validator.js';
import type { Reasoner, ReasoningInput } from './reasoner.js';

export interface ReasoningResult {
  context: IncidentContext;
  sequence: AttackSequence;
  plan: ResponsePlan;
}

function check<T>(
  stage: string,
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  value: unknown,
  known: ReadonlySet<string>,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('/')}: ${issue.message}`);
    throw new ValidationError(`${stage} output does not match its schema`, issues, { location: { field: stage } });
  }
  const evidenceIssues = findEvidenceIssues(parsed.data, known);
  if (evidenceIssues.length > 0) {
    throw new ValidationError(`${stage} output cites missing evidence`, evidenceIssues, { location: { field: stage } });
  }
  return parsed.data;
}

export async function runReasoning(reasoner: Reasoner, input: ReasoningInput): Promise<ReasoningResult> {
  const known = evidenceSetOf(input);
  const context = check('contextualise', incidentContextSchema, await reasoner.contextualise(input), known);
  const sequence = check('correlate', attackSequenceSchema, await reasoner.correlate(input, context), known);
  const plan = check('plan', responsePlanSchema, await reasoner.plan(input, context, sequence), known);
  return { context, sequence, plan };
}
