/**
 * What Vigil keeps beside an incident (its "artifacts"): one typed record, written by the
 * pipeline's stages (in process or on workers) and read by the API, the console, the exports
 * and the workers. Each part has one schema:
 * - `context`, `sequence`, `plan`: the three reasoning stages (`reasoning-stages.ts`);
 * - `graph`: the attack graph (`attack-graph.ts`, built by `correlate`'s `buildAttackGraph`);
 * - `correlation`: why its alerts were merged or kept apart (`correlation-explanation.ts`);
 * - `indicatorHits`: the threat-intelligence matches on its events;
 * - `citations`: what retrieval handed to reasoning (past incidents, CTI documents);
 * - `knowledgeReuse`: how many claims cite retrieved items;
 * - `related`: incidents of other partitions sharing an entity (scaled-out deployments);
 * - `supersededBy`: the incident a later merge folded this one into.
 */
import { z } from 'zod';
import { attackGraphSchema } from './attack-graph.js';
import { correlationExplanationSchema } from './correlation-explanation.js';
import { observableTypeSchema } from './observable.js';
import { attackSequenceSchema, incidentContextSchema, responsePlanSchema } from './reasoning-stages.js';

/** One threat-intelligence indicator matched on one event of the incident. */
export const indicatorHitSchema = z.object({
  eventId: z.string(),
  indicatorId: z.string(),
  source: z.string(),
  confidence: z.number(),
  /** The indicator's observable type, for value indicators. */
  type: observableTypeSchema.optional(),
  /** The event field that matched (`destination.ip`, …) and its value. */
  field: z.string(),
  value: z.string(),
});
export type IndicatorHit = z.infer<typeof indicatorHitSchema>;

/** One item retrieval found for the incident and handed to reasoning as citable evidence. */
export const retrievalCitationSchema = z.object({
  id: z.string(),
  kind: z.enum(['incident', 'document']),
  source: z.string(),
  title: z.string(),
  techniques: z.array(z.string()),
  verdict: z.string().optional(),
  score: z.number(),
});
export type RetrievalCitation = z.infer<typeof retrievalCitationSchema>;

export const knowledgeReuseSchema = z.object({
  /** Citations of past incidents (`incident` evidence other than the incident itself). */
  incidentCitations: z.number().int().min(0),
  /** Citations of CTI documents (`document` evidence). */
  documentCitations: z.number().int().min(0),
  /** Distinct retrieved items cited. */
  distinctItems: z.number().int().min(0),
});
export type KnowledgeReuse = z.infer<typeof knowledgeReuseSchema>;

export const relatedIncidentSchema = z.object({ incidentId: z.string(), via: z.array(z.string()) });
export type RelatedIncident = z.infer<typeof relatedIncidentSchema>;

export const incidentArtifactsSchema = z
  .object({
    context: incidentContextSchema,
    sequence: attackSequenceSchema,
    plan: responsePlanSchema,
    graph: attackGraphSchema,
    correlation: correlationExplanationSchema,
    indicatorHits: z.array(indicatorHitSchema),
    citations: z.array(retrievalCitationSchema),
    knowledgeReuse: knowledgeReuseSchema,
    related: z.array(relatedIncidentSchema),
    supersededBy: z.string(),
  })
  .partial()
  .strict()
  .meta({ description: 'What Vigil keeps beside an incident: stage outputs, attack graph, explanations' });
export type IncidentArtifacts = z.infer<typeof incidentArtifactsSchema>;
export type IncidentArtifactKey = keyof IncidentArtifacts;
