/**
 * The three reasoning stages' outputs. Every reasoner (built-in or LLM) must produce
 * exactly these, and every claim in them cites evidence (`evidence`, at least one ref).
 * Versioned by `schemaVersion`; exported as JSON Schema for structured LLM output.
 */
import { z } from 'zod';
import {
  actionProposalSchema,
  evidenceRefSchema,
  observableTypeSchema,
  tacticSchema,
  techniqueIdSchema,
} from '../core/index.js';

const evidenceList = z.array(evidenceRefSchema).min(1);
const confidence = z.number().min(0).max(1);

export const criticalitySchema = z.enum(['low', 'medium', 'high', 'critical', 'unknown']);

export const attackVectorSchema = z.enum([
  'phishing',
  'exploit-public-facing-application',
  'valid-accounts',
  'external-remote-services',
  'drive-by-compromise',
  'removable-media',
  'supply-chain',
  'unknown',
  'other',
]);

/** Stage 1: the structured context of an incident. */
export const incidentContextSchema = z
  .object({
    schemaVersion: z.literal('vigil.context/1'),
    incidentId: z.string(),
    reasoner: z.string(),
    hosts: z.array(
      z.object({
        name: z.string(),
        criticality: criticalitySchema,
        role: z.string().optional(),
        evidence: evidenceList,
      }),
    ),
    users: z.array(z.object({ name: z.string(), privileged: z.boolean(), evidence: evidenceList })),
    attackVector: z.object({ vector: attackVectorSchema, rationale: z.string(), evidence: z.array(evidenceRefSchema) }),
    observables: z.array(
      z.object({
        type: observableTypeSchema,
        value: z.string(),
        indicatorHits: z.array(z.object({ indicatorId: z.string(), source: z.string(), confidence: z.number() })),
        evidence: evidenceList,
      }),
    ),
    cves: z.array(
      z.object({
        id: z.string(),
        knownExploited: z.boolean(),
        ransomwareUse: z.boolean().optional(),
        evidence: evidenceList,
      }),
    ),
    impact: z.object({ score: z.number().min(0).max(100), reasons: z.array(z.string()).min(1) }),
  })
  .meta({ description: 'Stage 1 (contextualise): affected assets, vector, observables, impact' });
export type IncidentContext = z.infer<typeof incidentContextSchema>;

/** Stage 2: the attack sequence on the kill chain. */
export const attackSequenceSchema = z
  .object({
    schemaVersion: z.literal('vigil.attack-sequence/1'),
    incidentId: z.string(),
    reasoner: z.string(),
    steps: z.array(
      z.object({
        tactic: tacticSchema,
        techniques: z.array(techniqueIdSchema),
        summary: z.string(),
        confidence,
        firstSeen: z.iso.datetime({ offset: true }),
        lastSeen: z.iso.datetime({ offset: true }),
        evidence: evidenceList,
      }),
    ),
    currentStage: tacticSchema,
    likelyNext: z.array(z.object({ tactic: tacticSchema, rationale: z.string() })),
    confidence,
    confidenceReasons: z.array(z.string()),
  })
  .meta({ description: 'Stage 2 (correlate): ordered attack steps with evidence' });
export type AttackSequence = z.infer<typeof attackSequenceSchema>;

/** Stage 3: the response plan, ordered. */
export const responsePlanSchema = z
  .object({
    schemaVersion: z.literal('vigil.response-plan/1'),
    incidentId: z.string(),
    reasoner: z.string(),
    actions: z.array(actionProposalSchema),
    summary: z.string(),
  })
  .meta({ description: 'Stage 3 (plan): ordered response actions with evidence' });
export type ResponsePlan = z.infer<typeof responsePlanSchema>;

/** JSON Schemas of the stages, for LLM structured output and documentation. */
export function stageJsonSchemas(): Record<'context' | 'attackSequence' | 'responsePlan', unknown> {
  return {
    context: z.toJSONSchema(incidentContextSchema),
    attackSequence: z.toJSONSchema(attackSequenceSchema),
    responsePlan: z.toJSONSchema(responsePlanSchema),
  };
}
