/**
 * What the model writes for each stage: the stage schema less the fields Vigil fills itself
 * (schema version, incident id, reasoner name, proposal ids, step times, risk and
 * reversibility from the action catalogue, indicator hits and KEV facts), with evidence,
 * names, techniques and targets narrowed to enums of what the evidence holds. All fields
 * are required and closed, which suits OpenAI strict mode and GBNF grammars alike; string
 * and array sizes are bounded so that a small model's answer stays finite.
 */
import { z } from 'zod';
import { actionTypeSchema, attackVectorSchema, criticalitySchema, observableTypeSchema } from '../../../core/index.js';
import { type AllowedValues, allTactics } from './allowed-values.js';

/** Action types a model may propose: containment and follow-up, never free-form scripts. */
export const proposableActionTypes = actionTypeSchema.options.filter(
  (type) => !['other', 'run-script', 'release-host', 'enable-account'].includes(type),
);

const text = (maxLength: number) => z.string().max(maxLength);
const oneOf = (values: readonly string[]) =>
  values.length > 0 ? z.enum(values as [string, ...string[]]) : z.literal('(none)');
const bounded = <T extends z.ZodType>(item: T, values: readonly unknown[], max: number) =>
  z.array(item).max(values.length === 0 ? 0 : max);

export function contextDraftSchema(allowed: AllowedValues) {
  const evidence = z.array(oneOf(allowed.evidenceKeys)).min(1).max(5);
  return z.object({
    hosts: bounded(
      z.object({ name: oneOf(allowed.hosts), criticality: criticalitySchema, role: text(80), evidence }),
      allowed.hosts,
      10,
    ),
    users: bounded(z.object({ name: oneOf(allowed.users), privileged: z.boolean(), evidence }), allowed.users, 10),
    attackVector: z.object({ vector: attackVectorSchema, rationale: text(300), evidence }),
    observables: z.array(z.object({ type: observableTypeSchema, value: text(200), evidence })).max(15),
    impact: z.object({ score: z.number().min(0).max(100), reasons: z.array(text(200)).min(1).max(5) }),
  });
}
export type ContextDraft = z.infer<ReturnType<typeof contextDraftSchema>>;

export function sequenceDraftSchema(allowed: AllowedValues) {
  const evidence = z.array(oneOf(allowed.evidenceKeys)).min(1).max(5);
  const tactic = z.enum(allTactics);
  return z.object({
    steps: z
      .array(
        z.object({
          tactic,
          techniques: bounded(oneOf(allowed.techniques), allowed.techniques, 6),
          summary: text(300),
          confidence: z.number().min(0).max(1),
          evidence,
        }),
      )
      .max(14),
    currentStage: tactic,
    likelyNext: z.array(z.object({ tactic, rationale: text(200) })).max(3),
    confidence: z.number().min(0).max(1),
    confidenceReasons: z.array(text(200)).max(5),
  });
}
export type SequenceDraft = z.infer<ReturnType<typeof sequenceDraftSchema>>;

export function planDraftSchema(allowed: AllowedValues) {
  const evidence = z.array(oneOf(allowed.evidenceKeys)).min(1).max(5);
  return z.object({
    actions: z
      .array(
        z.object({
          actionType: z.enum(proposableActionTypes as [string, ...string[]]),
          target: oneOf(allowed.targets),
          rationale: text(300),
          expectedEffect: text(200),
          evidence,
        }),
      )
      .max(20),
    summary: text(400),
  });
}
export type PlanDraft = z.infer<ReturnType<typeof planDraftSchema>>;
