import { z } from 'zod';
import { tacticSchema, techniqueIdSchema } from './attack.js';
import { evidenceRefSchema } from './evidence.js';
import { severitySchema } from './severity.js';

export const incidentStatusSchema = z.enum(['new', 'investigating', 'contained', 'resolved', 'closed']);

/** The entities an incident involves, by kind. */
export const incidentEntitiesSchema = z.object({
  hosts: z.array(z.string()).default([]),
  users: z.array(z.string()).default([]),
  ips: z.array(z.string()).default([]),
  domains: z.array(z.string()).default([]),
  hashes: z.array(z.string()).default([]),
  processes: z.array(z.string()).default([]),
  files: z.array(z.string()).default([]),
});
export type IncidentEntities = z.infer<typeof incidentEntitiesSchema>;

/** One kill-chain stage reached in an incident: a tactic, its techniques and when it was seen. */
export const attackStageSchema = z.object({
  tactic: tacticSchema,
  techniques: z.array(techniqueIdSchema),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  evidence: z.array(evidenceRefSchema).min(1),
});
export type AttackStage = z.infer<typeof attackStageSchema>;

/** Related alerts and events grouped into one attack story. */
export const incidentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    severity: severitySchema,
    status: incidentStatusSchema.default('new'),
    alertIds: z.array(z.string()),
    /** Event ids behind the alerts (capped sample for very large incidents). */
    eventIds: z.array(z.string()),
    entities: incidentEntitiesSchema,
    techniques: z.array(techniqueIdSchema),
    tactics: z.array(tacticSchema),
    /** Stages in kill-chain order. */
    stages: z.array(attackStageSchema),
    firstSeen: z.iso.datetime({ offset: true }),
    lastSeen: z.iso.datetime({ offset: true }),
    /** Why these alerts were grouped (shared entities). */
    groupedBy: z.array(z.string()).default([]),
  })
  .meta({ description: 'Related alerts grouped into one attack story' });
export type Incident = z.infer<typeof incidentSchema>;
