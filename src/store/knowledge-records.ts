/**
 * The records the knowledge store keeps (zod, the single source of truth for their shape).
 * Core's `Feedback` stays the analyst-facing record; these add what learning needs to query:
 * the rules behind a verdict, the action type and target kind behind a decision.
 */
import { z } from 'zod';
import { actionTypeSchema, evidenceRefSchema, targetKindSchema, tlpSchema, verdictSchema } from '../core/index.js';

const isoTime = z.iso.datetime({ offset: true });

/** An analyst's verdict on an incident, with the detection rules that produced it (for rule precision). */
export const verdictRecordSchema = z.object({
  incidentId: z.string().min(1),
  verdict: verdictSchema,
  ruleIds: z.array(z.string()).default([]),
  author: z.string().min(1),
  decidedAt: isoTime,
  comment: z.string().optional(),
});
export type VerdictRecord = z.infer<typeof verdictRecordSchema>;

/** What happened to one proposed action: run by the policy, approved, rejected (with reason) or edited by an analyst. */
export const actionDecisionRecordSchema = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  proposalId: z.string().min(1),
  actionType: actionTypeSchema,
  target: z.object({ kind: targetKindSchema, value: z.string().min(1) }),
  decision: z.enum(['auto', 'approved', 'rejected', 'edited']),
  reason: z.string().optional(),
  author: z.string().min(1),
  decidedAt: isoTime,
});
export type ActionDecisionRecord = z.infer<typeof actionDecisionRecordSchema>;

/** A benign pattern an analyst does not want alerted again: a rule, optionally on one entity. Revoked, never deleted. */
export const suppressionSchema = z.object({
  id: z.string().min(1),
  ruleId: z.string().min(1),
  /** Entity key as `kind:value` (`host:ws-01`, `user:svc-backup`, `ip:10.0.0.5`, `process:c:\\tools\\x.exe`); absent: everywhere. */
  entity: z.string().min(3).optional(),
  reason: z.string().min(1),
  author: z.string().min(1),
  createdAt: isoTime,
  /** The incident whose review produced it. */
  incidentId: z.string().optional(),
  revokedAt: isoTime.optional(),
  revokedBy: z.string().optional(),
  hits: z.number().int().nonnegative().default(0),
  lastHitAt: isoTime.optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

/** Where a learned indicator came from: the incident and the evidence in it. */
export const indicatorProvenanceSchema = z.object({
  indicatorId: z.string().min(1),
  incidentId: z.string().min(1),
  evidence: z.array(evidenceRefSchema).min(1),
  tlp: tlpSchema,
  createdAt: isoTime,
});
export type IndicatorProvenance = z.infer<typeof indicatorProvenanceSchema>;

/** Known indicators seen again in an incident. */
export const indicatorSightingRecordSchema = z.object({
  indicatorId: z.string().min(1),
  incidentId: z.string().min(1),
  seenAt: isoTime,
  count: z.number().int().positive(),
});
export type IndicatorSightingRecord = z.infer<typeof indicatorSightingRecordSchema>;

/** An incident shared with a community (TAXII collection, MISP server): requested, approved, published. */
export const publicationRecordSchema = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  format: z.enum(['stix', 'misp']),
  destination: z.string().min(1),
  status: z.enum(['pending', 'approved', 'rejected', 'published', 'failed']),
  requestedBy: z.string().min(1),
  approvedBy: z.string().optional(),
  tlp: tlpSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  detail: z.string().optional(),
});
export type PublicationRecord = z.infer<typeof publicationRecordSchema>;
