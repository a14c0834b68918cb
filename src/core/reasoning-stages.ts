/**
 * The three reasoning stages' outputs. Every reasoner (built-in or LLM) must produce
 * exactly these, and every claim in them cites evidence (`evidence`, at least one ref).
 * Versioned by `schemaVersion`; exported as JSON Schema for structured LLM output.
 */
import { z } from 'zod';
import { actionProposalSchema } from './action-proposal.js';
import { tacticSchema, techniqueIdSchema } from './attack.js';
import { evidenceRefSchema } from './evidence.js';
import { attributionSchema } from './indicator.js';
import { observableTypeSchema } from './observable.js';

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
    /**
     * Who the matched threat intelligence names behind the incident (STIX relationships, MISP
     * galaxies): attribution by the intelligence's source, not a finding of Vigil's.
     */
    attribution: z
      .array(
        z.object({
          kind: attributionSchema.shape.kind,
          name: z.string(),
          attackId: z.string().optional(),
          /** How the intelligence ties it to the incident. */
          via: z.array(z.string()),
          /** Techniques it is known to use (intelligence and ATT&CK). */
          knownTechniques: z.number().int().min(0),
          /** The incident's own techniques among those (same technique or same parent). */
          observedTechniques: z.array(techniqueIdSchema),
          evidence: evidenceList,
        }),
      )
      .optional(),
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
        /** ATT&CK names of `techniques`, in the same order, when a catalog was available. */
        techniqueNames: z.array(z.string()).optional(),
      }),
    ),
    currentStage: tacticSchema,
    /** When the incident's first and last attack steps were seen. */
    firstSeen: z.iso.datetime({ offset: true }).optional(),
    lastSeen: z.iso.datetime({ offset: true }).optional(),
    /** Expectations, not findings: what the attack is likely to do next, and why. */
    likelyNext: z.array(
      z.object({
        tactic: tacticSchema,
        rationale: z.string(),
        evidence: evidenceList.optional(),
        /** Techniques to expect (and hunt for) there: those the attributed actor or malware is known to use. */
        techniques: z.array(techniqueIdSchema).optional(),
        /** What the expectation rests on: the intelligence's attribution, a similar past incident, or the kill chain. */
        basis: z.enum(['threat-intelligence', 'past-incident', 'kill-chain']).optional(),
      }),
    ),
    confidence,
    confidenceReasons: z.array(z.string()),
    /** Each technique claimed, checked against ATT&CK: live, replaced (revoked id → replacement), or unknown. */
    techniques: z
      .array(
        z.object({
          id: techniqueIdSchema,
          name: z.string().optional(),
          tactics: z.array(tacticSchema),
          status: z.enum(['known', 'replaced', 'unknown', 'unchecked']),
          /** The id the alerts used, when it was revoked and `id` is its replacement. */
          replaces: z.string().optional(),
          /** How sure the evidence makes it that this technique is the attack's (not the background's). */
          confidence: confidence.optional(),
          /** Reported as the incident's technique; false keeps it as context only. */
          reported: z.boolean().optional(),
          /** What claims it: detection rules, threat-intelligence indicators, evidence inference. */
          basis: z.array(z.enum(['rule', 'indicator', 'inference'])).optional(),
          /** Why it has this confidence, in words. */
          reasons: z.array(z.string()).optional(),
          evidence: evidenceList,
        }),
      )
      .optional(),
    /** Techniques inferred from the events' behaviour: calibrated confidence, the field and value, the nearest known procedure. */
    inferred: z
      .array(
        z.object({
          technique: techniqueIdSchema,
          confidence,
          field: z.string(),
          value: z.string(),
          nearest: z.string(),
          reason: z.string(),
          evidence: evidenceList,
        }),
      )
      .optional(),
    /** Past incidents and CTI documents found by retrieval that bear on this incident (knowledge reuse). */
    related: z
      .array(
        z.object({
          kind: z.enum(['past-incident', 'cti']),
          title: z.string(),
          relevance: z.string(),
          evidence: evidenceList,
        }),
      )
      .optional(),
    /** Learned-classifier suggestions from the incident's event text: one signal, always with its events. */
    classifierSignals: z
      .array(
        z.object({
          technique: techniqueIdSchema,
          probability: confidence,
          corroborates: z.boolean(),
          evidence: evidenceList,
        }),
      )
      .optional(),
    /** Multi-observation STIX patterns that matched across the incident's events. */
    patternMatches: z
      .array(z.object({ indicatorId: z.string(), pattern: z.string(), evidence: evidenceList }))
      .optional(),
    /**
     * The alerts the reported techniques rest on (the reported evidence; at most 10,000): an alert
     * claiming a reported technique beside a stronger one (a shared service polled beside the
     * beacon, a weak rule riding along) is context, not listed. Absent (another reasoner, an older
     * record): every alert claiming a reported technique is.
     */
    reportedAlerts: z.array(z.string()).max(10_000).optional(),
    /** How many events the reasoning saw, of how many the incident has (large incidents are sampled). */
    eventsConsidered: z.object({ sampled: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
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
